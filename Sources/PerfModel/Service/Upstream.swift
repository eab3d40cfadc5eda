import SimKernel

/// What a service calls one of its targets through: a circuit breaker, a load balancer over
/// the target's hosts (the database's backends, or the callee's instances) with outlier
/// ejection, and the streams its retries' jitter draws from.
///
/// A service has one upstream per target of its call plan: every call to that target shares
/// its breaker and its balancer, as a client library shares them per downstream cluster.
/// The breaker follows ``CircuitBreaker`` (resilience4j), the balancer ``LoadBalancer``
/// (nginx, Envoy, Finagle), ejection ``OutlierDetector`` (Envoy), health ``HealthCheck``.
/// Entry is the breaker's permission and ``pick(now:)`` before an attempt; exit is
/// ``finish(host:success:latency:now:permit:)`` when it ends.
struct Upstream {
    let target: CallPlan.Target
    /// How the target is named in summaries and events: `db`, or the callee's name.
    let name: String

    var breakerEnabled = false
    var breaker = CircuitBreaker()
    /// Spans every host that can exist; hosts beyond the configured count have weight 0.
    var balancer: LoadBalancer
    var balancerRandom: RandomStream
    var jitterRandom: RandomStream
    /// Finagle's retry budget for the calls to this target (used when `retry.budget` > 0).
    var budget = RetryBudget(percentCanRetry: 0, minRetriesPerSecond: 10)
    var ejectionEnabled = false
    var outliers = OutlierDetector(hostCount: 1)
    /// Hosts configured now (backends.count, or the callee's instances).
    var hostCount = 1
    /// Hosts that failed their health checks (`health.*`; the database's backends).
    var unhealthy: [Bool]
    /// Whether the balancer was in panic mode when last looked at (one event per change).
    var panicking = false

    /// Attempts, errors, timeouts and breaker refusals, since statistics started and since
    /// the last tick.
    var total = CallCounters()
    var interval = CallCounters()

    init(
        target: CallPlan.Target, name: String, hosts: Int, balancerRandom: RandomStream,
        jitterRandom: RandomStream
    ) {
        self.target = target
        self.name = name
        balancer = LoadBalancer(backendCount: hosts, algorithm: .roundRobin)
        unhealthy = [Bool](repeating: false, count: hosts)
        self.balancerRandom = balancerRandom
        self.jitterRandom = jitterRandom
    }

    /// The host for the attempt, or nil if none can be chosen; counts it as started.
    @inline(__always)
    mutating func pick(now: SimTime) -> Int? {
        guard let h = balancer.pick(now: now, rng: &balancerRandom) else { return nil }
        balancer.onStart(h)
        return h
    }

    /// What ``finish(host:success:latency:now:permit:)`` changed.
    struct Finish {
        var breakerMoved = false
        var ejectedUntil: SimTime?
    }

    /// An attempt to `host` ended: tell the balancer, the breaker and outlier detection.
    @inline(__always)
    mutating func finish(host h: Int, success: Bool, latency: SimTime, now: SimTime, permit: Bool) -> Finish {
        var f = Finish()
        balancer.onFinish(h, latency: latency, now: now)
        if permit {
            let t =
                success
                ? breaker.onSuccess(duration: latency, now: now)
                : breaker.onError(duration: latency, now: now)
            f.breakerMoved = t != nil
        }
        if ejectionEnabled && h < outliers.hostCount {
            if success {
                outliers.onSuccess(h)
            } else if case .ejected(let until) = outliers.onFailure(h, now: now) {
                refreshEligibility(h)
                f.ejectedUntil = until
            }
        }
        return f
    }

    /// Reconfigures the balancer and ejection from the service's config, with `hosts`
    /// configured hosts and their `weights`.
    mutating func configureBalancer(_ c: ServiceConfig, hosts: Int, weights: [Int]) {
        hostCount = hosts
        let n = balancer.backendCount
        let w = (0..<n).map { $0 < hosts ? (($0 < weights.count) ? weights[$0] : 1) : 0 }
        balancer.algorithm = c.balancing.algorithm
        balancer.panicThreshold = c.balancing.panicThreshold
        budget.percentCanRetry = c.retries.budget
        budget.minRetriesPerSecond = c.retries.budgetMin
        if (0..<n).map({ balancer.weight($0) }) != w { balancer.setWeights(w) }
        ejectionEnabled = c.balancing.ejectFailures > 0
        let config = c.outlierConfig
        if outliers.hostCount != hosts || config.consecutiveFailures != outliers.config.consecutiveFailures
            || config.baseEjectionTime != outliers.config.baseEjectionTime
        {
            outliers = OutlierDetector(hostCount: Swift.max(hosts, 1), config: config)
            for h in 0..<n { refreshEligibility(h) }
        }
    }

    /// A host is in rotation unless it is ejected or has failed its health checks.
    mutating func refreshEligibility(_ h: Int) {
        let ejected = h < outliers.hostCount && outliers.isEjected(h)
        balancer.setEligible(h, !ejected && !unhealthy[h])
    }

    /// The breaker's state by its resilience4j name, or `disabled` when it is switched off.
    var breakerStateName: String { breakerEnabled ? breaker.state.rawValue : "disabled" }

    mutating func startStatistics() {
        total = CallCounters()
    }
}

/// A service's calls to one target over some stretch of time.
public struct CallCounters: Sendable, Equatable {
    /// Attempts made (first tries and retries).
    public var attempts: UInt64 = 0
    /// Attempts that failed: an error, a failed reply, no host to send to, the model's work
    /// limit. Timeouts and the breaker's refusals are counted apart.
    public var errors: UInt64 = 0
    public var timedOut: UInt64 = 0
    /// Calls the breaker refused.
    public var rejected: UInt64 = 0
    /// Retries made.
    public var retried: UInt64 = 0

    public init() {}

    public static func + (a: CallCounters, b: CallCounters) -> CallCounters {
        var c = a
        c.attempts += b.attempts
        c.errors += b.errors
        c.timedOut += b.timedOut
        c.rejected += b.rejected
        c.retried += b.retried
        return c
    }
}
