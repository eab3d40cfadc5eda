/// Every knob perflab has: the names of `interface.md` and a few more, each with unit,
/// range, default and meaning.
public enum KnobRegistry {
    /// The most backends a pipeline can have (`backends.count`'s upper bound).
    public static let maxBackends = 16

    static let policies = ["lru", "fifo", "lfu", "clock", "sieve", "s3fifo", "arc", "twoq", "wtinylfu", "random"]
    static let second = 1e9
    static let ms = 1e6

    /// All knobs in display order, grouped by stage.
    public static let all: [KnobSpec] = {
        var k: [KnobSpec] = [
            KnobSpec("load.model", .choice(["open", "closed"]), default: .text("open"),
                     "open: Poisson arrivals at load.rate; closed: load.users users who think load.think between requests"),
            KnobSpec("load.rate", .rate("req"), range: 0...20e6, default: .number(5000),
                     "offered requests per second (open model)"),
            KnobSpec("load.users", .count("users"), range: 1...1e6, default: .number(200),
                     "concurrent users (closed model)"),
            KnobSpec("load.think", .duration, range: 0...3600 * second, default: .number(20 * ms),
                     "mean think time between a user's requests, exponential (closed model)"),
            KnobSpec("load.write_ratio", .ratio, range: 0...1, default: .number(0.05),
                     "share of requests that are writes"),
            KnobSpec("keys.count", .count("keys"), range: 1...1e9, default: .number(100_000),
                     "number of distinct keys"),
            KnobSpec("keys.distribution", .choice(["zipf", "uniform"]), default: .text("zipf"),
                     "how keys are drawn: Zipf (a few hot keys) or uniform"),
            KnobSpec("keys.zipf", .number, range: 0...4, default: .number(1.0), step: .add(0.05),
                     "Zipf exponent alpha: higher is more skewed"),
            KnobSpec("keys.trace", .path, default: .text(""),
                     "a trace file whose keys replace the generated ones, in order (cycled)"),

            KnobSpec("channel.enabled", .flag, default: .flag(true), "bounded ingress channel in front of the workers"),
            KnobSpec("channel.capacity", .count("items"), range: 1...1e7, default: .number(1000),
                     "items the channel holds"),
            KnobSpec("channel.full_mode", .choice(["wait", "drop_newest", "drop_oldest", "drop_write"]),
                     default: .text("wait"),
                     "when full: writer waits (backpressure), or drop the newest queued, the oldest, or the write"),
            KnobSpec("channel.consumers", .count("workers"), range: 1...1e6, default: .number(64),
                     "workers taking requests off the channel; each serves one request end to end"),

            KnobSpec("bulkhead.enabled", .flag, default: .flag(false), "cap concurrent requests in the service"),
            KnobSpec("bulkhead.limit", .count("calls"), range: 1...1e6, default: .number(50),
                     "concurrent requests allowed; more are rejected at once"),

            KnobSpec("l1.enabled", .flag, default: .flag(true), "in-process cache"),
            KnobSpec("l1.capacity", .count("entries"), range: 1...1e7, default: .number(2000), "L1 entries"),
            KnobSpec("l1.policy", .choice(policies), default: .text("lru"), "L1 eviction policy"),
            KnobSpec("l1.latency", .duration, range: 0...10 * second, default: .number(10e3),
                     "time an L1 hit takes in the process (lookup and copy out)"),
            KnobSpec("l1.ttl", .duration, range: 0...86400 * second, default: .number(30 * second),
                     "L1 time to live (0 or off: none)"),
            KnobSpec("l2.enabled", .flag, default: .flag(true), "distributed cache over the network"),
            KnobSpec("l2.capacity", .count("entries"), range: 1...1e7, default: .number(20_000), "L2 entries"),
            KnobSpec("l2.policy", .choice(policies), default: .text("lru"), "L2 eviction policy"),
            KnobSpec("l2.ttl", .duration, range: 0...86400 * second, default: .number(300 * second),
                     "L2 time to live (0 or off: none)"),
            KnobSpec("l2.latency", .duration, range: 0...10 * second, default: .number(0.25 * ms),
                     "network latency to L2, each way"),
            KnobSpec("cache.write", .choice(["aside", "through", "behind"]), default: .text("aside"),
                     "writes: aside (write db, invalidate), through (write db and cache), behind (write cache, queue db write)"),
            KnobSpec("cache.coalesce", .flag, default: .flag(false),
                     "concurrent misses for one key share one fill (single flight) instead of a stampede"),
            KnobSpec("cache.behind_workers", .count("workers"), range: 1...10000, default: .number(4),
                     "workers draining the write-behind queue"),

            KnobSpec("breaker.enabled", .flag, default: .flag(true), "circuit breaker around the backend call"),
            KnobSpec("breaker.failure_ratio", .ratio, range: 0.01...1, default: .number(0.5),
                     "failure rate in the window at which the breaker opens"),
            KnobSpec("breaker.slow_call", .duration, range: 0...3600 * second, default: .number(0),
                     "calls slower than this count as slow (0: off)"),
            KnobSpec("breaker.slow_ratio", .ratio, range: 0.01...1, default: .number(1.0),
                     "slow-call rate at which the breaker opens"),
            KnobSpec("breaker.minimum_calls", .count("calls"), range: 1...1e6, default: .number(100),
                     "calls in the window before rates are evaluated"),
            KnobSpec("breaker.window", .window, default: .text("100"),
                     "sliding window: a count of calls (100) or a time (10s)"),
            KnobSpec("breaker.open_duration", .duration, range: 1e6...3600 * second, default: .number(5 * second),
                     "how long the breaker stays open before letting trial calls through"),
            KnobSpec("breaker.half_open_calls", .count("calls"), range: 1...1e5, default: .number(10),
                     "trial calls permitted while half-open"),
            KnobSpec("breaker.state", .choice(["auto", "forced_open", "disabled"]), default: .text("auto"),
                     "force the breaker open, disable it, or let it run"),

            KnobSpec("lb.algorithm",
                     .choice(["round_robin", "weighted_round_robin", "least_connections", "p2c", "random", "ewma"]),
                     default: .text("p2c"), "how a backend is chosen for each attempt"),
            KnobSpec("lb.eject_failures", .count("failures"), range: 0...1e6, default: .number(5),
                     "consecutive failures that eject a backend (0: no ejection)"),
            KnobSpec("lb.eject_time", .duration, range: 0...3600 * second, default: .number(10 * second),
                     "base ejection time, multiplied by the times ejected"),
            KnobSpec("backends.count", .count("backends"), range: 1...Double(maxBackends), default: .number(3),
                     "number of backends"),
            KnobSpec("backends.weights", .list, range: 1...1000, default: .list([1, 1, 1]),
                     "backend weights for weighted balancing, comma-separated (missing weights are 1)"),

            KnobSpec("db.service", .duration, range: 1e3...60 * second, default: .number(4 * ms),
                     "mean service time of one query"),
            KnobSpec("db.distribution", .choice(["exp", "const", "uniform", "lognormal"]), default: .text("exp"),
                     "service time distribution"),
            KnobSpec("db.cv", .number, range: 0...10, default: .number(1.0), step: .add(0.1),
                     "coefficient of variation of service time (lognormal, uniform)"),
            KnobSpec("db.pool", .count("conns"), range: 1...1e5, default: .number(8),
                     "connections per backend: queries beyond wait in FIFO order"),
            KnobSpec("db.error_rate", .ratio, range: 0...1, default: .number(0.001), step: .add(0.01),
                     "probability that a query fails"),

            KnobSpec("timeout", .duration, range: 0...3600 * second, default: .number(100 * ms),
                     "per-attempt timeout on the backend call (0 or off: none); the backend keeps working"),
            KnobSpec("retry.max", .count("retries"), range: 0...100, default: .number(2), step: .add(1),
                     "retries after a failed or timed-out attempt"),
            KnobSpec("retry.backoff", .duration, range: 0...3600 * second, default: .number(10 * ms),
                     "base of the exponential backoff before a retry"),
            KnobSpec("retry.backoff_cap", .duration, range: 0...3600 * second, default: .number(1 * second),
                     "cap on the backoff"),
            KnobSpec("retry.jitter", .choice(["none", "full", "equal", "decorrelated"]), default: .text("full"),
                     "jitter on the backoff (AWS Architecture Blog, Exponential Backoff and Jitter)"),
        ]
        for n in 1...maxBackends {
            k.append(KnobSpec("backend.\(n).down", .flag, default: .flag(false),
                              "fault: backend \(n) refuses every call"))
            k.append(KnobSpec("backend.\(n).slowdown", .number, range: 0.01...1000, default: .number(1),
                              step: .multiply(2), "fault: backend \(n)'s service time multiplied by this"))
            k.append(KnobSpec("backend.\(n).pool", .count("conns"), range: 0...1e5, default: .number(0),
                              "backend \(n)'s connections (0: db.pool)"))
            k.append(KnobSpec("backend.\(n).service", .duration, range: 0...60 * second, default: .number(0),
                              "backend \(n)'s mean service time (0: db.service)"))
        }
        return k
    }()

    static let byName: [String: KnobSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The knob named `name`, or an error naming it.
    public static func spec(_ name: String) throws -> KnobSpec {
        if let s = byName[name] { return s }
        throw InputError(field: name, "unknown knob (perflab knobs lists them)")
    }

    public static func has(_ name: String) -> Bool { byName[name] != nil }
}
