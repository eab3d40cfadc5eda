import Foundation
import SimKernel
import Testing

@testable import PerfModel

@Suite struct PipelineBehaviourTests {
    static func run(_ scenario: String, _ settings: [(String, String)], seconds: Double, seed: UInt64 = 1)
        throws -> Simulation
    {
        var k = try Presets.named(scenario)!.knobs()
        for (n, v) in settings { try k.set(n, text: v) }
        var run = HeadlessRun(
            scenarioName: scenario, knobs: k, seed: seed, duration: Time.fromSeconds(seconds), warmup: 0)
        run.drainLimit = 600 * Time.second
        return try run.execute().simulation
    }

    /// offered = completed + rejected + dropped once drained; completed = succeeded + failed + timed out.
    @Test(arguments: [
        ("checkout", [("load.write_ratio", "20%"), ("db.error_rate", "2%")]),
        ("retry-storm", [("backend.1.slowdown", "3")]),
        ("backpressure", [("channel.full_mode", "drop_oldest")]),
        ("backpressure", [("channel.full_mode", "drop_newest")]),
        ("backpressure", [("channel.full_mode", "drop_write")]),
        ("stampede", [("cache.coalesce", "true")]),
        ("checkout", [("bulkhead.enabled", "true"), ("bulkhead.limit", "5"), ("cache.write", "behind")]),
        (
            "checkout",
            [("backend.2.down", "true"), ("breaker.minimum_calls", "20"), ("cache.write", "through")]
        ),
    ])
    func requestsAreConserved(_ scenario: String, _ settings: [(String, String)]) throws {
        let p = try Self.run(scenario, settings, seconds: 20)
        let t = p.total
        #expect(p.inFlight == 0)
        #expect(t.offered > 0)
        #expect(t.offered == t.completed + t.rejected + t.dropped)
        #expect(t.completed == t.succeeded + t.failed + t.timedOut)
    }

    /// With error rate p and r retries, attempts per request are 1 + p + … + p^r and a
    /// share p^(r+1) of requests fail.
    @Test(arguments: [(0.2, 3), (0.5, 2), (0.1, 1)])
    func retriesAmplifyLoadAsTheorySays(p: Double, r: Int) throws {
        let pl = try Self.run(
            "mmc",
            [
                ("db.error_rate", String(p)), ("retry.max", String(r)), ("retry.backoff", "0"),
                ("load.rate", "100"),
            ], seconds: 10_000)
        let n = Double(pl.total.offered)
        let attempts = Double(pl.backendTotals().map(\.counters.requests).reduce(0, +))
        let expectedAttempts = (0...r).map { pow(p, Double($0)) }.reduce(0, +)
        let failShare = pow(p, Double(r + 1))
        // Attempts per request: variance p(1-p)-ish per request; 1M requests → 0.3% is ~5 sd.
        #expect(abs(attempts / n / expectedAttempts - 1) < 0.005)
        let sd = (failShare * (1 - failShare) / n).squareRoot()
        #expect(abs(Double(pl.total.failed) / n - failShare) < 5 * sd + 1e-9)
        #expect(pl.total.retried == UInt64(attempts - n))
    }

    /// LRU in the pipeline under Zipf keys agrees with Che's approximation within 0.01.
    @Test(arguments: [(0.8, 1000), (1.0, 500), (1.2, 2000)])
    func lruHitRatioMatchesChesApproximation(alpha: Double, capacity: Int) throws {
        let keys = 20_000
        var k = try Presets.named("mmc")!.knobs()
        for (n, v) in [
            ("l1.enabled", "true"), ("l1.policy", "lru"), ("l1.capacity", String(capacity)),
            ("l1.ttl", "off"),
            ("keys.distribution", "zipf"), ("keys.zipf", String(alpha)), ("keys.count", String(keys)),
            ("db.service", "1us"), ("db.distribution", "const"), ("db.pool", "64"), ("load.rate", "10k"),
        ] {
            try k.set(n, text: v)
        }
        let pl = try Simulation(knobs: k, seed: 11)
        pl.advance(to: 20 * Time.second)
        pl.startStatistics()
        pl.advance(to: 120 * Time.second)
        let che = Self.cheHitRatio(alpha: alpha, keys: keys, capacity: capacity)
        #expect(abs(pl.total.l1HitRatio - che) < 0.01, "simulated \(pl.total.l1HitRatio) vs Che \(che)")
    }

    /// Che, Tung and Wang (2002): the characteristic time T solves Σ(1 − e^(−p_i T)) = C and
    /// the hit ratio is Σ p_i (1 − e^(−p_i T)).
    static func cheHitRatio(alpha: Double, keys: Int, capacity: Int) -> Double {
        var p = (1...keys).map { pow(Double($0), -alpha) }
        let norm = p.reduce(0, +)
        p = p.map { $0 / norm }
        func occupancy(_ t: Double) -> Double { p.reduce(0) { $0 + 1 - exp(-$1 * t) } }
        var lo = 0.0, hi = 1.0
        while occupancy(hi) < Double(capacity) { hi *= 2 }
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if occupancy(mid) < Double(capacity) { lo = mid } else { hi = mid }
        }
        let t = (lo + hi) / 2
        return p.reduce(0) { $0 + $1 * (1 - exp(-$1 * t)) }
    }

    @Test func coalescingCuresTheStampede() throws {
        let storm = try Self.run("stampede", [], seconds: 30)
        let cured = try Self.run("stampede", [("cache.coalesce", "true")], seconds: 30)
        let a = storm.backendTotals().map(\.counters.requests).reduce(0, +)
        let b = cured.backendTotals().map(\.counters.requests).reduce(0, +)
        // With single flight each expiry of each of the 50 keys costs exactly one backend
        // read: fills at 0, 5, …, 25 s are 6 rounds of 50. Without it every request that
        // misses during a fill goes to the backend too.
        #expect(b == 50 * 6)
        #expect(a > 3 * b)
    }

    @Test func breakerOpensWhenABackendFailsAndRejectsAtOnce() throws {
        let p = try Self.run(
            "checkout",
            [
                ("backends.count", "1"), ("backend.1.down", "true"), ("breaker.minimum_calls", "20"),
                ("lb.eject_failures", "0"),
                ("breaker.open_duration", "2s"),
            ], seconds: 10)
        #expect(p.services[0].upstreams[0].breaker.openedCount >= 2)
        #expect(p.total.breakerRejected > 0)
        #expect(p.total.rejected >= p.total.breakerRejected)
    }

    @Test func ejectionSkipsADownBackend() throws {
        let p = try Self.run(
            "slow-replica",
            [("backend.2.down", "true"), ("lb.eject_failures", "5"), ("lb.eject_time", "30s")],
            seconds: 20)
        let reqs = p.backendTotals().map(\.counters.requests)
        // Ejected after 5 consecutive failures, for 30 s: backend 2 sees only a handful.
        #expect(reqs[1] < 20)
        #expect(reqs[0] > 10_000 && reqs[2] > 10_000)
    }

    @Test func timeoutsLeaveTheBackendWorking() throws {
        let p = try Self.run(
            "mmc", [("timeout", "5ms"), ("db.service", "10ms"), ("load.rate", "100")], seconds: 100)
        #expect(p.total.timedOut > 0)
        #expect(p.total.wastedJobs > 0)
        #expect(p.total.wastedJobs <= p.total.attemptTimeouts)
    }
}

@Suite struct FlatMemoryTests {
    /// Storage grows to the largest load seen, then stays: ten times longer, the same size.
    @Test func storageStaysFlatOverALongRun() throws {
        let p = try Simulation(knobs: Presets.named("checkout")!.knobs(), seed: 2)
        p.timelineLimit = 100
        p.advance(by: 100 * Time.second)
        let early = p.storageFootprint
        p.advance(by: 900 * Time.second)
        let late = p.storageFootprint
        #expect(late.frames <= Swift.max(early.frames * 2, 1024))
        #expect(late.jobSlots <= Swift.max(early.jobSlots * 2, 256))
        #expect(late.pendingEvents < 10_000)
        #expect(late.samples <= 100)
        #expect(p.samples.last?.t == 1000)
    }
}
