import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Coordinated omission (Gil Tene; wrk2): a closed load of N users in a loop, as the seed's
/// `LoadTestRunner`, sends nothing while it waits, so a stall of D shows in N samples only
/// and the raw p99 barely moves. Corrected as HdrHistogram's
/// `recordValueWithExpectedInterval` does, each stuck request adds the requests its user
/// would have sent, and the q-quantile is about D − (1 − q)·R over a run of R (fluid model:
/// the stall's samples fall evenly from D to 0).
@Suite struct CoordinatedOmissionTests {
    @Test func aStallHidesFromRawPercentilesButNotFromCorrectedOnes() throws {
        // The hidden-stall story: 10 users in a loop on 10 connections, 10 ms queries.
        let k = try Presets.named("hidden-stall")!.knobs()
        var run = HeadlessRun(scenarioName: "co", knobs: k, seed: 1, duration: 100 * Time.second, warmup: 0)
        run.script = [
            (at: 50 * Time.second, name: "backend.1.pause", value: .flag(true)),
            (at: 55 * Time.second, name: "backend.1.pause", value: .flag(false)),
        ]
        let p = try run.execute().simulation
        let raw = p.latency
        let corrected = try #require(p.correctedLatency)
        #expect(raw.percentileMs(99) < 20, "raw p99 \(raw.percentileMs(99)) ms")
        #expect(raw.maxMs > 4900)
        // D = 5 s, R = 100 s: p99 ≈ 5 − 0.01 × 100 = 4 s; p99.9 ≈ 5 − 0.001 × 100 = 4.9 s.
        #expect(
            abs(corrected.percentileMs(99) / 4000 - 1) < 0.1, "corrected p99 \(corrected.percentileMs(99)) ms"
        )
        #expect(
            abs(corrected.percentileMs(99.9) / 4900 - 1) < 0.1,
            "corrected p99.9 \(corrected.percentileMs(99.9)) ms")
        // An open load at a rate the pool serves, through the same stall, queues behind it:
        // its p99 shows the stall too.
        var o = k
        try o.set("load.model", text: "open")
        var open = HeadlessRun(
            scenarioName: "open", knobs: o, seed: 1, duration: 100 * Time.second, warmup: 0)
        open.script = run.script
        let q = try open.execute().simulation
        #expect(q.latency.percentileMs(99) > 2000, "open p99 \(q.latency.percentileMs(99)) ms")
        #expect(q.correctedLatency == nil)
    }
}
