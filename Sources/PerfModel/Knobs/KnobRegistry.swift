/// Every knob perflab has: the names of `docs/interface.md`, each with unit, range, default
/// and meaning, in display order (grouped by stage).
public enum KnobRegistry {
    /// The most backends a service can have (`backends.count`'s upper bound).
    public static let maxBackends = 16
    /// The most instances a service can run (`instances`' upper bound).
    public static let maxInstances = 32

    static let policies = [
        "lru", "fifo", "lfu", "clock", "sieve", "s3fifo", "arc", "twoq", "wtinylfu", "random",
    ]
    static let second = 1e9
    static let ms = 1e6

    /// The order knobs are listed in: the client's, then a service's.
    static let order: [Knob] = [
        .loadModel, .loadRate, .loadUsers, .loadThink, .loadWriteRatio, .loadTimeout, .loadRetries,
        .loadRetryDelay, .loadMaxInFlight, .loadExpectedInterval, .loadRamp, .loadBatch, .keysCount,
        .keysDistribution, .keysZipf, .keysTrace,
        .instances, .workTime, .workDistribution, .workCV, .workersBlocking, .workersMin, .workersInjection,
        .gcEnabled, .gcPause, .gcInterval,
        .gcEvery, .netLatency,
        .channelEnabled, .channelCapacity, .channelFullMode, .channelConsumers, .bulkheadEnabled,
        .bulkheadLimit,
        .l1Enabled, .l1Capacity, .l1Policy, .l1Latency, .l1TTL, .l2Enabled, .l2Capacity, .l2Policy, .l2TTL,
        .l2Latency, .cacheWrite, .cacheCoalesce, .cacheBehindWorkers,
        .breakerEnabled, .breakerFailureRatio, .breakerSlowCall, .breakerSlowRatio, .breakerMinimumCalls,
        .breakerWindow, .breakerOpenDuration, .breakerHalfOpenCalls, .breakerState, .breakerKind,
        .breakerFailureThreshold,
        .lbAlgorithm, .lbEjectFailures, .lbEjectTime, .lbPanicThreshold, .healthEnabled, .healthInterval,
        .healthTimeout, .healthUnhealthyThreshold, .healthHealthyThreshold, .healthDegraded, .backendsCount,
        .backendsWeights,
        .dbEnabled, .dbService, .dbDistribution, .dbCV, .dbPool, .dbErrorRate, .dbLeak, .dbAcquireTimeout,
        .timeout, .retryMax, .retryBackoff, .retryBackoffCap, .retryJitter, .retryDelays, .retryBudget,
        .retryBudgetMin,
    ]

    /// All knobs in display order: the client's, a service's, then one group per backend and
    /// per instance. Names are bare: a topology of several services prefixes service knobs
    /// with the service (``KnobSet``).
    public static let all: [KnobSpec] = {
        var k = order.map { spec(of: $0) }
        for n in 1...maxBackends {
            for knob in [Knob.backendDown, .backendSlowdown, .backendPause, .backendPool, .backendService] {
                k.append(spec(of: knob, index: n))
            }
        }
        for n in 1...maxInstances {
            for knob in [Knob.instanceDown, .instanceSlowdown] { k.append(spec(of: knob, index: n)) }
        }
        return k
    }()

    static let byName: [String: KnobSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The client's knobs' names (`load.*`, `keys.*`), in display order: the top of every
    /// panel, and the first of every list of a scenario's knobs.
    public static let clientNames: [String] = all.filter { $0.knob.scope == .client }.map(\.name)

    /// The first parts of knob names (`load`, `l1`, `backend`, …): a service may not be named
    /// like one, so that `SERVICE.KNOB` is never ambiguous.
    public static let groups: Set<String> = Set(all.map { String($0.name.split(separator: ".")[0]) })

    /// The spec of `knob` (for index `n` of its family, 1-based).
    public static func spec(of knob: Knob, index n: Int = 0) -> KnobSpec {
        let k = knob
        switch knob {
        case .loadModel:
            return KnobSpec(
                k, .choice(["open", "closed", "batch"]), default: .text("open"),
                "open: Poisson arrivals at load.rate; closed: load.users users who think load.think between "
                    + "requests; batch: load.batch requests start together, the next batch load.think after "
                    + "the last of them finished (the seed's ProcessInBatchesAsync)"
            )
        case .loadRate:
            return KnobSpec(
                k, .rate("req"), range: 0...20e6, default: .number(5000),
                "offered requests per second (open model)")
        case .loadUsers:
            return KnobSpec(
                k, .count("users"), range: 1...1e6, default: .number(200), "concurrent users (closed model)")
        case .loadThink:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(20 * ms),
                "mean think time between a user's requests, exponential (closed model)")
        case .loadWriteRatio:
            return KnobSpec(
                k, .ratio, range: 0...1, default: .number(0.05), "share of requests that are writes")
        case .keysCount:
            return KnobSpec(
                k, .count("keys"), range: 1...1e9, default: .number(100_000), "number of distinct keys")
        case .keysDistribution:
            return KnobSpec(
                k, .choice(["zipf", "uniform"]), default: .text("zipf"),
                "how keys are drawn: Zipf (a few hot keys) or uniform")
        case .keysZipf:
            return KnobSpec(
                k, .number, range: 0...4, default: .number(1.0), step: .add(0.05),
                "Zipf exponent alpha: higher is more skewed")
        case .keysTrace:
            return KnobSpec(
                k, .path, default: .text(""),
                "a trace file whose keys replace the generated ones, in order (cycled)")
        case .channelEnabled:
            return KnobSpec(k, .flag, default: .flag(true), "bounded ingress channel in front of the workers")
        case .channelCapacity:
            return KnobSpec(
                k, .count("items"), range: 1...1e7, default: .number(1000), "items the channel holds")
        case .channelFullMode:
            return KnobSpec(
                k, .choice(["wait", "drop_newest", "drop_oldest", "drop_write"]), default: .text("wait"),
                "when full: writer waits (backpressure), or drop the newest queued, the oldest, or the write")
        case .channelConsumers:
            return KnobSpec(
                k, .count("workers"), range: 1...1e6, default: .number(64),
                "workers taking requests off the channel; each serves one visit (through its calls "
                    + "with workers.blocking)")
        case .bulkheadEnabled:
            return KnobSpec(k, .flag, default: .flag(false), "cap concurrent requests in the service")
        case .bulkheadLimit:
            return KnobSpec(
                k, .count("calls"), range: 1...1e6, default: .number(50),
                "concurrent requests allowed; more are rejected at once")
        case .l1Enabled: return KnobSpec(k, .flag, default: .flag(true), "in-process cache")
        case .l1Capacity:
            return KnobSpec(k, .count("entries"), range: 1...1e7, default: .number(2000), "L1 entries")
        case .l1Policy: return KnobSpec(k, .choice(policies), default: .text("lru"), "L1 eviction policy")
        case .l1Latency:
            return KnobSpec(
                k, .duration, range: 0...10 * second, default: .number(10e3),
                "time an L1 hit takes in the process (lookup and copy out)")
        case .l1TTL:
            return KnobSpec(
                k, .duration, range: 0...86400 * second, default: .number(30 * second),
                "L1 time to live (0 or off: none)")
        case .l2Enabled: return KnobSpec(k, .flag, default: .flag(true), "distributed cache over the network")
        case .l2Capacity:
            return KnobSpec(k, .count("entries"), range: 1...1e7, default: .number(20_000), "L2 entries")
        case .l2Policy: return KnobSpec(k, .choice(policies), default: .text("lru"), "L2 eviction policy")
        case .l2TTL:
            return KnobSpec(
                k, .duration, range: 0...86400 * second, default: .number(300 * second),
                "L2 time to live (0 or off: none)")
        case .l2Latency:
            return KnobSpec(
                k, .duration, range: 0...10 * second, default: .number(0.25 * ms),
                "network latency to L2, each way")
        case .cacheWrite:
            return KnobSpec(
                k, .choice(["aside", "through", "behind"]), default: .text("aside"),
                "writes: aside (write db, invalidate), through (write db and cache), behind (write cache, "
                    + "queue db write)"
            )
        case .cacheCoalesce:
            return KnobSpec(
                k, .flag, default: .flag(false),
                "concurrent misses for one key share one fill (single flight) instead of a stampede")
        case .cacheBehindWorkers:
            return KnobSpec(
                k, .count("workers"), range: 1...10000, default: .number(4),
                "workers draining the write-behind queue")
        case .breakerEnabled:
            return KnobSpec(
                k, .flag, default: .flag(true),
                "a circuit breaker around the service's calls, one per target (its database, each callee)")
        case .breakerFailureRatio:
            return KnobSpec(
                k, .ratio, range: 0.01...1, default: .number(0.5),
                "failure rate in the window at which the breaker opens")
        case .breakerSlowCall:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(0),
                "calls slower than this count as slow (0: off)")
        case .breakerSlowRatio:
            return KnobSpec(
                k, .ratio, range: 0.01...1, default: .number(1.0), "slow-call rate at which the breaker opens"
            )
        case .breakerMinimumCalls:
            return KnobSpec(
                k, .count("calls"), range: 1...1e6, default: .number(100),
                "calls in the window before rates are evaluated")
        case .breakerWindow:
            return KnobSpec(
                k, .window, default: .text("100"), "sliding window: a count of calls (100) or a time (10s)")
        case .breakerOpenDuration:
            return KnobSpec(
                k, .duration, range: 1e6...3600 * second, default: .number(5 * second),
                "how long the breaker stays open before letting trial calls through")
        case .breakerHalfOpenCalls:
            return KnobSpec(
                k, .count("calls"), range: 1...1e5, default: .number(10),
                "trial calls permitted while half-open")
        case .breakerKind:
            return KnobSpec(
                k, .choice(["sliding", "consecutive", "cumulative"]), default: .text("sliding"),
                "sliding: resilience4j's rates over a window; consecutive: Polly's failures in a row; "
                    + "cumulative: the seed's failures since it last closed"
            )
        case .breakerFailureThreshold:
            return KnobSpec(
                k, .count("failures"), range: 1...1e6, default: .number(5),
                "failures that open a consecutive or cumulative breaker")
        case .breakerState:
            return KnobSpec(
                k, .choice(["auto", "forced_open", "disabled"]), default: .text("auto"),
                "force the breaker open, disable it, or let it run")
        case .lbAlgorithm:
            return KnobSpec(
                k,
                .choice([
                    "round_robin", "weighted_round_robin", "interleaved_wrr", "least_connections", "p2c",
                    "random", "ewma",
                ]), default: .text("p2c"),
                "how a host (a backend, or a callee's instance) is chosen for each attempt")
        case .lbEjectFailures:
            return KnobSpec(
                k, .count("failures"), range: 0...1e6, default: .number(5),
                "consecutive failures that eject a backend (0: no ejection)")
        case .lbEjectTime:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(10 * second),
                "base ejection time, multiplied by the times ejected")
        case .lbPanicThreshold:
            return KnobSpec(
                k, .ratio, range: 0...1, default: .number(0.5),
                "Envoy's panic threshold: below this share of backends healthy (not ejected, not failing "
                    + "health checks), balance over all of them; 0 never panics"
            )
        case .backendsCount:
            return KnobSpec(
                k, .count("backends"), range: 1...Double(maxBackends), default: .number(3),
                "number of backends")
        case .backendsWeights:
            return KnobSpec(
                k, .list, range: 1...1000, default: .list([1, 1, 1]),
                "backend weights for weighted balancing, comma-separated (missing weights are 1)")
        case .dbService:
            return KnobSpec(
                k, .duration, range: 1e3...60 * second, default: .number(4 * ms),
                "mean service time of one query")
        case .dbDistribution:
            return KnobSpec(
                k, .choice(["exp", "const", "uniform", "lognormal"]), default: .text("exp"),
                "service time distribution")
        case .dbCV:
            return KnobSpec(
                k, .number, range: 0...10, default: .number(1.0), step: .add(0.1),
                "coefficient of variation of service time (lognormal, uniform)")
        case .dbPool:
            return KnobSpec(
                k, .count("conns"), range: 1...1e5, default: .number(8),
                "connections per backend: queries beyond wait in FIFO order")
        case .dbLeak:
            return KnobSpec(
                k, .ratio, range: 0...1, default: .number(0), step: .add(0.001),
                "share of queries that never give their connection back (the seed's undisposed connections): "
                    + "the pool shrinks until it runs dry"
            )
        case .dbAcquireTimeout:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(0),
                "the longest a query waits for a connection before it fails (HikariCP's connectionTimeout); "
                    + "0: forever"
            )
        case .dbErrorRate:
            return KnobSpec(
                k, .ratio, range: 0...1, default: .number(0.001), step: .add(0.01),
                "probability that a query fails")
        case .timeout:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(100 * ms),
                "per-attempt timeout on each call the service makes (0 or off: none); the callee keeps "
                    + "working")
        case .retryMax:
            return KnobSpec(
                k, .count("retries"), range: 0...100, default: .number(2), step: .add(1),
                "retries after a failed or timed-out attempt")
        case .retryBackoff:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(10 * ms),
                "base of the exponential backoff before a retry")
        case .retryBackoffCap:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(1 * second), "cap on the backoff")
        case .retryJitter:
            return KnobSpec(
                k, .choice(["none", "full", "equal", "decorrelated"]), default: .text("full"),
                "jitter on the backoff (AWS Architecture Blog, Exponential Backoff and Jitter)")
        case .retryBudget:
            return KnobSpec(
                k, .ratio, range: 0...10, default: .number(0), step: .add(0.05),
                "Finagle's retry budget: retries at most this share of the calls over the last 10 s (plus "
                    + "retry.budget_min per second); 0: no budget"
            )
        case .retryBudgetMin:
            return KnobSpec(
                k, .rate("retries"), range: 0...1e6, default: .number(10),
                "the budget's reserve: retries per second always allowed (Finagle's minRetriesPerSec)")
        case .retryDelays:
            return KnobSpec(
                k, .durations, range: 0...3600 * second, default: .list([]),
                "a fixed retry schedule, like the seed's 100ms,500ms,1s (the last repeats); replaces the "
                    + "backoff and its jitter; off: none"
            )
        case .loadTimeout:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(0),
                "the client's deadline for each try: past it the client gives up while the services go on "
                    + "working for nobody (0 or off: none)"
            )
        case .loadRetries:
            return KnobSpec(
                k, .count("retries"), range: 0...100, default: .number(0), step: .add(1),
                "the client tries again after a deadline, an error, a rejection or a drop")
        case .loadRetryDelay:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(0),
                "the client's wait before each retry")
        case .loadExpectedInterval:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(0),
                "closed model: the interval each user meant to keep between requests; with it, "
                    + "latency_ms_corrected adds the requests a stall kept users from sending "
                    + "(HdrHistogram's recordValueWithExpectedInterval); 0: none"
            )
        case .loadRamp:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(0),
                "ramp-up from the start of the run: the open rate, or the closed users, grow linearly from "
                    + "zero over this time (the seed's RampUpTime); 0: none"
            )
        case .loadBatch:
            return KnobSpec(
                k, .count("requests"), range: 1...1e5, default: .number(10),
                "requests per batch (load.model=batch)")
        case .gcEnabled:
            return KnobSpec(
                k, .flag, default: .flag(false),
                "stop-the-world pauses of each instance's process: nothing in it runs, replies and arrivals "
                    + "wait"
            )
        case .gcPause:
            return KnobSpec(
                k, .duration, range: 1e3...60 * second, default: .number(50 * ms), "how long each pause lasts"
            )
        case .gcInterval:
            return KnobSpec(
                k, .duration, range: 1e6...3600 * second, default: .number(5 * second),
                "time from the end of one pause to the start of the next (when gc.every is 0)")
        case .gcEvery:
            return KnobSpec(
                k, .count("requests"), range: 0...1e9, default: .number(0),
                "pause after every this many requests an instance finishes, as the seed's GC.Collect() every "
                    + "10,000 records; 0: every gc.interval"
            )
        case .healthEnabled:
            return KnobSpec(
                k, .flag, default: .flag(false),
                "active health checks of each backend: a probe query through the pool every health.interval; "
                    + "unhealthy backends get no traffic (unless the balancer panics)"
            )
        case .healthInterval:
            return KnobSpec(
                k, .duration, range: 1e6...3600 * second, default: .number(5 * second),
                "time from one probe's answer (or timeout) to the next probe (Envoy's interval)")
        case .healthTimeout:
            return KnobSpec(
                k, .duration, range: 1e6...3600 * second, default: .number(10 * second),
                "a probe without an answer by then has failed (Envoy's timeout)")
        case .healthUnhealthyThreshold:
            return KnobSpec(
                k, .count("probes"), range: 1...1000, default: .number(3), step: .add(1),
                "failed probes in a row that mark a backend unhealthy (Envoy's unhealthy_threshold)")
        case .healthHealthyThreshold:
            return KnobSpec(
                k, .count("probes"), range: 1...1000, default: .number(2), step: .add(1),
                "passed probes in a row that mark an unhealthy backend healthy again (Envoy's "
                    + "healthy_threshold)"
            )
        case .healthDegraded:
            return KnobSpec(
                k, .duration, range: 0...3600 * second, default: .number(5 * second),
                "a probe answered slower than this reports Degraded (ASP.NET Core's status; the seed's 5 s): "
                    + "still in rotation; 0: never"
            )
        case .loadMaxInFlight:
            return KnobSpec(
                k, .count("requests"), range: 1...2e6, default: .number(200_000),
                "requests open at most, with the work they left behind (queries for clients that left, "
                    + "queued write-behind); arrivals beyond are shed"
            )
        case .instances:
            return KnobSpec(
                k, .count("instances"), range: 1...Double(maxInstances), default: .number(1), step: .add(1),
                "instances of the service, each with its own workers and L1, balanced by its callers")
        case .workTime:
            return KnobSpec(
                k, .duration, range: 0...60 * second, default: .number(0),
                "a worker's own time per request, before the service's calls")
        case .workDistribution:
            return KnobSpec(
                k, .choice(["exp", "const", "uniform", "lognormal"]), default: .text("exp"),
                "distribution of work.time")
        case .workCV:
            return KnobSpec(
                k, .number, range: 0...10, default: .number(1.0), step: .add(0.1),
                "coefficient of variation of work.time (lognormal, uniform)")
        case .workersBlocking:
            return KnobSpec(
                k, .flag, default: .flag(true),
                "a worker is held through the service's calls (sync over async); off: only for work.time")
        case .workersMin:
            return KnobSpec(
                k, .count("workers"), range: 0...1e6, default: .number(0),
                "workers at the start; while requests wait, one more every workers.injection up to "
                    + "channel.consumers (.NET's thread pool when starved); 0: channel.consumers from the "
                    + "start (a fixed pool)"
            )
        case .workersInjection:
            return KnobSpec(
                k, .duration, range: 1e6...3600 * second, default: .number(500 * ms),
                "how often a starved pool adds a worker (.NET's 500 ms)")
        case .netLatency:
            return KnobSpec(
                k, .duration, range: 0...10 * second, default: .number(0),
                "network latency, each way, of every call this service makes to another service")
        case .dbEnabled:
            return KnobSpec(
                k, .flag, default: .flag(true), "whether the service has a database of its own (its backends)"
            )
        case .backendDown:
            return KnobSpec(
                k, index: n, .flag, default: .flag(false), "fault: backend \(n) refuses every call")
        case .backendSlowdown:
            return KnobSpec(
                k, index: n, .number, range: 0.01...1000, default: .number(1), step: .multiply(2),
                "fault: backend \(n)'s service time multiplied by this")
        case .backendPause:
            return KnobSpec(
                k, index: n, .flag, default: .flag(false),
                "fault: backend \(n) starts no query while on (a stall); queries wait for it")
        case .backendPool:
            return KnobSpec(
                k, index: n, .count("conns"), range: 0...1e5, default: .number(0),
                "backend \(n)'s connections (0: db.pool)")
        case .backendService:
            return KnobSpec(
                k, index: n, .duration, range: 0...60 * second, default: .number(0),
                "backend \(n)'s mean service time (0: db.service)")
        case .instanceDown:
            return KnobSpec(
                k, index: n, .flag, default: .flag(false), "fault: instance \(n) refuses every call")
        case .instanceSlowdown:
            return KnobSpec(
                k, index: n, .number, range: 0.01...1000, default: .number(1), step: .multiply(2),
                "fault: instance \(n)'s work.time multiplied by this")
        }
    }

    /// The spec of the knob called `name`, bare (`l1.capacity`, `backend.2.down`) or with a
    /// service in front (`pricing.l1.capacity`), or an error naming it.
    public static func spec(_ name: String) throws -> KnobSpec {
        guard let s = lookup(name) else { throw unknown(name) }
        return s
    }

    /// The refusal of `name`, a knob there is not: with the name meant, when one is near.
    public static func unknown(_ name: String) -> InputError {
        InputError(field: name, NameSuggestion.unknownKnob(name))
    }

    /// The spec of the knob called `name`, as ``spec(_:)``, or nil: for asking whether a
    /// name is a knob's (no refusal is worded, so no nearest name is looked for).
    public static func lookup(_ name: String) -> KnobSpec? {
        if let s = byName[name] { return s }
        if let dot = name.firstIndex(of: "."), !groups.contains(String(name[..<dot])),
            let s = byName[String(name[name.index(after: dot)...])], s.knob.scope == .service
        {
            return s
        }
        return nil
    }

    public static func has(_ name: String) -> Bool { lookup(name) != nil }
}
