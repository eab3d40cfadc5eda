import DequeModule
import SimKernel

/// The load in front of the entry service: open (Poisson arrivals) or closed (users who
/// think between requests), each request with its key and kind, a deadline per try
/// (`load.timeout`) after which the client gives up while the services go on working, and
/// retries (`load.retries` after `load.retry_delay`).
///
/// It also bounds what the model holds: past `load.max_in_flight` open requests (or sixteen
/// times that many frames and queries in the whole model, work left behind by clients that
/// gave up included), new arrivals are shed, counted as dropped and as shed.
struct Client: ~Copyable {
    var config: ClientConfig
    var arrivalRandom: RandomStream
    var thinkRandom: RandomStream
    var writeRandom: RandomStream
    var keyRandom: RandomStream
    var keys: KeySource
    /// The time of the next open-model arrival (`.max` when none is due). Arrivals are
    /// kept beside the event queue rather than in it: it halves the queue's work per
    /// request. An arrival at exactly the time of a queued event comes after that event.
    var nextArrival: SimTime = .max
    var activeUsers = 0
    /// Once set, no new requests start (the run is draining).
    var arrivalsStopped = false
    /// Requests open now, and the integral of that over time (Little's law).
    var inSystem = 0
    var inSystemArea = 0.0
    var inSystemLast: SimTime = 0
    /// Whether arrivals are being shed now (one event per episode).
    var shedding = false
    /// The client's round-robin over the entry service's instances.
    var entryCursor = 0
    /// `load.model=batch`: requests of the current batch not yet finished, when it
    /// started, and whether the next one is scheduled.
    var batchOpen = 0
    var batchStarted: SimTime = -1
    var batchScheduled = false
    /// The `user` of a batch's requests.
    static let batchUser: Int32 = -2
    /// Closed-model users whose request was shed: they wait for room (a request finishing,
    /// or the next tick) rather than try again at once, so shedding costs no events.
    var parked = Deque<Int32>()
    /// The time between a user's (or a batch's) requests when they ended the instant they
    /// started (refused, dropped) and the think time is zero: a real client's loop has that
    /// much overhead, and without it a zero think time would spin in one instant.
    static let minimumCycle = Time.millisecond

    /// The scheduler's lanes for the client's deadlines and for its waits before a retry.
    var deadlineLane = 0
    var retryLane = 0

    /// End-to-end counts, since statistics started and since the last tick.
    var total = Counters()
    var interval = Counters()
    /// End-to-end latency of requests that succeeded, first arrival to reply.
    var latency = LatencyRecorder()
    /// Latency corrected for coordinated omission (closed model with an expected interval).
    var corrected = LatencyRecorder()

    init(config: ClientConfig, keys: KeySource, seed: UInt64) {
        self.config = config
        self.keys = keys
        arrivalRandom = RandomStream(seed: seed, stream: "arrivals")
        thinkRandom = RandomStream(seed: seed, stream: "think")
        writeRandom = RandomStream(seed: seed, stream: "writes")
        keyRandom = RandomStream(seed: seed, stream: "keys")
    }

    /// The next request's key.
    @inline(__always)
    mutating func nextKey() -> UInt64 { keys.next(using: &keyRandom) }

    @inline(__always)
    mutating func accountInSystem(now: SimTime) {
        inSystemArea += Double(inSystem) * Double(now &- inSystemLast)
        inSystemLast = now
    }
}
