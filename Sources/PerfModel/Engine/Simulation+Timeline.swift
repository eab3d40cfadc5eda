import SimKernel

/// The timeline (one sample per simulated second) and the views the summary reads: the
/// client's end-to-end counts, each service's own, each backend's.
extension Simulation {
    /// The one-second tick: closes the interval into a sample.
    func tick() {
        let t = now
        reportHeldBackEvents()
        if !client.parked.isEmpty { wakeParkedUsers(client.parked.count) }
        let e = topology.entry
        // A topology's entry service without a database of its own shows no backends.
        let bs = single || usesDatabase(e) ? backendSamples(e, at: t) : []
        // With one service the top-level fields are its own: no list.
        var ss: [ServiceSample] = []
        if !single {
            ss.reserveCapacity(services.count)
            for s in services.indices { ss.append(serviceSample(s, at: t)) }
        }
        var depth = 0
        var blocked = 0
        for k in services[e].instances.indices {
            if services[e].instances[k].ingress.enabled {
                depth += services[e].instances[k].ingress.channel.count
            }
            blocked += services[e].instances[k].ingress.blockedWriters.count
        }
        let sample = Sample(
            t: Time.seconds(t), interval: Time.seconds(t - lastTick),
            counters: endToEnd(total: false, client.interval),
            latency: client.latency.intervalSummary(),
            histogram: keepsSampleHistograms ? client.latency.intervalHistogram() : nil, backends: bs,
            breakerState: services[e].upstreams[0].breakerStateName, channelDepth: depth,
            blockedWriters: blocked,
            inFlight: client.inSystem, behindQueue: services[e].behindQueue.count, services: ss)
        if samples.count >= timelineLimit {
            samples.removeFirst(Swift.max(samples.count - timelineLimit + 1, timelineLimit / 2))
        }
        // Each service's figures stay only in the newest ``samplesWithServices`` samples (the
        // map reads the newest, the cards sum the selected service's last ten seconds;
        // listeners get every sample whole): an hour of a 30-service topology with 16
        // backends each held about 30 MB of figures nobody read.
        let k = samples.count - Simulation.samplesWithServices
        if k >= 0, !samples[k].services.isEmpty { samples[k].services = [] }
        // The timeline keeps no histograms (each is about 260 KB); listeners get them.
        if sample.histogram != nil {
            var kept = sample
            kept.histogram = nil
            samples.append(kept)
        } else {
            samples.append(sample)
        }
        onSample?(sample)
        span.succeededTicked &+= client.interval.succeeded
        client.interval = Counters()
        client.latency.closeInterval()
        client.corrected.closeInterval()
        for s in services.indices {
            services[s].interval = Counters()
            services[s].latency.closeInterval()
            for u in services[s].upstreams.indices { services[s].upstreams[u].interval = CallCounters() }
            for b in services[s].backends.indices { services[s].backends[b].interval = BackendCounters() }
        }
        lastTick = t
        scheduler.schedule(.tick, after: Time.second)
    }

    func backendSamples(_ e: Int, at t: SimTime) -> [BackendSample] {
        var bs: [BackendSample] = []
        bs.reserveCapacity(services[e].backendCount)
        for b in 0..<services[e].backendCount {
            services[e].backends[b].account(now: t)
            bs.append(
                BackendSample(
                    counters: services[e].backends[b].interval, inFlight: services[e].backends[b].busy,
                    waiting: services[e].backends[b].waiting.count, down: services[e].backends[b].down,
                    slowdown: services[e].backends[b].slowdown,
                    ejected: services[e].upstreams[0].ejectionEnabled
                        && services[e].upstreams[0].outliers.isEjected(b)))
        }
        return bs
    }

    /// Service `s`'s workers now, all instances: 0 with the channel off (no worker limit).
    func workerCount(_ s: Int) -> Int {
        var n = 0
        for k in services[s].instances.indices where services[s].instances[k].ingress.enabled {
            n += services[s].instances[k].ingress.workers
        }
        return n
    }

    func serviceSample(_ s: Int, at t: SimTime) -> ServiceSample {
        var busy = 0
        var depth = 0
        var busyArea = 0.0
        var workerArea = 0.0
        for k in services[s].instances.indices {
            services[s].instances[k].ingress.accountBusy(now: t)
            busyArea += services[s].instances[k].ingress.intervalBusyArea
            workerArea += services[s].instances[k].ingress.intervalWorkerArea
            services[s].instances[k].ingress.intervalBusyArea = 0
            services[s].instances[k].ingress.intervalWorkerArea = 0
            let g = services[s].instances[k].ingress
            busy += g.busy
            depth += g.enabled ? g.channel.count : 0
        }
        let workers = workerCount(s)
        var worst = "closed"
        var calls: [CallSample] = []
        for u in services[s].upstreams.indices {
            if case .service = services[s].upstreams[u].target {
                calls.append(
                    CallSample(
                        to: services[s].upstreams[u].name, counters: services[s].upstreams[u].interval,
                        breakerState: services[s].upstreams[u].breakerStateName))
            }
            worst = CircuitBreaker.State.worse(worst, services[s].upstreams[u].breakerStateName)
        }
        return ServiceSample(
            name: services[s].name, counters: services[s].interval,
            latency: services[s].latency.intervalSummary(),
            busyWorkers: busy, workers: workers, channelDepth: depth, breakerState: worst,
            instances: services[s].activeInstances,
            backends: usesDatabase(s) ? backendSamples(s, at: t) : [], calls: calls,
            intervalUtilization: workerArea > 0 ? busyArea / workerArea : nil)
    }

    /// Whether service `s`'s plan in force queries its database.
    public func usesDatabase(_ s: Int) -> Bool {
        services[s].stepsInForce > 0 && services[s].upstreamOfCall.contains(0)
    }

    /// The client's end-to-end view: its own outcomes, with the stage counts of the entry
    /// service and the retries, timeouts and wasted work of every service (`total`: since
    /// statistics started; otherwise this interval).
    func endToEnd(total: Bool, _ own: Counters) -> Counters {
        var c = own
        let e = total ? services[topology.entry].total : services[topology.entry].interval
        c.l1Hits = e.l1Hits
        c.l1Misses = e.l1Misses
        c.l2Hits = e.l2Hits
        c.l2Misses = e.l2Misses
        c.coalesced = e.coalesced
        c.breakerRejected = e.breakerRejected
        c.bulkheadRejected = e.bulkheadRejected
        c.writes = e.writes
        c.behindWritten = e.behindWritten
        for s in services.indices {
            let x = total ? services[s].total : services[s].interval
            c.retried += x.retried
            c.attemptTimeouts += x.attemptTimeouts
            c.wastedJobs += x.wastedJobs
            c.wastedVisits += x.wastedVisits
        }
        return c
    }

    /// End-to-end counts since statistics started.
    public var total: Counters { endToEnd(total: true, client.total) }
    /// End-to-end latency of requests that succeeded since statistics started.
    public var latency: LatencyHistogram { client.latency.totalHistogram() }
    /// End-to-end latency corrected for coordinated omission, when the closed load has a
    /// `load.expected_interval`.
    public var correctedLatency: LatencyHistogram? {
        client.config.expectedInterval > 0 ? client.corrected.totalHistogram() : nil
    }

    /// The entry service's database breaker, by its resilience4j name.
    public var breakerStateName: String { services[topology.entry].upstreams[0].breakerStateName }

    /// Each backend's counters since statistics started, of service `s` (the entry's by
    /// default).
    public func backendTotals(service s: Int? = nil) -> [(
        name: String, weight: Int, counters: BackendCounters
    )] {
        let s = s ?? topology.entry
        return (0..<services[s].backendCount).map { b in
            var c = services[s].backends[b].total
            let dt = Double(now - services[s].backends[b].lastChange)
            c.busyArea += Double(services[s].backends[b].busy) * dt
            c.poolArea += Double(services[s].backends[b].pool) * dt
            return (services[s].backends[b].name, services[s].backends[b].weight, c)
        }
    }

    /// The share of queries since statistics started that waited for a connection, at
    /// service `s` (the entry's by default).
    public func waitProbability(service s: Int? = nil) -> Double {
        let s = s ?? topology.entry
        let n = services[s].jobsImmediate + services[s].jobsWaited
        return n == 0 ? 0 : Double(services[s].jobsWaited) / Double(n)
    }

    /// Service `s`'s breakers in the summary's fields: its database's and one per service it
    /// calls, taken together. The state is the worst of them (open, then half-open, then
    /// closed; `disabled` when the service has none), `opened`, `transitions` and `rejected`
    /// are their sums, and `open_seconds` is the longest any one of them refused calls. With
    /// one service there is one breaker, the database's, and these are its own figures.
    func breakerSummary(service s: Int) -> [(String, JSON)] {
        var opened = 0
        var transitions = 0
        var refusing: SimTime = 0
        var state = services[s].upstreams[0].breakerStateName
        for u in services[s].upstreams.indices where u == 0 || services[s].upstreamOfCall.contains(u) {
            let b = services[s].upstreams[u].breaker
            opened += b.openedCount
            transitions += b.transitionCount
            refusing = Swift.max(refusing, b.refusingTime(asOf: now))
            state = CircuitBreaker.State.worse(state, services[s].upstreams[u].breakerStateName)
        }
        return [
            ("state", .string(state)), ("opened", .int(Int64(opened))),
            ("transitions", .int(Int64(transitions))),
            ("open_seconds", .number(RunSummary.round4(Time.seconds(refusing)))),
            ("rejected", .int(Int64(services[s].total.breakerRejected))),
        ]
    }

    func channelSummary(service s: Int, dropped: UInt64) -> [(String, JSON)] {
        var area = 0.0
        var maxDepth = 0
        for k in services[s].instances.indices {
            services[s].instances[k].ingress.accountDepth(now: now)
            area += services[s].instances[k].ingress.depthArea
            maxDepth = Swift.max(maxDepth, services[s].instances[k].ingress.maxDepth)
        }
        let span = Double(now - statsStart)
        return [
            ("mean_depth", .number(RunSummary.round4(span > 0 ? area / span : 0))),
            ("max_depth", .int(Int64(maxDepth))), ("dropped", .int(Int64(dropped))),
            ("bulkhead_rejected", .int(Int64(services[s].total.bulkheadRejected))),
            ("write_behind_queue", .int(Int64(services[s].behindQueue.count))),
        ]
    }

    /// The utilisation of service `s`'s workers since statistics started (0 with the
    /// channel off: no worker limit).
    func workerUtilization(_ s: Int) -> Double {
        var busy = 0.0
        var workers = 0.0
        for k in services[s].instances.indices {
            services[s].instances[k].ingress.accountBusy(now: now)
            busy += services[s].instances[k].ingress.busyArea
            workers += services[s].instances[k].ingress.workerArea
        }
        return workers > 0 ? busy / workers : 0
    }

    /// The names of the services, in the topology's order.
    public var serviceNames: [String] { services.indices.map { services[$0].name } }
}
