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
        while next < marks.count {
            let t = marks[next]
            pipeline.advance(to: t)
            if t == warmup && warmup > 0 { pipeline.startStatistics() }
            for change in script where change.at == t {
                let name = try pipeline.knobs.resolve(change.name).name
                let old = pipeline.knobs[name]
                try pipeline.set(name, change.value)
                onKnob?(t, name, old, change.value)
            }
            while next < marks.count && marks[next] == t { next += 1 }
        }
        pipeline.advance(to: end)
        pipeline.stopArrivals()
        let drained = pipeline.drain(limit: end + drainLimit)
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (pipeline, wall, drained)
    }
}
