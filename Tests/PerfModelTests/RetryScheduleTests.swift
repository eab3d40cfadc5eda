import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// `retry.delays`: the seed's fixed schedule (`DatabaseConnectionManager`: 100 ms, 500 ms,
/// 1 s), which replaces the exponential backoff and draws no jitter.
@Suite struct RetryScheduleTests {
    /// With a constant 1 ms query that fails with probability 1/2 and three retries on the
    /// schedule 100 ms, 500 ms, 1 s, a request that succeeds at its (k+1)-th attempt takes
    /// exactly (k+1) ms plus the first k delays: 1, 102, 603 or 1604 ms, with probabilities
    /// proportional to 1/2, 1/4, 1/8, 1/16.
    @Test func aFixedScheduleGivesExactlyTheScheduledLatencies() throws {
        var k = try Presets.named("mmc")!.knobs()
        for (n, v) in [
            ("db.distribution", "const"), ("db.service", "1ms"), ("db.error_rate", "50%"), ("retry.max", "3"),
            ("retry.delays", "100ms,500ms,1s"), ("load.rate", "50"),
        ] { try k.set(n, text: v) }
        let p = try Simulation(knobs: k, seed: 3)
        var seen: [Int64: Int] = [:]
        p.latencyProbe = { seen[$0, default: 0] += 1 }
        p.advance(to: 2000 * Time.second)
        #expect(Set(seen.keys) == [1_000_000, 102_000_000, 603_000_000, 1_604_000_000])
        let n = Double(seen.values.reduce(0, +))
        for (lat, share) in [
            (Int64(1_000_000), 8.0 / 15), (102_000_000, 4.0 / 15), (603_000_000, 2.0 / 15),
            (1_604_000_000, 1.0 / 15),
        ] {
            let got = Double(seen[lat] ?? 0) / n
            #expect(abs(got - share) < 0.02, "\(lat / 1_000_000) ms: \(got) vs \(share)")
        }
    }

    @Test func theScheduleParsesAndPrints() throws {
        let spec = try KnobRegistry.spec("retry.delays")
        #expect(try spec.parse("100ms,500ms,1s") == .list([1e8, 5e8, 1e9]))
        #expect(spec.format(try spec.parse("100ms, 500ms ,1s")) == "100ms,500ms,1s")
        #expect(try spec.parse("off") == .list([]))
        #expect(spec.format(.list([])) == "off")
        #expect(throws: InputError.self) { try spec.parse("100ms,soon") }
    }
}
