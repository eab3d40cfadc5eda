import DequeModule
import SimKernel

/// A service instance's front door: the bounded ingress channel and the workers that take
/// requests off it.
///
/// A visit that finds a free worker and an empty channel takes the worker at once; otherwise
/// it is written into the channel with .NET's `BoundedChannelFullMode` (``BoundedChannel``):
/// queued, dropping another, dropped itself, or, in `wait` mode with the channel full,
/// parked as a blocked writer until a read makes room. With the channel switched off every
/// visit goes straight on, with no worker limit (the M/M/∞ front of the textbook presets).
///
/// Entry is ``admit(_:)``; exit is ``release(now:)``, after which the caller pumps the
/// channel with ``nextToStart()`` and ``admitBlockedWriter()``. The stage keeps the time
/// integrals of its channel depth and busy workers for the summary.
struct Ingress {
    /// What ``admit(_:)`` did with a visit.
    enum Admission {
        /// The visit goes on now; `worker` says whether it took one.
        case start(worker: Bool)
        /// Written into the channel.
        case queued
        /// Written into the channel after dropping `victim` (drop newest or drop oldest).
        case queuedDropping(victim: Int32)
        /// Dropped itself (drop write).
        case dropped
        /// The channel is full and waits: the visit is parked as a blocked writer.
        case blocked
    }

    var enabled = false
    var channel = BoundedChannel(capacity: 1, mode: .wait)
    /// Workers (`channel.consumers`).
    var workers = 0
    var busy = 0
    var blockedWriters = Deque<Int32>()
    /// `workers.min` > 0: workers grow from there, one per injection while visits wait, up
    /// to `maxWorkers`; an injection is scheduled while this is set.
    var maxWorkers = 0
    var injectionPending = false
    /// Set while the channel is being pumped (synchronous completions must not re-enter).
    var pumping = false

    // Time integrals since statistics started.
    var depthArea = 0.0
    var depthLast: SimTime = 0
    var maxDepth = 0
    var busyArea = 0.0
    var workerArea = 0.0
    var busyLast: SimTime = 0
    /// The same two integrals over this interval, while the channel is on (a sample's
    /// utilisation; the tick starts them again).
    var intervalBusyArea = 0.0
    var intervalWorkerArea = 0.0

    /// Entry: a visit arrives at the instance.
    @inline(__always)
    mutating func admit(_ v: Int32, now: SimTime) -> Admission {
        guard enabled else { return .start(worker: false) }
        if busy < workers && channel.isEmpty {
            take(now: now)
            return .start(worker: true)
        }
        accountDepth(now: now)
        defer { if channel.count > maxDepth { maxDepth = channel.count } }
        switch channel.tryWrite(v) {
        case .accepted: return .queued
        case .acceptedDropping(let victim): return .queuedDropping(victim: victim)
        case .dropped: return .dropped
        case .full:
            blockedWriters.append(v)
            return .blocked
        }
    }

    /// Exit: a visit gives its worker back.
    @inline(__always)
    mutating func release(now: SimTime) {
        accountBusy(now: now)
        busy -= 1
    }

    /// The next queued visit to start, taking a worker for it, if a worker is free.
    @inline(__always)
    mutating func nextToStart(now: SimTime) -> Int32? {
        guard busy < workers else { return nil }
        accountDepth(now: now)
        guard let next = channel.read() else { return nil }
        take(now: now)
        return next
    }

    /// Lets the first blocked writer into the channel if there is room; returns it.
    @inline(__always)
    mutating func admitBlockedWriter() -> Int32? {
        guard !channel.isFull, let w = blockedWriters.first else { return nil }
        if case .full = channel.tryWrite(w) { return nil }
        blockedWriters.removeFirst()
        return w
    }

    @inline(__always)
    mutating func take(now: SimTime) {
        accountBusy(now: now)
        busy += 1
    }

    @inline(__always)
    mutating func accountDepth(now: SimTime) {
        depthArea += Double(channel.count) * Double(now &- depthLast)
        depthLast = now
    }

    /// The workers counted are those that exist: a pool shrunk below its busy workers keeps
    /// them until each finishes its visit, so a share busy never exceeds 1.
    @inline(__always)
    mutating func accountBusy(now: SimTime) {
        let dt = Double(now &- busyLast)
        let present = Double(Swift.max(workers, busy))
        busyArea += Double(busy) * dt
        workerArea += present * dt
        if enabled {
            intervalBusyArea += Double(busy) * dt
            intervalWorkerArea += present * dt
        }
        busyLast = now
    }

    /// Statistics start now: the integrals restart.
    mutating func startStatistics(now: SimTime) {
        accountDepth(now: now)
        accountBusy(now: now)
        depthArea = 0
        busyArea = 0
        workerArea = 0
        maxDepth = channel.count
    }
}
