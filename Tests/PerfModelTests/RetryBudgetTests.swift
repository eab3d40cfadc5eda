import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Finagle's retry budget: with every call failing and retries allowed without limit per
/// call, retries are at most `retry.budget` of the calls plus `retry.budget_min` per second.
@Suite struct RetryBudgetTests {
    static func run(budget: String, min: String, seconds: Double = 60) throws -> Simulation {
        var k = try Presets.named("mmc")!.knobs()
        for (n, v) in [
            ("db.error_rate", "100%"), ("retry.max", "100"), ("retry.backoff", "0"), ("load.rate", "1000"),
            ("retry.budget", budget), ("retry.budget_min", min),
        ] { try k.set(n, text: v) }
        let p = try Simulation(knobs: k, seed: 1)
        p.startStatistics()
        p.advance(to: Time.fromSeconds(seconds))
        return p
    }

    /// 20% of 1000 calls/s plus 10/s: about 0.21 retries per call, whatever retry.max says.
    @Test func retriesStayWithinTheBudget() throws {
        let p = try Self.run(budget: "20%", min: "10")
        let perCall = Double(p.total.retried) / Double(p.total.offered)
        #expect(perCall <= 0.2 + 10.0 / 1000 + 0.005, "retries per call \(perCall)")
        #expect(perCall >= 0.19, "the budget is used: \(perCall)")
    }

    /// With no share, only the reserve: 10 retries per second (plus the first window's 100).
    @Test func theReserveAloneAllowsMinPerSecond() throws {
        let p = try Self.run(budget: "0.0001%", min: "10", seconds: 100)
        let perSecond = Double(p.total.retried) / 100
        #expect(perSecond >= 9 && perSecond <= 11.5, "retries per second \(perSecond)")
    }

    /// Without a budget every call retries 100 times.
    @Test func withoutABudgetEveryRetryIsMade() throws {
        let p = try Self.run(budget: "0", min: "10", seconds: 5)
        #expect(Double(p.total.retried) > 90 * Double(p.total.failed))
    }
}
