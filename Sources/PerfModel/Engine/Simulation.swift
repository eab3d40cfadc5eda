import DequeModule
import SimKernel

/// The model as one discrete-event loop over a topology of services.
///
/// The client sends requests to the entry service; each service is a composition of
/// stages (``Service``) and calls its database or other services through its upstreams
/// (``Upstream``); every request, visit and call in flight is a frame of the
/// ``FrameTable``, linked to its parent; backend queries are jobs. This type owns the
/// clock, the event queue, those tables, the client and the services, and routes between
/// them: its extensions are the client's flow (`+Client`), a visit's walk through a
/// service's stages (`+Visit`), calls and their attempts (`+Call`), the database's jobs
/// (`+Database`), configuration (`+Config`) and the timeline (`+Timeline`).
///
/// With one service whose stages are all switched off and exponential service this is the
/// M/M/c queue. The model is advanced with ``advance(to:)`` in slices of any size: results
/// depend only on the seed and on the simulated times at which knobs change
/// (``set(_:_:)``), never on how a run is sliced.
public final class Simulation {
    public let seed: UInt64
    public let topology: Topology
    public internal(set) var knobs: KnobSet
    var scheduler = Scheduler<Event>(reservingCapacity: 4096)
    let frames = FrameTable(reserve: 1024)
    var jobs = JobTable(reserve: 1024)
    var jobSerial: UInt32 = 0
    var client: Client
    let services: Slots<Service>
    let single: Bool

    /// Requests arriving from this time on count in the summary (the end of the warm-up).
    public internal(set) var statsStart: SimTime = 0
    var lastTick: SimTime = 0
    /// The timeline, one sample per simulated second, oldest first: the last
    /// ``timelineLimit`` seconds of it, so memory stays flat however long a run is. Only the
    /// newest ``samplesWithServices`` keep each service's figures (`services`); ``onSample``
    /// hears them all.
    public internal(set) var samples: [Sample] = []
    /// How many of the newest samples keep each service's figures: the dashboard's rolling
    /// ten-second counts of the selected service.
    public static let samplesWithServices = 10
    /// The measured span's successes, told apart from the drain's.
    var span = MeasuredSpan()
    /// How many seconds of timeline to keep (an hour by default: what the dashboard draws is
    /// at most ten minutes, and sessions record every sample as it comes).
    public var timelineLimit = 3_600
    /// Whether samples carry their interval's histograms (session recorders need them).
    public var keepsSampleHistograms = false
    /// Called with each new sample (recorders and dashboards listen here).
    public var onSample: ((Sample) -> Void)?
    /// Called with each state change (breaker transitions, backends down and up, ejections).
    public var onEvent: ((ModelEvent) -> Void)?
    /// State changes made so far (a session started mid-run says how many came before it,
    /// so that its re-simulation knows which of its own to leave out).
    public private(set) var eventsEmitted = 0
    /// Events delivered one by one in a simulated second at most (``emit(_:)``).
    public var eventsPerSecond = 100
    /// Events delivered since the last tick, and those held back, by kind.
    var eventsThisSecond = 0
    var eventsHeldBack: [ModelEvent.Kind: Int] = [:]
    /// Test hook: hears the end-to-end latency of every succeeded request as it finishes
    /// (tests compare percentiles against exact order statistics of these).
    var latencyProbe: ((Int64) -> Void)?
    /// Test hook: hears each visit that reaches a service (service index).
    var visitProbe: ((Int) -> Void)?

    /// A simulation of `topology` with `knobs` (laid out for it), every random stream
    /// derived from `seed`.
    public init(topology: Topology = .single, knobs: KnobSet, seed: UInt64) throws {
        guard knobs.layout == topology.layout else {
            throw InputError(field: "knobs", "the knobs are laid out for other services")
        }
        self.seed = seed
        self.topology = topology
        self.knobs = knobs
        single = topology.isSingle
        let keys = try KeySource(knobs: knobs)
        try CacheBudget.check(knobs, keys: CacheBudget.keySpace(knobs, source: keys))
        client = Client(config: ClientConfig(knobs), keys: keys, seed: seed)
        var services = Slots<Service>(reserve: topology.services.count)
        for (s, spec) in topology.services.enumerated() {
            let streams = StreamNames(service: spec.name, single: topology.isSingle)
            services.append(
                Service(
                    index: s, name: spec.name, plan: spec.plan, config: ServiceConfig(knobs, service: s),
                    streams: streams, seed: seed))
        }
        self.services = services
        client.deadlineLane = scheduler.makeLane()
        client.retryLane = scheduler.makeLane()
        for s in self.services.indices {
            self.services[s].lanes = ServiceLanes(
                timeout: scheduler.makeLane(), acquire: scheduler.makeLane(), l1: scheduler.makeLane(),
                l2: scheduler.makeLane(), net: scheduler.makeLane())
        }
        buildUpstreams()
        configureAll()
        scheduler.schedule(.tick, at: Time.second)
    }

    /// A simulation of one service (the canonical pipeline) with `knobs`.
    public convenience init(knobs: KnobSet, seed: UInt64) throws {
        try self.init(topology: .single, knobs: knobs, seed: seed)
    }

    /// The current simulated time.
    public var now: SimTime { scheduler.now }
    /// Events processed so far (open-model arrivals, kept beside the queue, included).
    public var eventsProcessed: UInt64 { scheduler.processed + arrivalsProcessed }
    var arrivalsProcessed: UInt64 = 0
    /// Direct dispatch (``directAttempt(_:generation:instance:)``): allowed at all (tests turn
    /// it off to compare), allowed by the entry service's configuration now, and the direct
    /// queries in flight (each stands for a visit and a call frame).
    var directDispatch = true {
        didSet { refreshDirectDispatch() }
    }
    var directEntry = false
    var directJobs = 0
    /// Tries dispatched directly so far.
    var directDispatched: UInt64 = 0
    /// Instances in a stop-the-world pause now (`gc.*`): while none is, no event is looked at
    /// for one.
    var pausedInstances = 0
    /// Client requests started and not yet finished.
    public var inFlight: Int { client.inSystem }
    /// Whether arrivals have stopped (the run is draining).
    public var arrivalsStopped: Bool { client.arrivalsStopped }

    /// The sizes of the model's growable storage (frames, backend jobs, pending events,
    /// timeline): they grow to the largest load seen, then stay.
    public var storageFootprint: (frames: Int, jobSlots: Int, pendingEvents: Int, samples: Int) {
        (frames.capacity, jobs.count, scheduler.pending, samples.count)
    }

    /// Frames and jobs in use now: everything the model holds for requests in flight and
    /// for the work they left behind (a direct query counts the two frames it stands for).
    public var liveWork: Int { frames.live + 2 * directJobs + jobs.live }

    /// Timers scheduled since the last look for stale ones, and the pending events past
    /// which they are removed (Simulation+Timers.swift).
    var timersSinceCheck = 0
    var staleLimit = Simulation.staleFloor

    /// The most frames and queries the model holds: sixteen per `load.max_in_flight`. Past
    /// it, arrivals are shed, a client's retry is dropped at the door and a service's call
    /// attempt is refused (``atWorkLimit``), so that retries of requests already open, and
    /// the work their abandoned tries leave behind, cannot grow the model without bound.
    var workLimit: Int { 16 * client.config.maxInFlight }

    /// Whether the model holds as much work as it may (``workLimit``).
    @inline(__always) var atWorkLimit: Bool { liveWork >= workLimit }

    /// Delivers a state change to the event log and the recorder: at most
    /// ``eventsPerSecond`` in a simulated second (the tick starts the count again); past
    /// that they are counted by kind and summed up in one event at the next tick, as a
    /// kernel's log limits a message that repeats. A knob can make a state flap once a
    /// request (`load.max_in_flight=1` starts and ends a shedding episode per arrival):
    /// millions of lines a minute that no one can read and a session file gigabytes long.
    func emit(_ e: ModelEvent) {
        guard eventsThisSecond < eventsPerSecond else {
            eventsHeldBack[e.kind, default: 0] += 1
            return
        }
        eventsThisSecond += 1
        deliver(e)
    }

    private func deliver(_ e: ModelEvent) {
        eventsEmitted &+= 1
        onEvent?(e)
    }

    /// The tick: the events held back in the second that ends now, in one event; the next
    /// second's count starts.
    func reportHeldBackEvents() {
        eventsThisSecond = 0
        guard !eventsHeldBack.isEmpty else { return }
        // Kinds in their declared order, so that the line is the same in every run.
        let parts = ModelEvent.Kind.allCases.compactMap { k in
            eventsHeldBack[k].map { "\(k.rawValue) \($0)" }
        }
        let n = eventsHeldBack.values.reduce(0, +)
        eventsHeldBack.removeAll(keepingCapacity: true)
        deliver(
            ModelEvent(
                t: Time.seconds(now), kind: .suppressed,
                subject: "\(n) more events in the last second, not listed (\(parts.joined(separator: ", ")))")
        )
    }

    /// The name events give service `s`: nil with one service.
    func eventService(_ s: Int) -> String? { single ? nil : services[s].name }

    // MARK: running

    /// Processes every event up to and including time `t`, leaving the clock at `t`.
    public func advance(to t: SimTime) {
        _ = advance(to: t, budget: 0, limited: false)
    }

    /// As ``advance(to:)``, processing at most `budget` events (arrivals included); returns
    /// whether it reached `t`. When it stops short, the clock is at the last event it
    /// processed, possibly with more due at that same time; calling it again goes on from
    /// there, and any budgets give the numbers of one ``advance(to:)``. The dashboard
    /// advances this way a frame at a time, so that a knob setting that floods the model
    /// (a million users starting at once) slows the simulated clock instead of the keys.
    /// ``set(_:_:)`` and ``finishInstant()`` first process what is still due at the
    /// current time.
    @discardableResult
    public func advance(to t: SimTime, budget: Int) -> Bool {
        advance(to: t, budget: budget, limited: true)
    }

    /// The event loop; inlined into both callers, so that the unlimited one counts nothing.
    @inline(__always)
    private func advance(to t: SimTime, budget: Int, limited: Bool) -> Bool {
        var left = budget
        while true {
            let arrivalDue = client.nextArrival <= t
            let bound = arrivalDue ? client.nextArrival : t
            while !limited || left > 0, let event = scheduler.next(until: bound) {
                handle(event)
                if limited { left &-= 1 }
            }
            if limited && left <= 0 { return false }
            guard arrivalDue else { return true }
            if client.nextArrival == bound {
                client.nextArrival = .max
                if client.config.open && !client.arrivalsStopped {
                    arrivalsProcessed &+= 1
                    arrive(user: -1)
                    scheduleNextArrival()
                    if limited { left &-= 1 }
                }
            }
        }
    }

    /// Processes every event still due at the current time: after ``advance(to:budget:)``
    /// stopped inside an instant, the model is then where a run advancing to this time
    /// would have it (what a recording must start and end on).
    public func finishInstant() {
        advance(to: now)
    }

    /// Advances the simulation by `slice` nanoseconds of simulated time.
    public func advance(by slice: SimTime) {
        advance(to: now + slice)
    }

    /// A warm-up until `t`: requests arriving before `t` are left out of the statistics,
    /// whenever they finish. Call it before the run, and ``startStatistics()`` at `t`.
    /// Without it every arrival counts from time zero until ``startStatistics()`` says
    /// otherwise (the dashboard never does).
    public func warmUp(until t: SimTime) {
        statsStart = Swift.max(statsStart, t)
    }

    /// Statistics from now on count only requests arriving from now (call at the end of the
    /// warm-up); time averages (utilisation, depths) and the backends' counts restart now.
    ///
    /// The counts kept by a request's arrival (its `.counted` flag: requests, visits, calls
    /// and their latencies) start over too, unless ``warmUp(until:)`` announced this
    /// instant: then they already hold exactly the requests that arrived from it, those that
    /// arrived at this very instant before the call included, and are kept.
    public func startStatistics() {
        let announced = statsStart == now
        statsStart = now
        span.atStatisticsStart = succeededEver
        if !announced {
            client.total = Counters()
            client.latency.startStatistics()
            client.corrected.startStatistics()
        }
        client.accountInSystem(now: now)
        client.inSystemArea = 0
        for s in services.indices {
            if !announced {
                services[s].total = Counters()
                services[s].latency.startStatistics()
                services[s].jobsImmediate = 0
                services[s].jobsWaited = 0
                for u in services[s].upstreams.indices { services[s].upstreams[u].startStatistics() }
            }
            for i in services[s].instances.indices {
                services[s].instances[i].ingress.startStatistics(now: now)
            }
            for b in services[s].backends.indices {
                services[s].backends[b].account(now: now)
                services[s].backends[b].total = BackendCounters()
            }
        }
    }

    /// Stops new arrivals; requests in flight go on to finish (a run drains this way).
    public func stopArrivals() {
        client.arrivalsStopped = true
        client.nextArrival = .max
        span.stoppedAt = now
        span.countedAtStop = client.total.succeeded
        span.atStop = succeededEver
    }

    /// Requests that succeeded since time zero, whenever they arrived.
    var succeededEver: UInt64 { span.succeededTicked &+ client.interval.succeeded }

    /// When ``stopArrivals()`` was called (nil before).
    public var arrivalsStoppedAt: SimTime? { span.stoppedAt }

    /// Requests that succeeded between the start of statistics and ``stopArrivals()``,
    /// whenever they arrived (those of the warm-up's backlog too): the measured span's own
    /// throughput is this over its length. Nil before arrivals stop.
    public var succeededInSpan: UInt64? { span.succeeded }

    /// Counted requests that succeeded after ``stopArrivals()``: what a run's drain added.
    public var succeededInDrain: UInt64 {
        span.stoppedAt == nil ? 0 : client.total.succeeded &- span.countedAtStop
    }

    /// Runs until every client request in flight has finished or `limit` is reached, or
    /// `stop`, asked with the clock at each whole simulated second it comes to, says yes
    /// (the drain of a heavy run can take minutes of wall time). Returns whether it drained.
    /// Asking changes nothing: events come out in the same order.
    @discardableResult
    public func drain(limit: SimTime, stop: (() -> Bool)? = nil) -> Bool {
        var mark = (now / Time.second + 1) * Time.second
        while client.inSystem > 0 {
            let t = Swift.min(scheduler.nextTime ?? .max, client.nextArrival)
            guard t <= limit else { break }
            if let stop, t >= mark {
                // The clock at the whole second first, as a run sliced by the second has it.
                advance(to: mark)
                if stop() { break }
                mark += Time.second
                continue
            }
            advance(to: t)
        }
        return client.inSystem == 0
    }

    /// The time-average number of client requests in the system since statistics started.
    public var meanInSystem: Double {
        let area = client.inSystemArea + Double(client.inSystem) * Double(now - client.inSystemLast)
        let span = Double(now - statsStart)
        return span > 0 ? area / span : 0
    }

    func handle(_ event: Event) {
        if pausedInstances > 0, let (s, k) = pausedOwner(of: event) {
            services[s].instances[k].deferred.append(event)
            return
        }
        switch event {
        case .userReady(let u):
            guard client.config.closed, !client.arrivalsStopped, Int(u) < client.activeUsers else { return }
            arrive(user: u)
        case .jobDone(let j):
            jobDone(j)
        case .timeout(let c, let g):
            attemptTimedOut(c, generation: g)
        case .l1Reply(let v):
            end(v, .succeeded)
        case .l2Reply(let v):
            l2Replied(v)
        case .retry(let c, let g):
            if frames.generation[Int(c)] == g { attempt(c) }
        case .tick:
            tick()
        case .unejection(let s, let u):
            unejectionDue(service: Int(s), upstream: Int(u))
        case .deadline(let r, let g):
            deadlinePassed(r, generation: g)
        case .clientRetry(let r, let g):
            if frames.generation[Int(r)] == g { clientAttempt(r) }
        case .workDone(let v):
            workDone(v)
        case .visitArrives(let v):
            frames.flags[Int(v)].remove(.inTransit)
            reachInstance(v)
        case .workerInjection(let s, let k):
            injectWorker(Int(s), Int(k))
        case .acquireTimeout(let j, let serial):
            acquireTimedOut(j, serial: serial)
        case .replyArrives(let c, let g):
            replyArrived(c, generation: g)
        case .healthProbe(let s, let b):
            probeDue(Int(s), Int(b))
        case .healthTimeout(let s, let b, let serial):
            probeEnded(Int(s), Int(b), serial: serial, ok: false)
        case .pauseStart(let s, let k):
            timedPauseDue(Int(s), Int(k))
        case .pauseEnd(let s, let k):
            endPause(Int(s), Int(k))
        case .batchReady:
            startBatch()
        case .callResult(let v, let o):
            callEnded(v, Outcome(rawValue: o) ?? .failed)
        }
    }
}
