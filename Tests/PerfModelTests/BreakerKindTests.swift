import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// `breaker.kind`: Polly's consecutive-failure breaker and the seed's cumulative one,
/// against the waiting-time formulas of Bernoulli trials.
@Suite struct BreakerKindTests {
    /// Calls until the breaker first opens, when each call fails with probability `p`.
    static func callsToOpen(_ config: CircuitBreaker.Config, p: Double, trials: Int, seed: UInt64) -> Double {
        var rng = RandomStream(seed: seed, stream: "bernoulli")
        var total = 0
        for _ in 0..<trials {
            var b = CircuitBreaker(config: config)
            var n = 0
            while b.state == .closed && n < 10_000_000 {
                n += 1
                _ =
                    rng.nextUnit() < p
                    ? b.onError(duration: 1, now: SimTime(n)) : b.onSuccess(duration: 1, now: SimTime(n))
            }
            total += n
        }
        return Double(total) / Double(trials)
    }

    /// The seed's breaker: k failures whatever the successes between them: a negative
    /// binomial waiting time, mean k/p (k = 5, p = 1%: 500 calls).
    @Test func aCumulativeBreakerOpensAfterKOverPCalls() {
        let c = CircuitBreaker.Config(kind: .cumulative, failureThreshold: 5)
        let mean = Self.callsToOpen(c, p: 0.01, trials: 4000, seed: 1)
        #expect(abs(mean / 500 - 1) < 0.03, "mean \(mean) calls")
    }

    /// Polly's: k failures in a row: the expected waiting time for a run of k successes of
    /// probability p in Bernoulli trials, (1 − p^k) / ((1 − p)·p^k) (k = 3, p = 0.3: 51.48).
    @Test func aConsecutiveBreakerNeedsARunOfKFailures() {
        let c = CircuitBreaker.Config(kind: .consecutive, failureThreshold: 3)
        let reference = (1 - pow(0.3, 3)) / (0.7 * pow(0.3, 3))
        let mean = Self.callsToOpen(c, p: 0.3, trials: 20_000, seed: 2)
        #expect(abs(mean / reference - 1) < 0.03, "mean \(mean) calls vs \(reference)")
    }

    /// resilience4j's defaults (50% of the last 100 calls, at least 100 calls) at a 1%
    /// error rate: P(≥ 50 failures in 100) ≈ 10⁻⁶⁴; it never opens.
    @Test func resilience4jDefaultsNeverOpenAtOnePercent() {
        var rng = RandomStream(seed: 3, stream: "bernoulli")
        var b = CircuitBreaker()
        for n in 1...1_000_000 {
            _ =
                rng.nextUnit() < 0.01
                ? b.onError(duration: 1, now: SimTime(n)) : b.onSuccess(duration: 1, now: SimTime(n))
        }
        #expect(b.openedCount == 0)
    }

    /// After the wait, one trial call decides, as in Polly: a success closes (and the count
    /// starts again from 0), a failure opens it again.
    @Test func halfOpenIsDecidedByOneTrialCall() {
        var b = CircuitBreaker(
            config: CircuitBreaker.Config(waitDurationInOpenState: 10, kind: .cumulative, failureThreshold: 2)
        )
        b.onError(duration: 1, now: 1)
        _ = b.onSuccess(duration: 1, now: 2)
        b.onError(duration: 1, now: 3)
        #expect(b.state == .open)
        let trial = b.tryAcquirePermission(now: 20)
        #expect(trial)
        #expect(b.state == .halfOpen)
        let second = b.tryAcquirePermission(now: 20)
        #expect(!second)
        b.onError(duration: 1, now: 21)
        #expect(b.state == .open)
        let again = b.tryAcquirePermission(now: 40)
        #expect(again)
        _ = b.onSuccess(duration: 1, now: 41)
        #expect(b.state == .closed && b.failureCount == 0)
    }

    /// The seed's breaker on a healthy backend (1% errors): it opens again and again, and
    /// refuses a large share of the calls; resilience4j's never opens.
    @Test func theSeedsBreakerOpensOnAHealthyBackend() throws {
        func run(_ kind: String) throws -> Simulation {
            var k = try Presets.named("seed-breaker")!.knobs()
            try k.set("breaker.kind", text: kind)
            let r = HeadlessRun(
                scenarioName: "seed-breaker", knobs: k, seed: 4, duration: 60 * Time.second, warmup: 0)
            return try r.execute().simulation
        }
        let seed = try run("cumulative")
        #expect(seed.services[0].upstreams[0].breaker.openedCount >= 5)
        #expect(Double(seed.total.breakerRejected) > 0.3 * Double(seed.total.offered))
        let r4j = try run("sliding")
        #expect(r4j.services[0].upstreams[0].breaker.openedCount == 0)
        #expect(r4j.total.breakerRejected == 0)
    }
}
