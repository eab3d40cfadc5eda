import DequeModule
import SimKernel

/// The canonical pipeline as a discrete-event model: load generator → ingress channel →
/// bulkhead → L1 → L2 → circuit breaker → load balancer → backends, with per-attempt timeouts
/// and retries around the backend call, and a cache write strategy for writes.
///
/// Every stage can be switched off and then passes requests straight on; with all of them
/// off and exponential service this is the M/M/c queue. The model is advanced with
/// ``advance(to:)`` in slices of any size: the results depend only on the seed and on the
/// simulated times at which knobs change (``set(_:_:)``), never on how a run is sliced.
public final class Pipeline {
    public let seed: UInt64
    public internal(set) var knobs: KnobSet
    var scheduler = Scheduler<Event>(reservingCapacity: 4096)
    var requests = RequestTable(reserve: 1024)
    var jobs: [Job] = []
    var freeJobs: [Int32] = []

    // Load.
    var openModel = true
    /// The time of the next open-model arrival (`.max` when none is due). Arrivals are
    /// kept beside the event queue rather than in it: it halves the queue's work per
    /// request. An arrival at exactly the time of a queued event comes after that event.
    var nextArrival: SimTime = .max
    var arrivalMean: Double = 0
    var arrivalRandom: RandomStream
    var thinkRandom: RandomStream
    var writeRandom: RandomStream
    var keyRandom: RandomStream
    var keys: KeySource
    var writeRatio = 0.0
    var activeUsers = 0
    var thinkMean = 0.0
    /// Once set, no new requests start (the run is draining).
    public internal(set) var arrivalsStopped = false

    // Ingress channel and bulkhead.
    var channelEnabled = false
    var channel = BoundedChannel(capacity: 1, mode: .wait)
    var consumers = 0
    var consumersBusy = 0
    var blockedWriters = Deque<Int32>()
    var pumping = false
    var channelDepthArea: Double = 0
    var channelDepthLast: SimTime = 0
    var channelMaxDepth = 0
    var bulkheadEnabled = false
    var bulkhead = Bulkhead(maxConcurrentCalls: 1)

    // Caches.
    var l1 = CacheStage()
    var l2 = CacheStage()
    var l1Latency: SimTime = 0
    var l2Latency: SimTime = 0
    var writeMode = WriteMode.aside
    var coalesce = false
    /// Coalescing: the request leading the fill of each key; followers hang off its `next` list.
    var fills: [UInt64: Int32] = [:]
    var behindQueue = Deque<UInt64>()
    var behindWorkers = 0
    var behindActive = 0
    var pumpingBehind = false

    // Breaker, balancer, backends.
    var breakerEnabled = false
    var breaker = CircuitBreaker()
    var balancer = LoadBalancer(backendCount: 1, algorithm: .roundRobin)
    var balancerRandom: RandomStream
    var outliers = OutlierDetector(hostCount: 1)
    var ejectionEnabled = false
    var backends: [Backend] = []
    var backendCount = 0
    var timeout: SimTime = 0
    var retryMax = 0
    var backoff = Backoff(base: 0, cap: 0, jitter: .none)
    var jitterRandom: RandomStream

    // Statistics.
    /// Requests arriving from this time on count in the summary (the end of the warm-up).
    public internal(set) var statsStart: SimTime = 0
    public internal(set) var total = Counters()
    var interval = Counters()
    public internal(set) var latency = LatencyHistogram()
    var intervalLatency = LatencyHistogram()
    /// Integral of requests in the system over time (for Little's law), request·ns.
    var inSystemArea: Double = 0
    var inSystemLast: SimTime = 0
    var inSystem = 0
    /// Jobs that started without waiting, and that waited, since statsStart.
    public internal(set) var jobsImmediate: UInt64 = 0
    public internal(set) var jobsWaited: UInt64 = 0
    var lastTick: SimTime = 0
    /// The timeline, one sample per simulated second, oldest first: the last
    /// ``timelineLimit`` seconds of it, so memory stays flat however long a run is.
    public internal(set) var samples: [Sample] = []
    /// How many seconds of timeline to keep (10 hours by default).
    public var timelineLimit = 36_000
    /// Whether samples carry their interval's histogram (session recorders need them).
    public var keepsSampleHistograms = false
    /// Called with each new sample (recorders and dashboards listen here).
    public var onSample: ((Sample) -> Void)?
    /// Called with each state change (breaker transitions, backends down and up, ejections).
    public var onEvent: ((PipelineEvent) -> Void)?
    /// Test hook: hears the end-to-end latency of every succeeded request as it finishes
    /// (tests compare percentiles against exact order statistics of these).
    var latencyProbe: ((Int64) -> Void)?

    func emit(_ kind: String, _ detail: String) {
        onEvent?(PipelineEvent(t: Time.seconds(now), kind: kind, detail: detail))
    }

    /// A pipeline over `knobs`, with every random stream derived from `seed`.
    public init(knobs: KnobSet, seed: UInt64) throws {
        self.seed = seed
        self.knobs = knobs
        arrivalRandom = RandomStream(seed: seed, stream: "arrivals")
        thinkRandom = RandomStream(seed: seed, stream: "think")
        writeRandom = RandomStream(seed: seed, stream: "writes")
        keyRandom = RandomStream(seed: seed, stream: "keys")
        balancerRandom = RandomStream(seed: seed, stream: "balancer")
        jitterRandom = RandomStream(seed: seed, stream: "jitter")
        keys = try KeySource(knobs: knobs)
        jobs.reserveCapacity(1024)
        configureAll()
        scheduler.schedule(.tick, at: Time.second)
    }

    /// The current simulated time.
    public var now: SimTime { scheduler.now }
    /// Events processed so far (open-model arrivals, kept beside the queue, included).
    public var eventsProcessed: UInt64 { scheduler.processed + arrivalsProcessed }
    var arrivalsProcessed: UInt64 = 0
    /// Requests started and not yet finished.
    public var inFlight: Int { inSystem }

    /// The sizes of the model's growable storage (request slots, backend jobs, pending
    /// events, timeline): they grow to the largest load seen, then stay.
    public var storageFootprint: (requestSlots: Int, jobSlots: Int, pendingEvents: Int, samples: Int) {
        (requests.capacity, jobs.count, scheduler.pending, samples.count)
    }

    // MARK: running

    /// Processes every event up to and including time `t`, leaving the clock at `t`.
    public func advance(to t: SimTime) {
        while true {
            let arrivalDue = nextArrival <= t
            let bound = arrivalDue ? nextArrival : t
            while let event = scheduler.next(until: bound) {
                handle(event)
            }
            guard arrivalDue else { return }
            if nextArrival == bound {
                nextArrival = .max
                if openModel && !arrivalsStopped {
                    arrivalsProcessed &+= 1
                    startRequest(user: -1)
                    scheduleNextArrival()
                }
            }
        }
    }

    /// Advances the simulation by `slice` nanoseconds of simulated time.
    public func advance(by slice: SimTime) {
        advance(to: now + slice)
    }

    /// Statistics from now on count only requests arriving from now (call at the end of the
    /// warm-up).
    public func startStatistics() {
        statsStart = now
        total = Counters()
        latency.reset()
        accountInSystem()
        inSystemArea = 0
        jobsImmediate = 0
        jobsWaited = 0
        accountChannel()
        channelDepthArea = 0
        channelMaxDepth = channel.count
        for i in backends.indices {
            backends[i].account(now: now)
            backends[i].total = BackendCounters()
        }
    }

    /// Stops new arrivals; requests in flight go on to finish (a run drains this way).
    public func stopArrivals() {
        arrivalsStopped = true
        nextArrival = .max
    }

    /// Runs until every request in flight has finished or `limit` is reached. Returns
    /// whether it drained.
    @discardableResult
    public func drain(limit: SimTime) -> Bool {
        while inSystem > 0 {
            let t = Swift.min(scheduler.nextTime ?? .max, nextArrival)
            guard t <= limit else { break }
            advance(to: t)
        }
        return inSystem == 0
    }

    /// The time-average number of requests in the system since statistics started.
    public var meanInSystem: Double {
        let area = inSystemArea + Double(inSystem) * Double(now - inSystemLast)
        let span = Double(now - statsStart)
        return span > 0 ? area / span : 0
    }

    @inline(__always)
    func accountInSystem() {
        let t = scheduler.now
        inSystemArea += Double(inSystem) * Double(t &- inSystemLast)
        inSystemLast = t
    }

    func handle(_ event: Event) {
        switch event {
        case .userReady(let u):
            guard !openModel, !arrivalsStopped, Int(u) < activeUsers else { return }
            startRequest(user: u)
        case .jobDone(let j):
            jobDone(j)
        case .timeout(let r, let g):
            attemptTimedOut(r, generation: g)
        case .l1Reply(let r):
            finish(r, .succeeded)
        case .l2Reply(let r):
            l2Replied(r)
        case .retry(let r, let g):
            if requests.generation[Int(r)] == g { attempt(r) }
        case .tick:
            tick()
        case .unejection(let b):
            unejectionDue(Int(b))
        }
    }

    // MARK: load

    func scheduleNextArrival() {
        guard openModel, !arrivalsStopped, arrivalMean > 0 else { return }
        let gap = Time.ns(arrivalMean * arrivalRandom.nextExponential())
        nextArrival = now + gap
    }

    func scheduleUser(_ u: Int32) {
        guard !arrivalsStopped else { return }
        let gap = thinkMean > 0 ? Time.ns(thinkMean * thinkRandom.nextExponential()) : 0
        scheduler.schedule(.userReady(u), after: gap)
    }
}

import Foundation
