import Foundation
import SimKernel

/// A headless run: simulate a scenario for a duration after a warm-up, then drain.
public struct HeadlessRun {
    public var scenarioName: String
    public var knobs: KnobSet
    public var seed: UInt64
    public var duration: SimTime
    public var warmup: SimTime
    /// Timed knob changes (absolute simulated time, knob, value), applied in order.
    public var script: [(at: SimTime, name: String, value: KnobValue)] = []
    /// How long to let requests in flight finish after the end, at most.
    public var drainLimit: SimTime = 60 * Time.second

    public init(scenarioName: String, knobs: KnobSet, seed: UInt64, duration: SimTime, warmup: SimTime) {
        self.scenarioName = scenarioName
        self.knobs = knobs
        self.seed = seed
        self.duration = duration
        self.warmup = warmup
    }

    /// Runs to the end and returns the pipeline, its wall time and whether it drained.
    /// `onKnob` hears each scripted change as it is applied.
    public func execute(pipeline p: Pipeline? = nil, onKnob: ((SimTime, String, KnobValue, KnobValue) -> Void)? = nil)
        throws -> (pipeline: Pipeline, wallSeconds: Double, drained: Bool)
    {
        let pipeline = try p ?? Pipeline(knobs: knobs, seed: seed)
        let clock = ContinuousClock()
        let start = clock.now
        let end = warmup + duration
        var marks: [SimTime] = script.map(\.at).filter { $0 < end }
        if warmup > 0 { marks.append(warmup) }
        marks.sort()
        var next = 0
        if warmup == 0 { pipeline.startStatistics() }
        while next < marks.count {
            let t = marks[next]
            pipeline.advance(to: t)
            if t == warmup && warmup > 0 && pipeline.statsStart == 0 { pipeline.startStatistics() }
            for change in script where change.at == t {
                let old = pipeline.knobs[change.name]
                try pipeline.set(change.name, change.value)
                onKnob?(t, change.name, old, change.value)
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
