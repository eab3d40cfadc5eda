/// Every knob perflab has, by its name without a service prefix: the model reads knobs only
/// through these cases, so a name it reads cannot be misspelt or missing from the registry
/// (``KnobRegistry/spec(of:index:)`` has a spec for every case, by an exhaustive switch).
///
/// Knobs with `.N.` in their name exist once per backend or per instance (`backend.3.down`);
/// ``KnobSpec/index`` says which.
public enum Knob: String, CaseIterable, Sendable {
    // The client: the load and its keys.
    case loadModel = "load.model"
    case loadRate = "load.rate"
    case loadUsers = "load.users"
    case loadThink = "load.think"
    case loadWriteRatio = "load.write_ratio"
    case loadTimeout = "load.timeout"
    case loadRetries = "load.retries"
    case loadRetryDelay = "load.retry_delay"
    case loadMaxInFlight = "load.max_in_flight"
    case loadExpectedInterval = "load.expected_interval"
    case loadRamp = "load.ramp"
    case loadBatch = "load.batch"
    case keysCount = "keys.count"
    case keysDistribution = "keys.distribution"
    case keysZipf = "keys.zipf"
    case keysTrace = "keys.trace"

    // A service: its process.
    case instances = "instances"
    case workTime = "work.time"
    case workDistribution = "work.distribution"
    case workCV = "work.cv"
    case workersBlocking = "workers.blocking"
    case workersMin = "workers.min"
    case workersInjection = "workers.injection"
    case gcEnabled = "gc.enabled"
    case gcPause = "gc.pause"
    case gcInterval = "gc.interval"
    case gcEvery = "gc.every"
    case netLatency = "net.latency"

    // Ingress channel and bulkhead.
    case channelEnabled = "channel.enabled"
    case channelCapacity = "channel.capacity"
    case channelFullMode = "channel.full_mode"
    case channelConsumers = "channel.consumers"
    case bulkheadEnabled = "bulkhead.enabled"
    case bulkheadLimit = "bulkhead.limit"

    // Caches.
    case l1Enabled = "l1.enabled"
    case l1Capacity = "l1.capacity"
    case l1Policy = "l1.policy"
    case l1Latency = "l1.latency"
    case l1TTL = "l1.ttl"
    case l2Enabled = "l2.enabled"
    case l2Capacity = "l2.capacity"
    case l2Policy = "l2.policy"
    case l2TTL = "l2.ttl"
    case l2Latency = "l2.latency"
    case cacheWrite = "cache.write"
    case cacheCoalesce = "cache.coalesce"
    case cacheBehindWorkers = "cache.behind_workers"

    // The breaker.
    case breakerEnabled = "breaker.enabled"
    case breakerFailureRatio = "breaker.failure_ratio"
    case breakerSlowCall = "breaker.slow_call"
    case breakerSlowRatio = "breaker.slow_ratio"
    case breakerMinimumCalls = "breaker.minimum_calls"
    case breakerWindow = "breaker.window"
    case breakerOpenDuration = "breaker.open_duration"
    case breakerHalfOpenCalls = "breaker.half_open_calls"
    case breakerState = "breaker.state"
    case breakerKind = "breaker.kind"
    case breakerFailureThreshold = "breaker.failure_threshold"

    // Balancing and the backends.
    case lbAlgorithm = "lb.algorithm"
    case lbEjectFailures = "lb.eject_failures"
    case lbEjectTime = "lb.eject_time"
    case lbPanicThreshold = "lb.panic_threshold"
    case healthEnabled = "health.enabled"
    case healthInterval = "health.interval"
    case healthTimeout = "health.timeout"
    case healthUnhealthyThreshold = "health.unhealthy_threshold"
    case healthHealthyThreshold = "health.healthy_threshold"
    case healthDegraded = "health.degraded"
    case backendsCount = "backends.count"
    case backendsWeights = "backends.weights"
    case dbEnabled = "db.enabled"
    case dbService = "db.service"
    case dbDistribution = "db.distribution"
    case dbCV = "db.cv"
    case dbPool = "db.pool"
    case dbErrorRate = "db.error_rate"
    case dbLeak = "db.leak"
    case dbAcquireTimeout = "db.acquire_timeout"

    // Timeouts and retries of the service's calls.
    case timeout = "timeout"
    case retryMax = "retry.max"
    case retryBackoff = "retry.backoff"
    case retryBackoffCap = "retry.backoff_cap"
    case retryJitter = "retry.jitter"
    case retryDelays = "retry.delays"
    case retryBudget = "retry.budget"
    case retryBudgetMin = "retry.budget_min"

    // Per backend and per instance.
    case backendDown = "backend.N.down"
    case backendSlowdown = "backend.N.slowdown"
    case backendPause = "backend.N.pause"
    case backendPool = "backend.N.pool"
    case backendService = "backend.N.service"
    case instanceDown = "instance.N.down"
    case instanceSlowdown = "instance.N.slowdown"

    /// Whether the knob belongs to the client or to each service.
    public var scope: KnobScope {
        switch self {
        case .loadModel, .loadRate, .loadUsers, .loadThink, .loadWriteRatio, .loadTimeout, .loadRetries,
            .loadRetryDelay, .loadMaxInFlight, .loadExpectedInterval, .loadRamp, .loadBatch, .keysCount,
            .keysDistribution, .keysZipf, .keysTrace:
            return .client
        default:
            return .service
        }
    }

    /// Whether the knob exists once per backend (`backend.N.…`) or per instance.
    public var family: KnobFamily {
        switch self {
        case .backendDown, .backendSlowdown, .backendPause, .backendPool, .backendService: return .backend
        case .instanceDown, .instanceSlowdown: return .instance
        default: return .single
        }
    }

    /// The name of the knob for index `n` (1-based) of its family, or its own name.
    ///
    /// Built from the family's prefix and the rest of the raw name: a configuration reads
    /// these names for every backend and instance of every service, and Foundation's
    /// `replacingOccurrences` made that two thirds of starting a graph of 300 services.
    public func name(index n: Int) -> String {
        switch family {
        case .single: return rawValue
        case .backend: return "backend.\(n)." + rawValue.dropFirst(Knob.backendPrefix)
        case .instance: return "instance.\(n)." + rawValue.dropFirst(Knob.instancePrefix)
        }
    }

    private static let backendPrefix = "backend.N.".count
    private static let instancePrefix = "instance.N.".count
}

/// Whose knob it is.
public enum KnobScope: Sendable, Equatable {
    /// The client in front of the entry service (`load.*`, `keys.*`): one set per scenario.
    case client
    /// Every service has its own (`SERVICE.KNOB` in a topology of several services).
    case service
}

/// Knobs that come one per backend or one per instance.
public enum KnobFamily: Sendable, Equatable {
    case single, backend, instance
}
