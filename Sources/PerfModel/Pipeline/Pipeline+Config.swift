import SimKernel

extension Pipeline {
    /// Reads every knob into the model's working state.
    func configureAll() {
        configureLoad()
        configureBackends()
        configureRetries()
        configureChannel()
        configureCaches()
        configureBreaker()
        configureBalancer()
    }

    /// Changes one knob now. The change takes effect at the current simulated time, so a
    /// run with the same seed and the same changes at the same times gives the same numbers.
    public func set(_ name: String, _ value: KnobValue) throws {
        if name.hasPrefix("keys.") {
            var k = knobs
            try k.set(name, value)
            _ = try KeySource(knobs: k)  // a bad trace is refused before anything changes
        }
        try knobs.set(name, value)
        apply(name)
    }

    /// Changes one knob from user text (`KNOB`, `VALUE`).
    public func set(_ name: String, text: String) throws {
        try set(name, try KnobRegistry.spec(name).parse(text))
    }

    func apply(_ name: String) {
        switch name {
        case "load.model", "load.rate", "load.users", "load.think", "load.write_ratio":
            configureLoad()
        case "keys.count", "keys.distribution", "keys.zipf", "keys.trace":
            if let k = try? KeySource(knobs: knobs) { keys = k }  // validated when the knob was set
        case "timeout", "retry.max", "retry.backoff", "retry.backoff_cap", "retry.jitter":
            configureRetries()
        case _ where name.hasPrefix("channel.") || name.hasPrefix("bulkhead."):
            configureChannel()
        case _ where name.hasPrefix("l1.") || name.hasPrefix("l2.") || name.hasPrefix("cache."):
            configureCaches()
        case _ where name.hasPrefix("breaker."):
            configureBreaker()
        case "lb.algorithm", "lb.eject_failures", "lb.eject_time":
            configureBalancer()
        case "backends.count", "backends.weights":
            configureBackends()
            configureBalancer()
            refuseRemovedBackendsQueue()
        default:
            if name.hasPrefix("db.") || name.hasPrefix("backend.") {
                let before = backends.map(\.down)
                configureBackends()
                for b in backends.indices where b < before.count && before[b] != backends[b].down {
                    emit(backends[b].down ? "backend_down" : "backend_up", backends[b].name)
                }
            }
        }
    }

    func configureLoad() {
        let wasOpen = openModel
        openModel = knobs.text("load.model") != "closed"
        let rate = knobs.number("load.rate")
        arrivalMean = rate > 0 ? 1e9 / rate : 0
        thinkMean = knobs.number("load.think")
        writeRatio = knobs.number("load.write_ratio")
        if openModel {
            // Memoryless arrivals: restarting the chain at a rate change is exact.
            nextArrival = .max
            scheduleNextArrival()
            activeUsers = 0
        } else {
            if wasOpen { nextArrival = .max }
            let users = knobs.int("load.users")
            if users > activeUsers {
                for u in activeUsers..<users { scheduleUser(Int32(u)) }
            }
            activeUsers = users
        }
    }

    func configureBackends() {
        let count = knobs.int("backends.count")
        let weights = knobs["backends.weights"].list
        let mean = knobs.number("db.service")
        let kind = Distribution.Kind(rawValue: knobs.text("db.distribution")) ?? .exponential
        let dist = Distribution(kind: kind, mean: mean, cv: knobs.number("db.cv"))
        let pool = knobs.int("db.pool")
        let err = knobs.number("db.error_rate")
        while backends.count < count {
            backends.append(Backend(index: backends.count, pool: pool, service: dist, errorRate: err, seed: seed))
            backends[backends.count - 1].lastChange = now
        }
        backendCount = count
        for b in backends.indices {
            backends[b].account(now: now)
            let ownService = knobs.number("backend.\(b + 1).service")
            backends[b].service = ownService > 0 ? Distribution(kind: kind, mean: ownService, cv: knobs.number("db.cv")) : dist
            backends[b].errorRate = err
            let ownPool = knobs.int("backend.\(b + 1).pool")
            backends[b].pool = b < count ? (ownPool > 0 ? ownPool : pool) : 0
            backends[b].weight = b < weights.count ? Int(weights[b]) : 1
            backends[b].down = knobs.flag("backend.\(b + 1).down")
            backends[b].slowdown = knobs.number("backend.\(b + 1).slowdown")
            while backends[b].busy < backends[b].pool, let next = backends[b].waiting.popFirst() {
                startJob(next)
            }
        }
    }

    /// Refuses the queries waiting at backends that `backends.count` took away (after the
    /// balancer has stopped choosing them, so that retries go elsewhere).
    func refuseRemovedBackendsQueue() {
        for b in backendCount..<Swift.max(backendCount, backends.count) {
            while let j = backends[b].waiting.popFirst() { refuseJob(j) }
        }
    }

    /// A waiting job whose backend went away: the connection is refused.
    func refuseJob(_ j: Int32) {
        let job = jobs[Int(j)]
        freeJobs.append(j)
        let b = Int(job.backend)
        backends[b].total.errors &+= 1
        backends[b].interval.errors &+= 1
        let i = Int(job.request)
        if requests.generation[i] == job.generation && requests.flags[i].contains(.awaiting) {
            attemptEnded(job.request, success: false)
        }
    }

    func configureRetries() {
        timeout = knobs.time("timeout")
        retryMax = knobs.int("retry.max")
        backoff = Backoff(base: knobs.time("retry.backoff"), cap: Swift.max(knobs.time("retry.backoff_cap"), knobs.time("retry.backoff")),
                          jitter: Jitter(rawValue: knobs.text("retry.jitter")) ?? .full)
    }

    func configureChannel() {
        let wasEnabled = channelEnabled
        channelEnabled = knobs.flag("channel.enabled")
        consumers = knobs.int("channel.consumers")
        let mode = BoundedChannel.FullMode(rawValue: knobs.text("channel.full_mode")) ?? .wait
        let capacity = knobs.int("channel.capacity")
        accountChannel()
        if !wasEnabled && channelEnabled {
            channel = BoundedChannel(capacity: capacity, mode: mode)
        } else {
            channel.mode = mode
            channel.resize(capacity: capacity)
        }
        if mode != .wait {
            // Writers parked by `wait` are let in or dropped by the new mode.
            while let w = blockedWriters.popFirst() {
                requests.flags[Int(w)].remove(.queued)
                enterIngress(w)
            }
        }
        if channelEnabled {
            pumpChannel()
        } else if wasEnabled {
            // Switched off: everything queued goes straight on.
            while let r = channel.read() {
                requests.flags[Int(r)].remove(.queued)
                enterService(r)
            }
            while let w = blockedWriters.popFirst() {
                requests.flags[Int(w)].remove(.queued)
                enterService(w)
            }
        }
        bulkheadEnabled = knobs.flag("bulkhead.enabled")
        bulkhead.setMaxConcurrentCalls(knobs.int("bulkhead.limit"))
    }

    func configureCaches() {
        l1.configure(enabled: knobs.flag("l1.enabled"), policy: knobs.text("l1.policy"), capacity: knobs.int("l1.capacity"),
                     ttl: knobs.time("l1.ttl"), seed: seed ^ 0x11)
        l2.configure(enabled: knobs.flag("l2.enabled"), policy: knobs.text("l2.policy"), capacity: knobs.int("l2.capacity"),
                     ttl: knobs.time("l2.ttl"), seed: seed ^ 0x22)
        l1Latency = knobs.time("l1.latency")
        l2Latency = knobs.time("l2.latency")
        writeMode = WriteMode(rawValue: knobs.text("cache.write")) ?? .aside
        coalesce = knobs.flag("cache.coalesce")
        behindWorkers = knobs.int("cache.behind_workers")
        pumpBehind()
    }

    func configureBreaker() {
        breakerEnabled = knobs.flag("breaker.enabled")
        let windowText = knobs.text("breaker.window")
        let window: CircuitBreaker.SlidingWindow
        if let n = Int(windowText) {
            window = .count(n)
        } else {
            window = .time(SimTime((try? KnobSpec.parseDuration(windowText, field: "breaker.window")) ?? 10e9))
        }
        let slow = knobs.time("breaker.slow_call")
        let config = CircuitBreaker.Config(
            failureRateThreshold: knobs.number("breaker.failure_ratio"),
            slowCallRateThreshold: slow > 0 ? knobs.number("breaker.slow_ratio") : 1.0,
            slowCallDuration: slow > 0 ? slow : SimTime.max / 4,
            slidingWindow: window,
            minimumNumberOfCalls: knobs.int("breaker.minimum_calls"),
            waitDurationInOpenState: knobs.time("breaker.open_duration"),
            permittedNumberOfCallsInHalfOpenState: knobs.int("breaker.half_open_calls"))
        let before = breaker.transitionCount
        if config != breaker.config { breaker.reconfigure(config, now: now) }
        switch knobs.text("breaker.state") {
        case "forced_open": if breaker.state != .forcedOpen { breaker.forceOpen(now: now) }
        case "disabled": if breaker.state != .disabled { breaker.disable(now: now) }
        default: if breaker.state == .forcedOpen || breaker.state == .disabled { breaker.reset(now: now) }
        }
        if breaker.transitionCount != before { noteBreakerTransition() }
    }

    func configureBalancer() {
        let algorithm = LoadBalancer.Algorithm(rawValue: knobs.text("lb.algorithm")) ?? .roundRobin
        // The balancer spans every backend that has ever existed: a backend taken away by
        // `backends.count` gets weight 0 (never picked) while its calls in flight finish.
        let n = KnobRegistry.maxBackends
        let weights = (0..<n).map { $0 < backendCount ? backends[$0].weight : 0 }
        if balancer.backendCount != n {
            balancer = LoadBalancer(backendCount: n, algorithm: algorithm, weights: weights)
        } else {
            balancer.algorithm = algorithm
            if (0..<n).map({ balancer.weight($0) }) != weights { balancer.setWeights(weights) }
        }
        if outliers.hostCount != backendCount {
            outliers = OutlierDetector(hostCount: backendCount, config: outlierConfig())
            for b in 0..<n { balancer.setEligible(b, true) }
        }
        let failures = knobs.int("lb.eject_failures")
        ejectionEnabled = failures > 0
        let config = outlierConfig()
        if config.consecutiveFailures != outliers.config.consecutiveFailures
            || config.baseEjectionTime != outliers.config.baseEjectionTime
        {
            outliers = OutlierDetector(hostCount: backendCount, config: config)
            for b in 0..<n { balancer.setEligible(b, true) }
        }
    }

    /// Envoy's consecutive-failure detection, allowed to eject up to half the backends (and
    /// always one, so that ejection shows with the few backends a scenario has; Envoy's
    /// default cap of 10% would eject none of three).
    func outlierConfig() -> OutlierDetector.Config {
        // An ejection time of 0 keeps a host out only until the detector's next interval tick.
        OutlierDetector.Config(consecutiveFailures: Swift.max(knobs.int("lb.eject_failures"), 1),
                               baseEjectionTime: Swift.max(knobs.time("lb.eject_time"), 1), maxEjectionPercent: 50,
                               alwaysEjectOneHost: true)
    }
}
