import SimKernel
import Testing

@testable import PerfModel

@Suite struct LoadBalancerTests {
    let ms = Time.millisecond

    func picks(_ lb: inout LoadBalancer, _ n: Int, seed: UInt64 = 7) -> [Int] {
        var rng = RandomStream(seed: seed)
        return (0..<n).map { _ in lb.pick(now: 0, rng: &rng)! }
    }

    func histogram(_ xs: [Int], _ n: Int) -> [Int] {
        var h = [Int](repeating: 0, count: n)
        for x in xs { h[x] += 1 }
        return h
    }

    @Test func algorithmRawValuesAreKnobNames() {
        #expect(
            LoadBalancer.Algorithm.allCases.map(\.rawValue)
                == [
                    "round_robin", "weighted_round_robin", "interleaved_wrr", "least_connections", "p2c",
                    "random", "ewma",
                ])
    }

    // MARK: Interleaved weighted round robin (LVS, the seed's balancer)

    /// LVS's `ip_vs_wrr_schedule` (and the seed's `WeightedRoundRobinLoadBalancer`):
    /// 4, 3, 2 → a a b a b c a b c; 5, 1, 1 → a a a a a b c.
    @Test func interleavedWRRGivesLVSSequences() {
        var lb = LoadBalancer(backendCount: 3, algorithm: .interleavedWRR, weights: [4, 3, 2])
        #expect(picks(&lb, 18).map { ["a", "b", "c"][$0] }.joined() == "aababcabc" + "aababcabc")
        var lb2 = LoadBalancer(backendCount: 3, algorithm: .interleavedWRR, weights: [5, 1, 1])
        #expect(picks(&lb2, 14).map { ["a", "b", "c"][$0] }.joined() == "aaaaabc" + "aaaaabc")
        // The gcd step: 4, 2 behaves as 2, 1.
        var lb3 = LoadBalancer(backendCount: 2, algorithm: .interleavedWRR, weights: [4, 2])
        #expect(picks(&lb3, 6).map { ["a", "b"][$0] }.joined() == "aabaab")
    }

    /// The drift from fair shares: with 5, 1, 1 the largest gap between backend a's picks
    /// and its share 5k/7 after k picks is 10/7 for LVS (a a a a a) against 4/7 for nginx's
    /// smooth rotation: the seed's balancer sends its bursts to the heavy backend.
    @Test func interleavedWRRIsBurstierThanNginx() {
        func drift(_ algorithm: LoadBalancer.Algorithm) -> Double {
            var lb = LoadBalancer(backendCount: 3, algorithm: algorithm, weights: [5, 1, 1])
            var a = 0
            var worst = 0.0
            for (k, p) in picks(&lb, 70).enumerated() {
                if p == 0 { a += 1 }
                worst = max(worst, abs(Double(a) - 5 * Double(k + 1) / 7))
            }
            return worst
        }
        #expect(abs(drift(.interleavedWRR) - 10.0 / 7) < 1e-9)
        #expect(abs(drift(.weightedRoundRobin) - 4.0 / 7) < 1e-9)
    }

    @Test func interleavedWRRSkipsIneligibleAndIsExactOverEachPeriod() {
        var lb = LoadBalancer(backendCount: 3, algorithm: .interleavedWRR, weights: [4, 3, 2])
        #expect(histogram(picks(&lb, 900), 3) == [400, 300, 200])
        lb.setEligible(0, false)
        #expect(histogram(picks(&lb, 500), 3) == [0, 300, 200])
    }

    // MARK: Smooth weighted round robin (nginx)

    @Test func smoothWeightedRoundRobinGivesNginxSequenceFor511() {
        var lb = LoadBalancer(backendCount: 3, algorithm: .weightedRoundRobin, weights: [5, 1, 1])
        let letters = picks(&lb, 14).map { ["a", "b", "c"][$0] }.joined()
        #expect(letters == "aabacaa" + "aabacaa")
    }

    @Test func smoothWeightedRoundRobinIsExactOverEachPeriod() {
        for weights in [[3, 2, 1], [7, 3], [1, 1, 1, 1], [10, 0, 5], [2, 9, 4, 1]] {
            var lb = LoadBalancer(
                backendCount: weights.count, algorithm: .weightedRoundRobin, weights: weights)
            let total = weights.reduce(0, +)
            let h = histogram(picks(&lb, total * 100), weights.count)
            #expect(h == weights.map { $0 * 100 }, "weights \(weights)")
            // Smooth: within one period no backend of weight w gets more than w picks.
            var lb2 = LoadBalancer(
                backendCount: weights.count, algorithm: .weightedRoundRobin, weights: weights)
            #expect(histogram(picks(&lb2, total), weights.count) == weights)
        }
    }

    @Test func smoothWeightedRoundRobinSkipsIneligible() {
        var lb = LoadBalancer(backendCount: 3, algorithm: .weightedRoundRobin, weights: [5, 1, 1])
        lb.setEligible(1, false)
        let h = histogram(picks(&lb, 600), 3)
        #expect(h == [500, 0, 100])
    }

    @Test func settingWeightsRestartsTheSequence() {
        var lb = LoadBalancer(backendCount: 3, algorithm: .weightedRoundRobin)
        _ = picks(&lb, 2)
        lb.setWeights([5, 1, 1])
        #expect(picks(&lb, 7) == [0, 0, 1, 0, 2, 0, 0])
        lb.setWeight(0, 1)
        #expect(picks(&lb, 6) == [0, 1, 2, 0, 1, 2])
    }

    // MARK: Round robin

    @Test func roundRobinCyclesAndSkipsIneligible() {
        var lb = LoadBalancer(backendCount: 3, algorithm: .roundRobin, weights: [9, 1, 1])
        #expect(picks(&lb, 6) == [0, 1, 2, 0, 1, 2])  // weights ignored
        lb.setEligible(1, false)
        #expect(picks(&lb, 4) == [0, 2, 0, 2])
        lb.setEligible(1, true)
        #expect(picks(&lb, 3) == [0, 1, 2])
        lb.setEligible(2, false)
        _ = picks(&lb, 1)  // 0
        lb.setEligible(2, true)
        #expect(picks(&lb, 3) == [1, 2, 0])
    }

    @Test func noEligibleBackendGivesNil() {
        for algorithm in LoadBalancer.Algorithm.allCases {
            var lb = LoadBalancer(backendCount: 2, algorithm: algorithm)
            var rng = RandomStream(seed: 1)
            lb.setEligible(0, false)
            lb.setEligible(1, false)
            #expect(lb.pick(now: 0, rng: &rng) == nil)
            #expect(lb.eligibleCount == 0)
            lb.setEligible(1, true)
            #expect(lb.pick(now: 0, rng: &rng) == 1)
            lb.setWeight(1, 0)  // weight 0 takes a backend out too
            #expect(lb.pick(now: 0, rng: &rng) == nil)
        }
    }

    // MARK: Least connections

    @Test func leastConnectionsPicksTheMinimum() {
        var lb = LoadBalancer(backendCount: 4, algorithm: .leastConnections)
        for (i, n) in [3, 1, 2, 5].enumerated() { for _ in 0..<n { lb.onStart(i) } }
        #expect(picks(&lb, 1) == [1])
        lb.onStart(1)
        lb.onStart(1)  // 3, 3, 2, 5
        #expect(picks(&lb, 1) == [2])
        lb.setEligible(2, false)  // 3, 3, -, 5: a tie between 0 and 1
        let p = picks(&lb, 1)[0]
        #expect(p == 0 || p == 1)
        lb.onFinish(3, latency: ms, now: 0)
        #expect(lb.activeRequests(3) == 4)
    }

    @Test func leastConnectionsBreaksTiesRoundRobin() {
        var lb = LoadBalancer(backendCount: 3, algorithm: .leastConnections)
        #expect(picks(&lb, 6) == [0, 1, 2, 0, 1, 2])
        // As requests are started on each pick, it fills the lightest backend first.
        var rng = RandomStream(seed: 1)
        var lb2 = LoadBalancer(backendCount: 3, algorithm: .leastConnections)
        lb2.onStart(0)
        lb2.onStart(0)
        var got: [Int] = []
        for _ in 0..<4 {
            let i = lb2.pick(now: 0, rng: &rng)!
            lb2.onStart(i)
            got.append(i)
        }
        #expect(got == [1, 2, 1, 2])
    }

    @Test func leastConnectionsWeighsByWeightAsNginx() {
        var lb = LoadBalancer(backendCount: 2, algorithm: .leastConnections, weights: [3, 1])
        lb.onStart(0)
        lb.onStart(0)
        lb.onStart(1)  // 2/3 < 1/1
        #expect(picks(&lb, 1) == [0])
        lb.onStart(0)  // 3/3 = 1/1: tie, the scan starts after the last pick (0)
        #expect(picks(&lb, 1) == [1])
    }

    // MARK: P2C

    @Test func p2cNeverPicksTheMostLoadedOfThree() {
        for loads in [[5, 1, 1], [1, 9, 0], [2, 3, 4]] {
            var lb = LoadBalancer(backendCount: 3, algorithm: .p2c)
            for (i, n) in loads.enumerated() { for _ in 0..<n { lb.onStart(i) } }
            let heaviest = loads.firstIndex(of: loads.max()!)!
            let h = histogram(picks(&lb, 10_000, seed: 11), 3)
            #expect(h[heaviest] == 0, "loads \(loads): \(h)")
        }
    }

    @Test func p2cPicksTheLighterOfTwoAlways() {
        var lb = LoadBalancer(backendCount: 2, algorithm: .p2c)
        lb.onStart(0)
        #expect(histogram(picks(&lb, 1000), 2) == [0, 1000])
    }

    @Test func p2cIsUniformUnderEqualLoad() {
        var lb = LoadBalancer(backendCount: 4, algorithm: .p2c)
        let n = 40_000
        let h = histogram(picks(&lb, n, seed: 3), 4)
        // Expected 10 000 each; the standard deviation is about 87.
        for c in h { #expect(abs(c - n / 4) < 600, "\(h)") }
    }

    @Test func p2cWithWeightsComparesLoadPerWeight() {
        var lb = LoadBalancer(backendCount: 2, algorithm: .p2c, weights: [4, 1])
        for _ in 0..<3 { lb.onStart(0) }  // (3+1)/4 = 1 = (0+1)/1: tie, first drawn wins
        let h = histogram(picks(&lb, 2000), 2)
        #expect(h[0] > 800 && h[1] > 800)
        lb.onStart(1)  // (3+1)/4 < (1+1)/1
        #expect(histogram(picks(&lb, 500), 2) == [500, 0])
    }

    // MARK: Random

    @Test func randomIsUniformOverEligible() {
        var lb = LoadBalancer(backendCount: 5, algorithm: .random, weights: [100, 1, 1, 1, 1])
        lb.setEligible(3, false)
        let n = 40_000
        let h = histogram(picks(&lb, n, seed: 5), 5)
        #expect(h[3] == 0)
        for i in [0, 1, 2, 4] { #expect(abs(h[i] - n / 4) < 600, "\(h)") }
    }

    @Test func picksAreDeterministicForASeed() {
        for algorithm in [LoadBalancer.Algorithm.random, .p2c, .ewma] {
            var a = LoadBalancer(backendCount: 5, algorithm: algorithm)
            var b = LoadBalancer(backendCount: 5, algorithm: algorithm)
            #expect(picks(&a, 200, seed: 42) == picks(&b, 200, seed: 42))
        }
    }

    // MARK: Peak EWMA

    @Test func ewmaPrefersTheFastBackend() {
        var lb = LoadBalancer(backendCount: 3, algorithm: .ewma)
        var rng = RandomStream(seed: 9)
        var t: SimTime = 0
        for _ in 0..<20 {
            for (i, latency) in [(0, 50 * ms), (1, 2 * ms), (2, 40 * ms)] {
                lb.onStart(i)
                lb.onFinish(i, latency: latency, now: t)
            }
            t += 10 * ms
        }
        var h = [0, 0, 0]
        for _ in 0..<3000 { h[lb.pick(now: t, rng: &rng)!] += 1 }
        // Backend 1 wins every comparison it is in: 2 of the 3 pairs.
        #expect(abs(h[1] - 2000) < 150, "\(h)")
        #expect(h[0] < h[2], "\(h)")  // 40 ms beats 50 ms
    }

    @Test func ewmaWeighsLatencyByActiveRequests() {
        var lb = LoadBalancer(backendCount: 2, algorithm: .ewma)
        lb.onStart(0)
        lb.onFinish(0, latency: 10 * ms, now: 0)
        lb.onStart(1)
        lb.onFinish(1, latency: 25 * ms, now: 0)
        #expect(histogram(picks(&lb, 100), 2) == [100, 0])
        // 10 ms × (2 + 1) = 30 ms > 25 ms × 1.
        lb.onStart(0)
        lb.onStart(0)
        #expect(histogram(picks(&lb, 100), 2) == [0, 100])
    }

    @Test func ewmaIsPeakSensitiveAndDecaysWithTau() {
        let tau = 10 * Time.second
        var lb = LoadBalancer(backendCount: 1, algorithm: .ewma, decayTime: tau)
        lb.onStart(0)
        lb.onFinish(0, latency: 1 * ms, now: 0)
        #expect(lb.latencyEstimate(0, now: 0) == Double(1 * ms))
        lb.onStart(0)
        lb.onFinish(0, latency: 100 * ms, now: 1)  // a peak is taken at once
        #expect(lb.latencyEstimate(0, now: 1) == Double(100 * ms))
        lb.onStart(0)
        lb.onFinish(0, latency: 1 * ms, now: 1 + tau)  // w = e^-1
        let w = 0.36787944117144233
        let expected = Double(100 * ms) * w + Double(1 * ms) * (1 - w)
        #expect(abs(lb.latencyEstimate(0, now: 1 + tau) - expected) < 1)
        // Unobserved, the estimate decays towards 0 with the same time constant.
        #expect(abs(lb.latencyEstimate(0, now: 1 + 2 * tau) - expected * w) < 1)
    }

    @Test func ewmaPenalisesABackendWithRequestsButNoHistory() {
        var lb = LoadBalancer(backendCount: 2, algorithm: .ewma)
        lb.onStart(1)
        lb.onFinish(1, latency: 1000 * ms, now: 0)
        lb.onStart(0)  // in flight, no latency known yet
        #expect(histogram(picks(&lb, 100), 2) == [0, 100])
    }
}
