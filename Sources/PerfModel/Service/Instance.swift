import DequeModule
import SimKernel

/// One instance (process) of a service: what each instance has of its own.
///
/// Its ingress channel and workers, its bulkhead and its L1 cache (with the single-flight
/// table of the fills under way), and its faults. The service's L2, database and upstreams
/// are shared by its instances.
struct Instance {
    var ingress = Ingress()
    var bulkhead = Bulkhead(maxConcurrentCalls: 1)
    var l1 = CacheLevel()
    /// Coalescing: the visit leading the fill of each key; followers hang off its `next` list.
    var fills: [UInt64: Int32] = [:]
    /// Taken away by `instances` (it finishes what it holds, and is chosen no more).
    var retired = false
    /// `instance.N.down`: refuses every call.
    var down = false
    /// `instance.N.slowdown`: work.time multiplied by this.
    var slowdown = 1.0

    // Stop-the-world pauses (`gc.*`).
    /// In a pause now: nothing in the process runs; visits that arrive are held, and the
    /// events of its visits wait in `deferred`, until it ends.
    var paused = false
    var pauseStart: SimTime = 0
    var pauseEnd: SimTime = 0
    /// Pause time before the current pause (a visit's work is pushed back by the pause time
    /// that passed while it ran).
    var pausedBefore: SimTime = 0
    var held = Deque<Int32>()
    var deferred = Deque<Event>()
    /// Requests finished since the last pause (`gc.every`).
    var finishedSincePause = 0
    /// Whether the next timed pause is scheduled.
    var pauseScheduled = false
    /// When a pause was last reported (one event per second at most).
    var pauseReported: SimTime = -1
    var pausesUnreported = 0

    /// The pause time that has passed by `now`, the current pause included.
    @inline(__always)
    func pauseTime(now: SimTime) -> SimTime {
        paused ? pausedBefore + (now - pauseStart) : pausedBefore
    }
}
