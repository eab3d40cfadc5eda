import SimKernel

@testable import PerfModel

/// A headless run of a preset (with some knobs changed and a script of timed changes) that
/// keeps the model's events, for the tests of the stories and of the patterns they show.
struct StoryRun {
    let simulation: Simulation
    let events: [ModelEvent]

    init(
        _ preset: String, _ settings: [(String, String)] = [], script: [(Double, String, String)] = [],
        seconds: Double, seed: UInt64 = 1, latencies: ((Int64) -> Void)? = nil
    ) throws {
        var k = try Presets.named(preset)!.knobs()
        for (n, v) in settings { try k.set(n, text: v) }
        var run = HeadlessRun(
            scenarioName: preset, knobs: k, seed: seed, duration: Time.fromSeconds(seconds), warmup: 0)
        run.script = try script.map { (at, name, text) in
            (at: Time.fromSeconds(at), name: name, value: try KnobRegistry.spec(name).parse(text))
        }
        let p = try Simulation(knobs: k, seed: seed)
        var seen: [ModelEvent] = []
        p.onEvent = { seen.append($0) }
        p.latencyProbe = latencies
        simulation = try run.execute(simulation: p).simulation
        events = seen
    }

    /// The events of `kind` whose subject starts with `subject`.
    func events(_ kind: ModelEvent.Kind, _ subject: String = "") -> [ModelEvent] {
        events.filter { $0.kind == kind && $0.subject.hasPrefix(subject) }
    }

    /// Backend `b`'s queries in the per-second samples whose end is in `range` (seconds).
    func requests(backend b: Int, in range: ClosedRange<Double>) -> UInt64 {
        simulation.samples.filter { range.contains($0.t) }.reduce(0) { $0 + $1.backends[b].counters.requests }
    }

    /// The end-to-end counters of the samples whose end is in `range`.
    func counters(in range: ClosedRange<Double>) -> Counters {
        simulation.samples.filter { range.contains($0.t) }.reduce(Counters()) { $0 + $1.counters }
    }
}
