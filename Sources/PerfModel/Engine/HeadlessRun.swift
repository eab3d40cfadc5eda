import Foundation
import SimKernel

/// A headless run: simulate a scenario for a duration after a warm-up, then drain.
public struct HeadlessRun {
    public var scenarioName: String
    public var topology: Topology
    public var knobs: KnobSet
    public var seed: UInt64
    public var duration: SimTime
    public var warmup: SimTime
    /// Timed knob changes (absolute simulated time, knob, value), applied in order.
    public var script: [(at: SimTime, name: String, value: KnobValue)] = []
    /// How long to let requests in flight finish after the end, at most.
    public var drainLimit: SimTime = 60 * Time.second
    /// Asked at every whole simulated second when set: once it says yes, the run stops
    /// where it is, without the rest of its span or the drain (the simulation's `now` is
    /// then short of the end), or, asked in the drain, without the rest of the drain (it
    /// returns `drained` false). Running in one-second slices changes no result: events
    /// come out in the same order whatever the slicing.
    public var stop: (() -> Bool)?

    public init(
        scenarioName: String, topology: Topology = .single, knobs: KnobSet, seed: UInt64, duration: SimTime,
        warmup: SimTime
    ) {
        self.scenarioName = scenarioName
        self.topology = topology
        self.knobs = knobs
        self.seed = seed
        self.duration = duration
        self.warmup = warmup
    }

    /// Runs to the end and returns the simulation, its wall time and whether it drained.
    /// `onKnob` hears each scripted change as it is applied (with the knob's full name).
    public func execute(
        simulation given: Simulation? = nil, onKnob: ((SimTime, String, KnobValue, KnobValue) -> Void)? = nil
    ) throws -> (simulation: Simulation, wallSeconds: Double, drained: Bool) {
        let pipeline = try given ?? Simulation(topology: topology, knobs: knobs, seed: seed)
        let clock = ContinuousClock()
        let start = clock.now
        let end = warmup + duration
        var marks: [SimTime] = script.map(\.at).filter { $0 < end }
        if warmup > 0 { marks.append(warmup) }
        marks.sort()
        var next = 0
        // Requests that arrive in the warm-up stay out of the statistics even when they
        // finish after it (offered = completed + rejected + dropped holds for what is counted).
        if warmup == 0 { pipeline.startStatistics() } else { pipeline.warmUp(until: warmup) }
        func stopped(before t: SimTime) -> Bool {
            guard let stop else {
                pipeline.advance(to: t)
                return false
            }
            while pipeline.now < t {
                if stop() { return true }
                pipeline.advance(to: Swift.min(t, (pipeline.now / Time.second + 1) * Time.second))
            }
            return false
        }
        func wallSeconds() -> Double { Time.seconds(clock.now - start) }
        while next < marks.count {
            let t = marks[next]
            if stopped(before: t) { return (pipeline, wallSeconds(), false) }
            if t == warmup && warmup > 0 { pipeline.startStatistics() }
            for change in script where change.at == t {
                let name = try pipeline.knobs.resolve(change.name).name
                let old = pipeline.knobs[name]
                try pipeline.set(name, change.value)
                onKnob?(t, name, old, change.value)
            }
            while next < marks.count && marks[next] == t { next += 1 }
        }
        if stopped(before: end) { return (pipeline, wallSeconds(), false) }
        pipeline.stopArrivals()
        let drained = pipeline.drain(limit: end + drainLimit, stop: stop)
        return (pipeline, wallSeconds(), drained)
    }
}
