import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Envoy's panic threshold (`healthy_panic_threshold`, 50%): below that share of healthy
/// hosts, Envoy balances over every host, healthy or not.
@Suite struct PanicThresholdTests {
    static func spread(unhealthy: Int) -> [Int] {
        var lb = LoadBalancer(backendCount: 10, algorithm: .roundRobin)
        lb.panicThreshold = 0.5
        for h in 0..<unhealthy { lb.setEligible(h, false) }
        var rng = RandomStream(seed: 1, stream: "lb")
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<1000 { counts[lb.pick(now: 0, rng: &rng)!] += 1 }
        return counts
    }

    /// Envoy's documentation: 10 hosts, 6 unhealthy (40% healthy < 50%): traffic to all 10;
    /// 5 unhealthy (50% healthy): traffic to the healthy 5 only.
    @Test func belowTheThresholdTrafficGoesToEveryHost() {
        #expect(Self.spread(unhealthy: 6) == [Int](repeating: 100, count: 10))
        #expect(Self.spread(unhealthy: 5) == [0, 0, 0, 0, 0, 200, 200, 200, 200, 200])
    }

    /// One backend, down: ejection takes it out, panic puts it back, and its refusals reach
    /// the breaker, which opens; with panic off and ejection on, every call finds no
    /// backend, and that failure reaches the breaker too.
    @Test(arguments: ["50%", "0"]) func aSingleDownBackendOpensTheBreaker(_ panic: String) throws {
        var k = try Presets.named("checkout")!.knobs()
        for (n, v) in [
            ("backends.count", "1"), ("backend.1.down", "true"), ("breaker.minimum_calls", "20"),
            ("lb.eject_failures", "3"), ("lb.panic_threshold", panic), ("l1.enabled", "false"),
            ("l2.enabled", "false"),
        ] { try k.set(n, text: v) }
        let run = HeadlessRun(scenarioName: "down", knobs: k, seed: 2, duration: 10 * Time.second, warmup: 0)
        let p = try run.execute().simulation
        #expect(p.services[0].upstreams[0].breaker.openedCount >= 1)
        #expect(p.total.breakerRejected > 0)
    }
}
