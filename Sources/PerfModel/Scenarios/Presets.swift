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

    public static let all: [Scenario] = [
        Scenario(
            name: "checkout",
            description: "every stage on at moderate load; turn load.rate up and watch p99 bend as the pools fill",
            settings: []),
        Scenario(
            name: "mm1",
            description: "M/M/1 at utilisation 0.8 (10 ms service, 80 req/s); turn load.rate to 90 and watch p99 double",
            settings: textbook + [("db.pool", "1"), ("db.service", "10ms"), ("load.rate", "80")]),
        Scenario(
            name: "mmc",
            description: "M/M/8 at utilisation 0.9 (db.pool is c); compare with mm1 at the same utilisation: pooling tames waiting",
            settings: textbook + [("db.pool", "8"), ("db.service", "10ms"), ("load.rate", "720")]),
        Scenario(
            name: "retry-storm",
            description: "clients with a 1 s deadline who retry 3 times, at 75% of capacity; slow the backend (backend.1.slowdown=4) for 10 s, then set it back to 1: goodput stays near zero long after (a metastable failure) until load.retries=0",
            settings: [
                ("l1.enabled", "false"), ("l2.enabled", "false"), ("breaker.enabled", "false"),
                ("load.rate", "1200"), ("load.write_ratio", "0"), ("load.timeout", "1s"), ("load.retries", "3"),
                ("load.retry_delay", "0"), ("channel.consumers", "16"), ("channel.capacity", "3000"),
                ("channel.full_mode", "drop_write"), ("backends.count", "1"), ("db.pool", "16"), ("db.service", "10ms"),
                ("db.error_rate", "0"), ("timeout", "off"), ("retry.max", "0"), ("lb.eject_failures", "0"),
                ("load.max_in_flight", "50k"),
            ]),
        Scenario(
            name: "seed-breaker",
            description: "the seed's breaker (breaker.kind=cumulative: 5 failures since it last closed) on a healthy backend with 0.5% errors: it opens every few hundred calls and refuses most traffic; set breaker.kind=sliding (resilience4j) and it never opens",
            settings: [
                ("l1.enabled", "false"), ("l2.enabled", "false"), ("breaker.kind", "cumulative"),
                ("breaker.failure_threshold", "5"), ("breaker.open_duration", "5s"), ("db.error_rate", "0.5%"),
                ("load.rate", "1000"), ("retry.max", "0"), ("lb.eject_failures", "0"), ("load.write_ratio", "0"),
            ]),
        Scenario(
            name: "slow-replica",
            description: "one of three replicas is 3x slower behind round robin; switch lb.algorithm to p2c or ewma and watch p99 fall",
            settings: [
                ("l1.enabled", "false"), ("l2.enabled", "false"), ("breaker.enabled", "false"),
                ("lb.algorithm", "round_robin"), ("load.rate", "1800"), ("db.pool", "8"), ("db.service", "4ms"),
                ("backend.3.slowdown", "3"), ("retry.max", "0"), ("timeout", "1s"), ("lb.eject_failures", "0"),
            ]),
        Scenario(
            name: "stampede",
            description: "a very hot key set whose L1 entries expire together; watch backend load spike at each TTL expiry, then set cache.coalesce=true",
            settings: [
                ("keys.count", "50"), ("keys.distribution", "uniform"), ("l1.ttl", "5s"), ("l2.enabled", "false"),
                ("load.rate", "20k"), ("db.service", "20ms"), ("db.pool", "16"), ("cache.coalesce", "false"),
                ("breaker.enabled", "false"), ("load.write_ratio", "0"), ("timeout", "1s"),
            ]),
        Scenario(
            name: "backpressure",
            description: "load above capacity into a small channel that waits; compare channel.full_mode=drop_oldest or drop_write: latency bounded, requests dropped",
            settings: [
                ("l1.enabled", "false"), ("l2.enabled", "false"), ("breaker.enabled", "false"),
                ("channel.capacity", "200"), ("channel.consumers", "16"), ("channel.full_mode", "wait"),
                ("load.model", "closed"), ("load.users", "600"), ("load.think", "10ms"),
                ("db.pool", "16"), ("db.service", "5ms"), ("backends.count", "1"), ("timeout", "off"), ("retry.max", "0"),
            ]),
        Scenario(
            name: "skewed-keys",
            description: "a small L1 over Zipf(0.9) keys; switch l1.policy from lru to wtinylfu, s3fifo or sieve and watch the hit ratio climb",
            settings: [
                ("l1.capacity", "1000"), ("l2.enabled", "false"), ("keys.count", "1M"), ("keys.zipf", "0.9"),
                ("l1.policy", "lru"), ("load.write_ratio", "0"), ("l1.ttl", "off"),
            ]),
    ]

    public static func named(_ name: String) -> Scenario? {
        all.first { $0.name == name }
    }
}
