import SimKernel

/// One service's knobs, decoded once per change into the types its stages use.
///
/// The stages never read knobs by name: a change of any knob of the service decodes a new
/// config, and each stage whose part changed reconfigures itself from it.
struct ServiceConfig: Equatable {
    struct Cache: Equatable {
        var enabled: Bool
        var policy: String
        var capacity: Int
        var ttl: SimTime
        var latency: SimTime
    }

    struct BackendConfig: Equatable {
        var pool: Int
        var service: Distribution
        var errorRate: Double
        var leak: Double
        var down: Bool
        var pause: Bool
        var slowdown: Double
        var weight: Int
    }

    struct Breaker: Equatable {
        var enabled: Bool
        var config: CircuitBreaker.Config
        /// `auto`, `forced_open` or `disabled`.
        var state: String
    }

    struct Balancing: Equatable {
        var algorithm: LoadBalancer.Algorithm
        var panicThreshold: Double
        var ejectFailures: Int
        var ejectTime: SimTime
    }

    struct Retries: Equatable {
        var timeout: SimTime
        var retryMax: Int
        var backoff: Backoff
        /// `retry.delays`: a fixed schedule that replaces the backoff (empty: none).
        var delays: [SimTime]
        /// `retry.budget` (0: none) and `retry.budget_min`.
        var budget: Double
        var budgetMin: Double
    }

    struct Health: Equatable {
        var enabled: Bool
        var interval: SimTime
        var timeout: SimTime
        var check: HealthCheck.Config
    }

    struct Pauses: Equatable {
        var enabled: Bool
        var pause: SimTime
        var interval: SimTime
        /// Pause after this many finished requests (0: every `interval`).
        var every: Int
    }

    // The process.
    var instances: Int
    /// `gc.*`: stop-the-world pauses of each instance.
    var gc: Pauses
    /// The worker's own time per request; nil when `work.time` is 0.
    var work: Distribution?
    var workersBlocking: Bool
    var netLatency: SimTime
    var instanceDown: [Bool]
    var instanceSlowdown: [Double]

    // Ingress and bulkhead.
    var channelEnabled: Bool
    var channelCapacity: Int
    var fullMode: BoundedChannel.FullMode
    var consumers: Int
    /// `workers.min` (0: the pool is `consumers` from the start) and `workers.injection`.
    var workersMin: Int
    var injection: SimTime
    var bulkheadEnabled: Bool
    var bulkheadLimit: Int

    // Caches.
    var l1: Cache
    var l2: Cache
    var writeMode: WriteMode
    var coalesce: Bool
    var behindWorkers: Int

    // Upstreams.
    var breaker: Breaker
    var balancing: Balancing
    var retries: Retries
    var health: Health

    // The database.
    var dbEnabled: Bool
    /// `db.acquire_timeout`: the longest wait for a connection (0: none).
    var acquireTimeout: SimTime
    var backendCount: Int
    /// Every backend that can exist (`KnobRegistry.maxBackends`), configured or not.
    var backends: [BackendConfig]

    init(_ k: KnobSet, service s: Int) {
        instances = k.int(.instances, service: s)
        gc = Pauses(
            enabled: k.flag(.gcEnabled, service: s), pause: k.time(.gcPause, service: s),
            interval: k.time(.gcInterval, service: s), every: k.int(.gcEvery, service: s))
        health = Health(
            enabled: k.flag(.healthEnabled, service: s), interval: k.time(.healthInterval, service: s),
            timeout: k.time(.healthTimeout, service: s),
            check: HealthCheck.Config(
                unhealthyThreshold: k.int(.healthUnhealthyThreshold, service: s),
                healthyThreshold: k.int(.healthHealthyThreshold, service: s),
                degraded: k.time(.healthDegraded, service: s)))
        let workMean = k.number(.workTime, service: s)
        let workKind = Distribution.Kind(rawValue: k.text(.workDistribution, service: s)) ?? .exponential
        work =
            workMean > 0
            ? Distribution(kind: workKind, mean: workMean, cv: k.number(.workCV, service: s)) : nil
        workersBlocking = k.flag(.workersBlocking, service: s)
        netLatency = k.time(.netLatency, service: s)
        instanceDown = (1...KnobRegistry.maxInstances).map { k.flag(.instanceDown, service: s, index: $0) }
        instanceSlowdown = (1...KnobRegistry.maxInstances).map {
            k.number(.instanceSlowdown, service: s, index: $0)
        }

        channelEnabled = k.flag(.channelEnabled, service: s)
        channelCapacity = k.int(.channelCapacity, service: s)
        fullMode = BoundedChannel.FullMode(rawValue: k.text(.channelFullMode, service: s)) ?? .wait
        consumers = k.int(.channelConsumers, service: s)
        workersMin = k.int(.workersMin, service: s)
        injection = k.time(.workersInjection, service: s)
        bulkheadEnabled = k.flag(.bulkheadEnabled, service: s)
        bulkheadLimit = k.int(.bulkheadLimit, service: s)

        l1 = Cache(
            enabled: k.flag(.l1Enabled, service: s), policy: k.text(.l1Policy, service: s),
            capacity: k.int(.l1Capacity, service: s), ttl: k.time(.l1TTL, service: s),
            latency: k.time(.l1Latency, service: s))
        l2 = Cache(
            enabled: k.flag(.l2Enabled, service: s), policy: k.text(.l2Policy, service: s),
            capacity: k.int(.l2Capacity, service: s), ttl: k.time(.l2TTL, service: s),
            latency: k.time(.l2Latency, service: s))
        writeMode = WriteMode(rawValue: k.text(.cacheWrite, service: s)) ?? .aside
        coalesce = k.flag(.cacheCoalesce, service: s)
        behindWorkers = k.int(.cacheBehindWorkers, service: s)

        let windowText = k.text(.breakerWindow, service: s)
        let window: CircuitBreaker.SlidingWindow
        if let n = Int(windowText) {
            window = .count(n)
        } else {
            window = .time(
                SimTime((try? KnobSpec.parseDuration(windowText, field: "breaker.window")) ?? 10e9))
        }
        let slow = k.time(.breakerSlowCall, service: s)
        breaker = Breaker(
            enabled: k.flag(.breakerEnabled, service: s),
            config: CircuitBreaker.Config(
                failureRateThreshold: k.number(.breakerFailureRatio, service: s),
                slowCallRateThreshold: slow > 0 ? k.number(.breakerSlowRatio, service: s) : 1.0,
                slowCallDuration: slow > 0 ? slow : SimTime.max / 4,
                slidingWindow: window,
                minimumNumberOfCalls: k.int(.breakerMinimumCalls, service: s),
                waitDurationInOpenState: k.time(.breakerOpenDuration, service: s),
                permittedNumberOfCallsInHalfOpenState: k.int(.breakerHalfOpenCalls, service: s),
                kind: CircuitBreaker.Kind(rawValue: k.text(.breakerKind, service: s)) ?? .sliding,
                failureThreshold: k.int(.breakerFailureThreshold, service: s)),
            state: k.text(.breakerState, service: s))
        balancing = Balancing(
            algorithm: LoadBalancer.Algorithm(rawValue: k.text(.lbAlgorithm, service: s)) ?? .roundRobin,
            panicThreshold: k.number(.lbPanicThreshold, service: s),
            ejectFailures: k.int(.lbEjectFailures, service: s), ejectTime: k.time(.lbEjectTime, service: s))
        let base = k.time(.retryBackoff, service: s)
        retries = Retries(
            timeout: k.time(.timeout, service: s), retryMax: k.int(.retryMax, service: s),
            backoff: Backoff(
                base: base, cap: Swift.max(k.time(.retryBackoffCap, service: s), base),
                jitter: Jitter(rawValue: k.text(.retryJitter, service: s)) ?? .full),
            delays: k.value(.retryDelays, service: s).list.map { SimTime($0) },
            budget: k.number(.retryBudget, service: s), budgetMin: k.number(.retryBudgetMin, service: s))

        dbEnabled = k.flag(.dbEnabled, service: s)
        acquireTimeout = k.time(.dbAcquireTimeout, service: s)
        backendCount = k.int(.backendsCount, service: s)
        let weights = k.value(.backendsWeights, service: s).list
        let kind = Distribution.Kind(rawValue: k.text(.dbDistribution, service: s)) ?? .exponential
        let cv = k.number(.dbCV, service: s)
        let mean = k.number(.dbService, service: s)
        let pool = k.int(.dbPool, service: s)
        let err = k.number(.dbErrorRate, service: s)
        backends = (1...KnobRegistry.maxBackends).map { n in
            let own = k.number(.backendService, service: s, index: n)
            let ownPool = k.int(.backendPool, service: s, index: n)
            return BackendConfig(
                pool: n <= k.int(.backendsCount, service: s) ? (ownPool > 0 ? ownPool : pool) : 0,
                service: Distribution(kind: kind, mean: own > 0 ? own : mean, cv: cv), errorRate: err,
                leak: k.number(.dbLeak, service: s),
                down: k.flag(.backendDown, service: s, index: n),
                pause: k.flag(.backendPause, service: s, index: n),
                slowdown: k.number(.backendSlowdown, service: s, index: n),
                weight: n - 1 < weights.count ? Int(weights[n - 1]) : 1)
        }
    }

    /// Envoy's consecutive-failure detection, allowed to eject up to half the hosts (and
    /// always one, so that ejection shows with the few backends a scenario has; Envoy's
    /// default cap of 10% would eject none of three). An ejection time of 0 keeps a host out
    /// only until the detector's next interval tick.
    var outlierConfig: OutlierDetector.Config {
        OutlierDetector.Config(
            consecutiveFailures: Swift.max(balancing.ejectFailures, 1),
            baseEjectionTime: Swift.max(balancing.ejectTime, 1), maxEjectionPercent: 50,
            alwaysEjectOneHost: true)
    }
}
