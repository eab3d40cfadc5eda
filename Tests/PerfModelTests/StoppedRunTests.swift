import SimKernel
import Testing

@testable import PerfModel

/// `perflab run` stopped by Ctrl-C: ``HeadlessRun/stop`` is asked at every whole simulated
/// second. Asking changes nothing (the run goes in one-second slices, which the kernel's
/// ordering makes the same run), and a run stopped at t is the whole run up to t: the same
/// samples, second by second.
@Suite struct StoppedRunTests {
    /// `scenario` for 20 s after a 2.5 s warm-up with `script`; asked to stop as soon as
    /// its clock has reached `stopAt` (never when nil, always false when `ask` is false).
    static func run(_ scenario: String, stopAt: SimTime?, ask: Bool = true, script: String = "") throws
        -> Simulation
    {
        let sc = try Scenario.load(scenario)
        let knobs = try sc.knobs()
        var run = HeadlessRun(
            scenarioName: sc.name, topology: sc.topology, knobs: knobs, seed: 11, duration: 20 * Time.second,
            warmup: Time.fromSeconds(2.5))
        run.script = try KnobScript.parse(text: script, file: "s.txt", knobs: knobs)
        let sim = try Simulation(topology: sc.topology, knobs: knobs, seed: 11)
        if ask { run.stop = { stopAt.map { sim.now >= $0 } ?? false } }
        return try run.execute(simulation: sim).simulation
    }

    /// The samples without each service's figures, which the timeline keeps only for its
    /// newest samples (``Simulation/samplesWithServices``).
    static func headline(_ samples: some Sequence<Sample>) -> [Sample] {
        samples.map {
            var s = $0
            s.services = []
            return s
        }
    }

    @Test(arguments: [
        ("checkout", "3.3s load.rate=9k\n7s backend.1.down=true\n12.25s backend.1.down=false"),
        ("examples/shop.toml", "4.5s pricing.db.service=9ms\n9s pricing.instances=1"),
    ])
    func askingToStopChangesNothing(_ scenario: String, _ script: String) throws {
        let plain = try Self.run(scenario, stopAt: nil, ask: false, script: script)
        let asked = try Self.run(scenario, stopAt: nil, script: script)
        #expect(DeterminismTests.summary(plain) == DeterminismTests.summary(asked))
        #expect(plain.arrivalsStoppedAt != nil)
    }

    /// Asked in the drain too (it had gone on to its end, which in a heavy run is minutes of
    /// wall time with Ctrl-C unanswered): a ten-second drain of an overload's backlog stops
    /// at the first whole second it is told to, requests still in flight; asked and never
    /// told, it is the drain of a run that is never asked.
    @Test func aDrainStopsWhenAsked() throws {
        let script = "3s load.rate=40k"
        let end = Time.fromSeconds(22.5)
        let whole = try Self.run("checkout", stopAt: nil, ask: false, script: script)
        #expect(whole.now > end + 5 * Time.second && whole.inFlight == 0)
        let asked = try Self.run("checkout", stopAt: nil, script: script)
        #expect(DeterminismTests.summary(asked) == DeterminismTests.summary(whole))
        let stopped = try Self.run("checkout", stopAt: 25 * Time.second, script: script)
        #expect(stopped.now == 25 * Time.second)
        #expect(stopped.arrivalsStoppedAt == end)
        #expect(stopped.inFlight > 0)
        #expect(stopped.total.succeeded < whole.total.succeeded)
        #expect(Self.headline(stopped.samples) == Self.headline(whole.samples.prefix(stopped.samples.count)))
    }

    @Test(arguments: ["checkout", "examples/shop.toml"])
    func aStoppedRunIsTheWholeRunUpToItsStop(_ scenario: String) throws {
        let script = "3.3s load.rate=9k\n12.25s load.rate=2k"
        let whole = try Self.run(scenario, stopAt: nil, ask: false, script: script)
        // Asked at every whole second and at the warm-up's end and the changes between:
        // from 9 s on, it says yes, and the run stops there, its arrivals still running.
        let stopped = try Self.run(scenario, stopAt: 9 * Time.second, script: script)
        #expect(stopped.now == 9 * Time.second)
        #expect(stopped.arrivalsStoppedAt == nil)
        #expect(stopped.samples.count == 9)
        #expect(Self.headline(stopped.samples) == Self.headline(whole.samples.prefix(9)))
        // The knob change at 3.3 s is in both.
        #expect(stopped.knobs["load.rate"] == .number(9000))
    }
}
