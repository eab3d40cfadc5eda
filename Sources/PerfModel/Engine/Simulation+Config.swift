import SimKernel

/// Configuration: a knob change decodes the owner's typed config once, and each stage whose
/// part changed reconfigures itself from it, at the current simulated time. A change of
/// structure (backends, instances) is a normal event: what is in flight at a host taken
/// away finishes or is refused, and nothing new is sent there.
extension Simulation {
    /// Lays out every service's plan and upstreams: upstream 0 is the service's database,
    /// then one per service it calls, in the order of its plan.
    func buildUpstreams() {
        for s in services.indices {
            let streams = StreamNames(service: services[s].name, single: single)
            let plan = services[s].declaredPlan ?? .oneQuery
            services[s].calls = plan.allCalls
            var starts: [Int] = []
            var n = 0
            for step in plan.steps {
                starts.append(n)
                n += step.calls.count
            }
            starts.append(n)
            services[s].stepStart = starts
            services[s].upstreams.append(
                Upstream(
                    target: .database, name: "db", hosts: KnobRegistry.maxBackends,
                    balancerRandom: RandomStream(seed: seed, stream: streams.name("balancer")),
                    jitterRandom: RandomStream(seed: seed, stream: streams.name("jitter"))))
            var upstreamOf: [CallPlan.Target: Int] = [.database: 0]
            var map: [Int] = []
            for call in services[s].calls {
                if let u = upstreamOf[call.target] {
                    map.append(u)
                    continue
                }
                guard case .service(let t) = call.target else { continue }
                let name = topology.services[t].name
                services[s].upstreams.append(
                    Upstream(
                        target: call.target, name: name, hosts: KnobRegistry.maxInstances,
                        balancerRandom: RandomStream(seed: seed, stream: streams.name("balancer-" + name)),
                        jitterRandom: RandomStream(seed: seed, stream: streams.name("jitter-" + name))))
                let u = services[s].upstreams.count - 1
                upstreamOf[call.target] = u
                map.append(u)
            }
            services[s].upstreamOfCall = map
        }
    }

    /// Reads every knob into the model's working state.
    func configureAll() {
        configureLoad()
        for s in services.indices { configureInstances(s, announce: false) }
        for s in services.indices {
            configureBackends(s, announce: false)
            configureChannel(s)
            configureCaches(s)
            configureBreaker(s)
            configureBalancers(s)
            configurePauses(s)
        }
        refreshDirectDispatch()
    }

    /// Changes one knob now. The change takes effect at the current simulated time, so a
    /// run with the same seed and the same changes at the same times gives the same numbers.
    /// Setting a knob to the value it has changes nothing: it would otherwise reconfigure
    /// its stage (a `load.*` knob restarts the arrivals' draws), and a session does not
    /// record it, so its replay would not do the same.
    ///
    /// The change comes after every event due at the current time, as when a run advances
    /// to the change's time and then sets it: on a simulation not yet advanced, the events
    /// due at time 0 (a closed model's first users, the first batch) happen first, so that
    /// a change made there by hand replays the same.
    public func set(_ name: String, _ value: KnobValue) throws {
        let r = try knobs.resolve(name)
        var k = knobs
        try k.set(r.name, value)
        if k[r.name] == knobs[r.name] { return }
        advance(to: now)
        // A bad trace, or caches that could outgrow the machine, are refused before
        // anything changes.
        let keys = r.spec.name.hasPrefix("keys.") ? try KeySource(knobs: k) : nil
        try CacheBudget.check(k, keys: CacheBudget.keySpace(k, source: keys ?? client.keys), field: r.name)
        knobs = k
        apply(r.spec.knob, service: r.service, keys: keys)
        refreshDirectDispatch()
    }

    /// Changes one knob from user text (`KNOB`, `VALUE`).
    public func set(_ name: String, text: String) throws {
        let r = try knobs.resolve(name)
        try set(r.name, try r.parse(text))
    }

    /// Applies the change of `knob` (of service `service`, or the client's); `keys` is the
    /// key source a `keys.*` change made (built, and so validated, when it was set).
    func apply(_ knob: Knob, service: Int?, keys: KeySource? = nil) {
        guard let s = service else {
            client.config = ClientConfig(knobs)
            switch knob {
            case .keysCount, .keysDistribution, .keysZipf, .keysTrace:
                if let keys { client.keys = keys }
            case .loadModel, .loadRate, .loadUsers, .loadThink, .loadWriteRatio, .loadRamp, .loadBatch:
                configureLoad()
            default:
                break
            }
            return
        }
        services[s].config = ServiceConfig(knobs, service: s)
        switch knob {
        case .channelEnabled, .channelCapacity, .channelFullMode, .channelConsumers, .bulkheadEnabled,
            .bulkheadLimit,
            .workersMin, .workersInjection:
            configureChannel(s)
        case .l1Enabled, .l1Capacity, .l1Policy, .l1Latency, .l1TTL, .l2Enabled, .l2Capacity, .l2Policy,
            .l2TTL,
            .l2Latency, .cacheWrite, .cacheCoalesce, .cacheBehindWorkers:
            configureCaches(s)
        case .breakerEnabled, .breakerFailureRatio, .breakerSlowCall, .breakerSlowRatio, .breakerMinimumCalls,
            .breakerWindow, .breakerOpenDuration, .breakerHalfOpenCalls, .breakerState, .breakerKind,
            .breakerFailureThreshold:
            configureBreaker(s)
        case .lbAlgorithm, .lbEjectFailures, .lbEjectTime, .lbPanicThreshold, .retryBudget, .retryBudgetMin:
            configureBalancers(s)
        case .healthEnabled, .healthInterval, .healthTimeout, .healthUnhealthyThreshold,
            .healthHealthyThreshold,
            .healthDegraded:
            configureHealth(s)
        case .gcEnabled, .gcPause, .gcInterval, .gcEvery:
            configurePauses(s)
        case .backendsCount, .backendsWeights:
            configureBackends(s, announce: true)
            configureBalancers(s)
            refuseRemovedBackendsQueue(s)
        case .dbEnabled, .dbService, .dbDistribution, .dbCV, .dbPool, .dbErrorRate, .dbLeak,
            .dbAcquireTimeout, .backendDown, .backendSlowdown, .backendPause,
            .backendPool, .backendService:
            configureBackends(s, announce: true)
        case .instances, .instanceDown, .instanceSlowdown:
            configureInstances(s, announce: true)
            configureChannel(s)
            configureCaches(s)
            configurePauses(s)
            for caller in services.indices { configureBalancers(caller) }
        default:
            // Read where they are used: work.*, workers.blocking, net.latency, timeout, retry.*.
            break
        }
    }

    // MARK: the client

    func configureLoad() {
        let wasOpen = client.config.open
        client.config = ClientConfig(knobs)
        if client.config.open {
            // Memoryless arrivals: restarting the chain at a rate change is exact.
            client.nextArrival = .max
            scheduleNextArrival()
            client.activeUsers = 0
        } else if client.config.closed {
            if wasOpen { client.nextArrival = .max }
            let users = client.config.users
            if users > client.activeUsers {
                for u in client.activeUsers..<users { startUser(Int32(u)) }
            }
            client.activeUsers = users
        } else {
            // Batches: the next one starts when the batch under way (if any) has finished.
            client.nextArrival = .max
            client.activeUsers = 0
            scheduleBatch()
        }
    }

    // MARK: a service's stages

    /// Instances: grows to `instances` (a new one starts empty and cold), retires those
    /// beyond (they finish what they hold and are chosen no more), and applies faults.
    func configureInstances(_ s: Int, announce: Bool) {
        let c = services[s].config
        while services[s].instances.count < c.instances {
            services[s].instances.append(Instance())
            let k = services[s].instances.count - 1
            services[s].instances[k].ingress.depthLast = now
            services[s].instances[k].ingress.busyLast = now
        }
        services[s].activeInstances = c.instances
        for k in services[s].instances.indices {
            services[s].instances[k].retired = k >= c.instances
            let down = c.instanceDown[k]
            if announce && down != services[s].instances[k].down {
                emit(
                    ModelEvent(
                        t: Time.seconds(now), kind: down ? .instanceDown : .instanceUp,
                        service: eventService(s),
                        subject: "\(services[s].name)#\(k + 1)"))
            }
            services[s].instances[k].down = down
            services[s].instances[k].slowdown = c.instanceSlowdown[k]
        }
    }

    func configureBackends(_ s: Int, announce: Bool) {
        let c = services[s].config
        let streams = StreamNames(service: services[s].name, single: single)
        while services[s].backends.count < c.backendCount {
            let b = services[s].backends.count
            let bc = c.backends[b]
            services[s].backends.append(
                Backend(
                    index: b, pool: bc.pool, service: bc.service, errorRate: bc.errorRate, seed: seed,
                    streams: streams))
            services[s].backends[b].lastChange = now
        }
        services[s].backendCount = c.backendCount
        for b in services[s].backends.indices {
            let bc = c.backends[b]
            let wasDown = services[s].backends[b].down
            services[s].backends[b].account(now: now)
            services[s].backends[b].service = bc.service
            services[s].backends[b].errorRate = bc.errorRate
            services[s].backends[b].leak = bc.leak
            services[s].backends[b].pool = bc.pool
            services[s].backends[b].weight = bc.weight
            services[s].backends[b].down = bc.down
            services[s].backends[b].paused = bc.pause
            services[s].backends[b].slowdown = bc.slowdown
            if announce && wasDown != bc.down {
                emit(
                    ModelEvent(
                        t: Time.seconds(now), kind: bc.down ? .backendDown : .backendUp,
                        service: eventService(s),
                        subject: services[s].backends[b].name))
            }
            startWaitingJobs(s, b)
            notePool(s, b)
        }
        configureHealth(s)
    }

    func configureChannel(_ s: Int) {
        let c = services[s].config
        for k in services[s].instances.indices {
            let wasEnabled = services[s].instances[k].ingress.enabled
            services[s].instances[k].ingress.accountDepth(now: now)
            services[s].instances[k].ingress.accountBusy(now: now)
            services[s].instances[k].ingress.enabled = c.channelEnabled
            if c.workersMin > 0 {
                // A pool that grows when starved: from workers.min (kept if already larger).
                let now = services[s].instances[k].ingress.workers
                services[s].instances[k].ingress.workers = Swift.min(
                    c.consumers,
                    Swift.max(c.workersMin, services[s].instances[k].ingress.maxWorkers > 0 ? now : 0))
                services[s].instances[k].ingress.maxWorkers = c.consumers
            } else {
                services[s].instances[k].ingress.workers = c.consumers
                services[s].instances[k].ingress.maxWorkers = 0
            }
            if !wasEnabled && c.channelEnabled {
                services[s].instances[k].ingress.channel = BoundedChannel(
                    capacity: c.channelCapacity, mode: c.fullMode)
            } else {
                services[s].instances[k].ingress.channel.mode = c.fullMode
                services[s].instances[k].ingress.channel.resize(capacity: c.channelCapacity)
            }
            if c.fullMode != .wait {
                // Writers parked by `wait` are let in or dropped by the new mode.
                while let w = services[s].instances[k].ingress.blockedWriters.popFirst() {
                    frames.flags[Int(w)].remove(.queued)
                    readmit(w)
                }
            }
            if c.channelEnabled {
                pump(s, k)
            } else if wasEnabled {
                // Switched off: everything queued goes straight on.
                while let v = services[s].instances[k].ingress.channel.read() {
                    frames.flags[Int(v)].remove(.queued)
                    enterStages(v)
                }
                while let w = services[s].instances[k].ingress.blockedWriters.popFirst() {
                    frames.flags[Int(w)].remove(.queued)
                    admitted(w, ok: true)
                    enterStages(w)
                }
            }
            services[s].instances[k].bulkhead.setMaxConcurrentCalls(c.bulkheadLimit)
            scheduleInjection(s, k)
        }
    }

    /// A starved pool (visits waiting, every worker busy, room to grow) asks for a worker
    /// one injection interval from now, once.
    func scheduleInjection(_ s: Int, _ k: Int) {
        let g = services[s].instances[k].ingress
        guard g.maxWorkers > 0, g.workers < g.maxWorkers, !g.injectionPending, g.enabled, !g.channel.isEmpty
        else { return }
        services[s].instances[k].ingress.injectionPending = true
        scheduler.schedule(.workerInjection(Int16(s), Int16(k)), after: services[s].config.injection)
    }

    /// .NET's starvation rule: while work waits, one more worker per interval.
    func injectWorker(_ s: Int, _ k: Int) {
        services[s].instances[k].ingress.injectionPending = false
        let g = services[s].instances[k].ingress
        guard g.maxWorkers > 0, g.workers < g.maxWorkers, !g.channel.isEmpty else { return }
        services[s].instances[k].ingress.accountBusy(now: now)
        services[s].instances[k].ingress.workers += 1
        emit(
            ModelEvent(
                t: Time.seconds(now), kind: .workerInjected, service: eventService(s),
                subject:
                    "\(services[s].name)#\(k + 1) starved: \(services[s].instances[k].ingress.workers) "
                    + "workers"
            ))
        pump(s, k)
        scheduleInjection(s, k)
    }

    /// A blocked writer meets the channel again (its mode changed).
    func readmit(_ v: Int32) {
        let i = Int(v)
        let s = Int(frames.service[i])
        admitted(v, services[s].instances[Int(frames.instance[i])].ingress.admit(v, now: now))
    }

    func configureCaches(_ s: Int) {
        let c = services[s].config
        for k in services[s].instances.indices {
            services[s].instances[k].l1.configure(
                enabled: c.l1.enabled, policy: c.l1.policy, capacity: c.l1.capacity, ttl: c.l1.ttl,
                seed: seed ^ 0x11 ^ cacheSalt(s, k))
        }
        services[s].l2.configure(
            enabled: c.l2.enabled, policy: c.l2.policy, capacity: c.l2.capacity, ttl: c.l2.ttl,
            seed: seed ^ 0x22 ^ cacheSalt(s, 0))
        pumpBehind(s)
    }

    /// Distinguishes the random caches of services and instances (0 for the first instance
    /// of the first service, so the canonical pipeline keeps its numbers).
    func cacheSalt(_ s: Int, _ k: Int) -> UInt64 {
        (UInt64(s) << 40) | (UInt64(k) << 24)
    }

    func configureBreaker(_ s: Int) {
        let c = services[s].config
        for u in services[s].upstreams.indices {
            let before = services[s].upstreams[u].breaker.transitionCount
            services[s].upstreams[u].breakerEnabled = c.breaker.enabled
            if c.breaker.config != services[s].upstreams[u].breaker.config {
                services[s].upstreams[u].breaker.reconfigure(c.breaker.config, now: now)
            }
            switch c.breaker.state {
            case "forced_open":
                if services[s].upstreams[u].breaker.state != .forcedOpen {
                    services[s].upstreams[u].breaker.forceOpen(now: now)
                }
            case "disabled":
                if services[s].upstreams[u].breaker.state != .disabled {
                    services[s].upstreams[u].breaker.disable(now: now)
                }
            default:
                let st = services[s].upstreams[u].breaker.state
                if st == .forcedOpen || st == .disabled { services[s].upstreams[u].breaker.reset(now: now) }
            }
            if services[s].upstreams[u].breaker.transitionCount != before { noteBreakerTransition(s, u) }
        }
    }

    /// Every upstream's balancer and ejection: the database's over the configured backends
    /// with their weights, a callee's over its instances in service.
    func configureBalancers(_ s: Int) {
        let c = services[s].config
        for u in services[s].upstreams.indices {
            switch services[s].upstreams[u].target {
            case .database:
                let weights = (0..<services[s].backendCount).map { services[s].backends[$0].weight }
                services[s].upstreams[u].configureBalancer(
                    c, hosts: services[s].backendCount, weights: weights)
            case .service(let t):
                let n = services[t].activeInstances
                services[s].upstreams[u].configureBalancer(
                    c, hosts: n, weights: [Int](repeating: 1, count: n))
            }
            notePanic(s, u)
        }
    }
}
