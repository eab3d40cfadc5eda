import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Connection pools that leak (`db.leak`, the seed's undisposed connections) and queries
/// that give up waiting for a connection (`db.acquire_timeout`, HikariCP's
/// `connectionTimeout`).
@Suite struct PoolTests {
    static func knobs() throws -> KnobSet {
        var k = try Presets.named("mmc")!.knobs()
        for (n, v) in [
            ("db.pool", "10"), ("db.leak", "1%"), ("db.acquire_timeout", "100ms"),
            ("db.distribution", "const"),
            ("db.service", "1ms"), ("load.rate", "200"),
        ] { try k.set(n, text: v) }
        return k
    }

    /// Each query leaks its connection with probability 1/L: the M-th leak, which empties
    /// the pool, comes after a negative-binomial number of queries of mean M·L (10 × 100).
    @Test func aLeakingPoolRunsDryAfterAboutMTimesLQueries() throws {
        let k = try Self.knobs()
        var total = 0.0
        let runs = 40
        for seed in 1...runs {
            let p = try Simulation(knobs: k, seed: UInt64(seed))
            p.startStatistics()
            p.advance(to: 30 * Time.second)
            #expect(p.services[0].backends[0].leaked == 10)
            total += Double(p.total.succeeded)
        }
        let mean = total / Double(runs)
        #expect(abs(mean / 1000 - 1) < 0.1, "mean queries before the pool ran dry: \(mean)")
    }

    /// Once dry, every query waits `db.acquire_timeout` and fails; the queue of waiters
    /// holds about rate × timeout of them (200/s × 100 ms = 20), not everything that came.
    @Test func aDryPoolFailsEveryQueryAfterTheAcquireTimeout() throws {
        let p = try Simulation(knobs: try Self.knobs(), seed: 7)
        p.advance(to: 20 * Time.second)
        let late = p.samples.filter { $0.t > 15 }
        #expect(late.allSatisfy { $0.counters.succeeded == 0 })
        let offered = late.map(\.counters.offered).reduce(0, +)
        let failed = late.map(\.counters.failed).reduce(0, +)
        #expect(Double(failed) > 0.95 * Double(offered))
        #expect(p.services[0].backends[0].waiting.count <= 40)
        // Without the timeout the waiters pile up instead.
        var k = try Self.knobs()
        try k.set("db.acquire_timeout", text: "0")
        let q = try Simulation(knobs: k, seed: 7)
        q.advance(to: 20 * Time.second)
        #expect(q.services[0].backends[0].waiting.count > 1000)
    }
}
