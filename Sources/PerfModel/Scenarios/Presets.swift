/// The built-in scenarios: the default `checkout`, the textbook queues, and one story each.
public enum Presets {
    /// Every stage off: Poisson arrivals into one pool of exponential servers.
    static let textbook: [(String, String)] = [
        ("channel.enabled", "false"), ("bulkhead.enabled", "false"), ("l1.enabled", "false"),
        ("l2.enabled", "false"), ("breaker.enabled", "false"), ("retry.max", "0"), ("timeout", "off"),
        ("load.write_ratio", "0"), ("db.error_rate", "0"), ("db.distribution", "exp"),
        ("backends.count", "1"), ("backends.weights", "1"), ("lb.algorithm", "round_robin"),
        ("lb.eject_failures", "0"), ("keys.distribution", "uniform"),
    ]

    /// Every preset: the base ones, then the seed's stories.
    public static let all: [Scenario] = base + stories

    static let base: [Scenario] = [
        Scenario(
            name: "checkout",
            description:
                "every stage on at moderate load; turn load.rate up and watch p99 bend as the pools fill",
            settings: []),
        Scenario(
            name: "mm1",
            description:
                "M/M/1 at utilisation 0.8 (10 ms service, 80 req/s); turn load.rate to 90 and watch p99 "
                + "double",
            settings: textbook + [("db.pool", "1"), ("db.service", "10ms"), ("load.rate", "80")]),
        Scenario(
            name: "mmc",
            description:
                "M/M/8 at utilisation 0.9 (db.pool is c); compare with mm1 at the same utilisation: pooling "
                + "tames waiting",
            settings: textbook + [("db.pool", "8"), ("db.service", "10ms"), ("load.rate", "720")]),
        Scenario(
            name: "retry-storm",
            description:
                "clients with a 1 s deadline who retry 3 times, at 75% of capacity; slow the backend "
                + "(backend.1.slowdown=4) for 10 s, then set it back to 1: goodput stays near zero long "
                + "after (a metastable failure) until load.retries=0",
            settings: [
                ("l1.enabled", "false"), ("l2.enabled", "false"), ("breaker.enabled", "false"),
                ("load.rate", "1200"), ("load.write_ratio", "0"), ("load.timeout", "1s"),
                ("load.retries", "3"),
                ("load.retry_delay", "0"), ("channel.consumers", "16"), ("channel.capacity", "3000"),
                ("channel.full_mode", "drop_write"), ("backends.count", "1"), ("db.pool", "16"),
                ("db.service", "10ms"),
                ("db.error_rate", "0"), ("timeout", "off"), ("retry.max", "0"), ("lb.eject_failures", "0"),
                ("load.max_in_flight", "50k"),
            ]),
        Scenario(
            name: "seed-breaker",
            description:
                "the seed's breaker (breaker.kind=cumulative: 5 failures since it last closed) on a healthy "
                + "backend with 0.5% errors: it opens every few hundred calls and refuses most traffic; "
                + "set breaker.kind=sliding (resilience4j) and it never opens",
            settings: [
                ("l1.enabled", "false"), ("l2.enabled", "false"), ("breaker.kind", "cumulative"),
                ("breaker.failure_threshold", "5"), ("breaker.open_duration", "5s"),
                ("db.error_rate", "0.5%"),
                ("load.rate", "1000"), ("retry.max", "0"), ("lb.eject_failures", "0"),
                ("load.write_ratio", "0"),
            ]),
        Scenario(
            name: "slow-replica",
            description:
                "one of three replicas is 3x slower behind round robin; switch lb.algorithm to p2c or ewma "
                + "and watch p99 fall",
            settings: [
                ("l1.enabled", "false"), ("l2.enabled", "false"), ("breaker.enabled", "false"),
                ("lb.algorithm", "round_robin"), ("load.rate", "1800"), ("db.pool", "8"),
                ("db.service", "4ms"),
                ("backend.3.slowdown", "3"), ("retry.max", "0"), ("timeout", "1s"),
                ("lb.eject_failures", "0"),
            ]),
        Scenario(
            name: "stampede",
            description:
                "a very hot key set whose L1 entries expire together; watch backend load spike at each TTL "
                + "expiry, then set cache.coalesce=true",
            settings: [
                ("keys.count", "50"), ("keys.distribution", "uniform"), ("l1.ttl", "5s"),
                ("l2.enabled", "false"),
                ("load.rate", "20k"), ("db.service", "20ms"), ("db.pool", "16"), ("cache.coalesce", "false"),
                ("breaker.enabled", "false"), ("load.write_ratio", "0"), ("timeout", "1s"),
            ]),
        Scenario(
            name: "backpressure",
            description:
                "load above capacity into a small channel that waits; compare channel.full_mode=drop_oldest "
                + "or drop_write: latency bounded, requests dropped",
            settings: [
                ("l1.enabled", "false"), ("l2.enabled", "false"), ("breaker.enabled", "false"),
                ("channel.capacity", "200"), ("channel.consumers", "16"), ("channel.full_mode", "wait"),
                ("load.model", "closed"), ("load.users", "600"), ("load.think", "10ms"),
                ("db.pool", "16"), ("db.service", "5ms"), ("backends.count", "1"), ("timeout", "off"),
                ("retry.max", "0"),
            ]),
        Scenario(
            name: "skewed-keys",
            description:
                "a small L1 over Zipf(0.9) keys; switch l1.policy from lru to wtinylfu, s3fifo or sieve and "
                + "watch the hit ratio climb",
            settings: [
                ("l1.capacity", "1000"), ("l2.enabled", "false"), ("keys.count", "1M"), ("keys.zipf", "0.9"),
                ("l1.policy", "lru"), ("load.write_ratio", "0"), ("l1.ttl", "off"),
            ]),
    ]

    /// The seed's patterns, each a story with what to turn and what to watch (and a test in
    /// `StoryPresetTests` that its claim holds).
    static let stories: [Scenario] = [
        Scenario(
            name: "seed-balancer",
            description:
                "the seed's gcd-stepped weighted round robin (LVS's) over weights 5,1,1 and pools 5,1,1: the "
                + "same shares as nginx's smooth one (lb.algorithm=weighted_round_robin), five picks in "
                + "a row to db-1 where nginx makes two, and the same p99 under Poisson load; both ignore "
                + "load: set backend.1.slowdown=3 and db-1's queue grows without end, then "
                + "lb.algorithm=least_connections routes around it",
            settings: textbook + [
                ("backends.count", "3"), ("backends.weights", "5,1,1"), ("backend.1.pool", "5"),
                ("backend.2.pool", "1"),
                ("backend.3.pool", "1"), ("db.pool", "1"), ("db.service", "10ms"), ("load.rate", "300"),
                ("lb.algorithm", "interleaved_wrr"),
            ]),
        Scenario(
            name: "dead-backend",
            description:
                "db-2 of two is dead: half the calls fail until health checks (every 1 s, unhealthy after 3 "
                + "failures) take it out at 3 s; then set backend.1.down=true: none is healthy, the "
                + "balancer panics (lb.panic_threshold) and sends to both, and the breaker opens",
            settings: textbook + [
                ("backends.count", "2"), ("backends.weights", "1,1"), ("db.pool", "8"), ("db.service", "4ms"),
                ("load.rate", "1000"), ("health.enabled", "true"), ("health.interval", "1s"),
                ("health.timeout", "500ms"),
                ("backend.2.down", "true"), ("breaker.enabled", "true"), ("breaker.minimum_calls", "50"),
                ("breaker.failure_ratio", "75%"),
            ]),
        Scenario(
            name: "leaky-pool",
            description:
                "a pool of 8 that never gets back one connection in 1000 (the seed's undisposed connections) "
                + "runs dry after about 8000 queries (40 s); from then on every query fails after "
                + "db.acquire_timeout (1 s); raise db.pool to give it room again, set db.leak=0 to fix "
                + "the leak",
            settings: textbook + [
                ("db.pool", "8"), ("db.service", "5ms"), ("load.rate", "200"), ("db.leak", "0.1%"),
                ("db.acquire_timeout", "1s"),
            ]),
        Scenario(
            name: "gc-pauses",
            description:
                "stop-the-world pauses of 50 ms every 800 ms at utilisation 0.5: p50 stays at the 2 ms query "
                + "while p99 is about 48 ms and p99.9 about 51 ms (the fluid model: P - (1-q)(1-ρ)T); "
                + "set gc.every=1000 for the seed's GC.Collect() every 1000 requests, or "
                + "gc.enabled=false",
            settings: textbook + [
                ("db.pool", "4"), ("db.distribution", "const"), ("db.service", "2ms"), ("load.rate", "1000"),
                ("gc.enabled", "true"), ("gc.pause", "50ms"), ("gc.interval", "750ms"),
            ]),
        Scenario(
            name: "batches",
            description:
                "the seed's ProcessInBatchesAsync: 10 requests at a time, the next batch when the slowest is "
                + "done: 10/(H10·m) = 341 req/s from a pool that serves 1000; set load.model=closed (10 "
                + "users in a loop) and it is 1000",
            settings: textbook + [
                ("load.model", "batch"), ("load.batch", "10"), ("load.users", "10"), ("load.think", "0"),
                ("db.pool", "10"), ("db.service", "10ms"),
            ]),
        Scenario(
            name: "hidden-stall",
            description:
                "the seed's LoadTestRunner, 10 users in a loop: set backend.1.pause=true for 5 s, then "
                + "false: the raw p99 barely moves while latency_ms_corrected (HdrHistogram's expected "
                + "interval) shows the stall, as an open load does (load.model=open, load.rate=500)",
            settings: textbook + [
                ("load.model", "closed"), ("load.users", "10"), ("load.think", "0"),
                ("load.expected_interval", "10ms"),
                ("load.rate", "500"), ("db.pool", "10"), ("db.distribution", "const"), ("db.service", "10ms"),
            ]),
        Scenario(
            name: "retry-herd",
            description:
                "the seed's fixed retry schedule (100 ms, 500 ms, 1 s): batches of 300 meet a pool of 10 "
                + "with a 50 ms acquire timeout; those that time out retry at the same instant and time "
                + "out together again: about 1 in 5 fails for good; set retry.delays=off (exponential "
                + "backoff, full jitter) and none does",
            settings: textbook + [
                ("load.model", "batch"), ("load.batch", "300"), ("load.think", "2s"), ("db.pool", "10"),
                ("db.service", "10ms"), ("db.acquire_timeout", "50ms"), ("retry.max", "3"),
                ("retry.delays", "100ms,500ms,1s"), ("retry.backoff", "100ms"),
            ]),
    ]

    public static func named(_ name: String) -> Scenario? {
        all.first { $0.name == name }
    }
}
