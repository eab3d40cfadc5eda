import SimKernel
import Testing

@testable import PerfModel

/// Every story preset's claim, in numbers (each description says what to turn and what to
/// watch; the references are named in each test).
@Suite struct StoryPresetTests {
    /// The seed's balancer against nginx's: LVS's gcd-stepped walk and nginx's smooth
    /// weighted round robin give the same shares (5/7, 1/7, 1/7) and, under Poisson load,
    /// the same p99 (their sequences differ, as LoadBalancerTests shows); neither looks at
    /// load, so a slow db-1 swamps both, and least connections routes around it.
    @Test func theSeedsBalancerAgainstNginxs() throws {
        let seed = try StoryRun("seed-balancer", seconds: 60)
        let nginx = try StoryRun("seed-balancer", [("lb.algorithm", "weighted_round_robin")], seconds: 60)
        for run in [seed, nginx] {
            let b = run.simulation.backendTotals().map { Double($0.counters.requests) }
            let all = b.reduce(0, +)
            #expect(abs(b[0] / all - 5.0 / 7) < 0.01 && abs(b[1] / all - 1.0 / 7) < 0.01)
        }
        let p99 = seed.simulation.latency.percentileMs(99)
        #expect(abs(p99 / nginx.simulation.latency.percentileMs(99) - 1) < 0.05)
        let slow = try StoryRun("seed-balancer", [("backend.1.slowdown", "3")], seconds: 30)
        let adaptive = try StoryRun(
            "seed-balancer", [("backend.1.slowdown", "3"), ("lb.algorithm", "least_connections")], seconds: 30
        )
        #expect(slow.simulation.latency.percentileMs(99) > 10 * adaptive.simulation.latency.percentileMs(99))
    }

    /// A dead backend (Envoy's health checking and panic threshold): probes 1 s apart,
    /// unhealthy after 3 failures, so db-2 (first probed at 1 s) leaves at exactly 3 s;
    /// until then round robin sends it half the calls, which fail; after, none fail. When
    /// db-1 dies too, the balancer panics and the breaker opens; when both come back, the
    /// second passed probe of each brings it back.
    @Test func aDeadBackendLeavesAtItsThirdFailedProbe() throws {
        let run = try StoryRun(
            "dead-backend",
            script: [
                (10, "backend.1.down", "true"), (20, "backend.1.down", "false"),
                (20, "backend.2.down", "false"),
            ],
            seconds: 30)
        #expect(run.events(.health, "db-2 unhealthy").map(\.t) == [3.0])
        let before = run.counters(in: 1...3)
        #expect(abs(Double(before.failed) / Double(before.offered) - 0.5) < 0.05)
        #expect(run.counters(in: 4...10).failed == 0)
        #expect(run.events(.panic).count == 1 && run.events(.panic)[0].t > 10)
        #expect(run.events(.breaker).contains { $0.to == .open && $0.t > 10 })
        let healthy = run.events(.health).filter { $0.subject.hasSuffix(" healthy") && $0.t > 20 }
        #expect(Set(healthy.map { String($0.subject.prefix(4)) }) == ["db-1", "db-2"])
        #expect(healthy.allSatisfy { $0.t < 22.1 })
        #expect(run.counters(in: 24...30).failed == 0)
    }

    /// A leaking pool: M connections, each query keeping its connection with probability
    /// 1/L, runs dry after a negative binomial number of queries of mean M·L (8000 here,
    /// 40 s at 200 req/s); from then on every query fails after db.acquire_timeout.
    @Test func aLeakingPoolRunsDryAfterMTimesLQueries() throws {
        var dry: [Double] = []
        for seed in 1...20 {
            let run = try StoryRun("leaky-pool", seconds: 120, seed: UInt64(seed))
            let t = try #require(run.events(.poolExhausted).first?.t)
            dry.append(t)
            let after = run.counters(in: (t + 2)...120)
            #expect(after.succeeded == 0 && after.failed > 0)
        }
        let mean = dry.reduce(0, +) / Double(dry.count)
        // The standard deviation of one dry time is √(M·L(L-1))/200 ≈ 14 s; of the mean of
        // 20, 3.2 s: 20% is about 2.5 of them.
        #expect(abs(mean / 40 - 1) < 0.2, "mean dry time \(mean) s")
    }

    /// Batches (the seed's ProcessInBatchesAsync): n/(H_n·m) = 10/(2.929 × 10 ms) = 341 req/s
    /// against 1000 for 10 users in a loop (LoadShapeTests checks both).
    @Test func batchesWaitForTheSlowest() throws {
        let run = try StoryRun("batches", seconds: 100)
        #expect(abs(Double(run.simulation.total.succeeded) / 100 / 341.4 - 1) < 0.03)
    }

    /// A hidden stall (coordinated omission; CoordinatedOmissionTests has the numbers): the
    /// preset's users hide a 5 s pause from the raw p99 and the corrected one shows it.
    @Test func aLoadTestHidesAStall() throws {
        let run = try StoryRun(
            "hidden-stall", script: [(50, "backend.1.pause", "true"), (55, "backend.1.pause", "false")],
            seconds: 100)
        #expect(run.simulation.latency.percentileMs(99) < 20)
        #expect(try #require(run.simulation.correctedLatency).percentileMs(99) > 3000)
    }

    /// A fixed retry schedule (the seed's DatabaseConnectionManager): the requests of a batch
    /// that time out waiting for a connection all retry at the same instant and meet the
    /// same full pool; exponential backoff with full jitter (AWS Architecture Blog,
    /// "Exponential Backoff and Jitter") spreads them over the pool's free time.
    @Test func aFixedScheduleRetriesTogether() throws {
        let fixed = try StoryRun("retry-herd", seconds: 60).simulation.total
        let jitter = try StoryRun("retry-herd", [("retry.delays", "off")], seconds: 60).simulation.total
        #expect(Double(fixed.failed) / Double(fixed.offered) > 0.1)
        #expect(Double(jitter.failed) / Double(jitter.offered) < 0.01)
        #expect(fixed.offered > 1000)
    }

    /// The GC story's claim is PauseTests' fluid-model test, run on this preset.
    /// `skewed-keys`: a 1000-entry L1 over a million Zipf(0.9) keys, where LRU keeps
    /// one-hit wonders that scan-resistant policies turn away. Its claim, that switching
    /// `l1.policy` from lru to wtinylfu, s3fifo or sieve raises the hit ratio, is the
    /// ordering libCacheSim gives on Zipf traces (the W-TinyLFU, S3-FIFO and SIEVE papers;
    /// CachePoliciesTests checks each policy's miss ratio against libCacheSim's).
    @Test func scanResistantPoliciesBeatLRUOnSkewedKeys() throws {
        let lru = try StoryRun("skewed-keys", seconds: 30).simulation.total.l1HitRatio
        for policy in ["wtinylfu", "s3fifo", "sieve"] {
            let hit = try StoryRun("skewed-keys", [("l1.policy", policy)], seconds: 30).simulation.total
                .l1HitRatio
            #expect(hit > lru + 0.02, "\(policy) \(hit) against lru \(lru)")
        }
    }

    @Test func everyStoryIsListedWithWhatToTurn() {
        for s in Presets.stories {
            #expect(s.description.contains("set ") || s.description.contains("turn"), "\(s.name)")
            #expect(Presets.named(s.name) != nil)
        }
    }
}
