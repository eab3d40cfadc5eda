import SimKernel

/// Every call in flight, as a frame in parallel columns indexed by a slot number.
///
/// Three kinds of frame, linked child to parent:
///
/// - a **request**: the client's, from its arrival to its reply (across the client's own
///   retries); its child is the visit of its current try;
/// - a **visit**: a request at one instance of a service, from its arrival there through the
///   service's stages and call plan to its reply; its parent is the call (or request) that
///   made it, or none for an async hand-off or a write-behind flush;
/// - a **call**: one call of a visit's plan to the service's database or to another
///   service, through the service's upstream for that target (breaker, balancer, timeout,
///   retries); its child is the backend job or the callee's visit of its current attempt.
///
/// A child keeps its parent's slot and the parent's generation at the time it was made; a
/// reply reaches the parent only if that generation still matches (a caller that timed out
/// has moved on, and the work goes on for nobody). Slots are recycled through a free list,
/// so once the table has grown to the most frames in flight at once nothing is allocated;
/// the columns are raw buffers owned by the table (no copy-on-write checks on the hot path).
final class FrameTable {
    enum Kind: UInt8 {
        case free, request, visit, call
    }

    struct Flags: OptionSet {
        let rawValue: UInt32
        /// A write rather than a read.
        static let write = Flags(rawValue: 1 << 0)
        /// Belongs to a request that arrived after the warm-up: its counts go in the summary.
        static let counted = Flags(rawValue: 1 << 1)
        /// A write-behind flush: no client, no worker, no caches.
        static let background = Flags(rawValue: 1 << 2)
        /// A visit nobody waits for (an async hand-off).
        static let detached = Flags(rawValue: 1 << 3)
        /// A visit holds one of its instance's workers.
        static let holdsWorker = Flags(rawValue: 1 << 4)
        /// A visit holds a bulkhead permit.
        static let holdsBulkhead = Flags(rawValue: 1 << 5)
        /// A visit leads a coalesced fill that others wait on.
        static let leader = Flags(rawValue: 1 << 6)
        /// A visit's L2 lookup hit.
        static let l2Hit = Flags(rawValue: 1 << 7)
        /// A visit is in its instance's channel or parked behind it.
        static let queued = Flags(rawValue: 1 << 8)
        /// A call or request has an attempt out and waits for it.
        static let awaiting = Flags(rawValue: 1 << 9)
        /// A call's breaker permitted the current attempt (its outcome must be reported).
        static let breakerPermit = Flags(rawValue: 1 << 10)
        /// A call is async: it ends when its visit is let into the callee's channel.
        static let async = Flags(rawValue: 1 << 11)
        /// A visit's current step has a call that failed.
        static let stepFailed = Flags(rawValue: 1 << 12)
        /// A detached visit whose async call still waits for it to be let in.
        static let admissionAwaited = Flags(rawValue: 1 << 13)
        /// A visit is still on its way over the network.
        static let inTransit = Flags(rawValue: 1 << 14)
    }

    private(set) var capacity = 0
    var kind: UnsafeMutablePointer<Kind>
    var flags: UnsafeMutablePointer<Flags>
    /// Visit: its service. Call: the calling service.
    var service: UnsafeMutablePointer<Int16>
    /// Visit: its instance. Call: the instance or backend of its current attempt.
    var instance: UnsafeMutablePointer<Int16>
    var parent: UnsafeMutablePointer<Int32>
    var parentGeneration: UnsafeMutablePointer<UInt32>
    /// Grows at every allocation, release, attempt and retry: events and children that
    /// name an older generation are stale.
    var generation: UnsafeMutablePointer<UInt32>
    /// Call or request: the visit or job of the current attempt.
    var child: UnsafeMutablePointer<Int32>
    /// Intrusive list link (coalesced visits waiting on a leader).
    var next: UnsafeMutablePointer<Int32>
    /// Request: the closed-model user, or -1.
    var user: UnsafeMutablePointer<Int32>
    /// Call or request: attempts so far.
    var attempts: UnsafeMutablePointer<Int32>
    /// Call: its index in the calling service's plan (-1: a write-behind flush). Visit: the
    /// service whose call made it, or -1 for the client's request.
    var call: UnsafeMutablePointer<Int32>
    /// Visit: the plan step it is at. Call: calls left to make one after another (`count`).
    var step: UnsafeMutablePointer<Int16>
    /// Visit: calls of the current step not yet ended.
    var pending: UnsafeMutablePointer<Int16>
    /// The outcome a visit or call ends with (a failed step's first failure; a reply in
    /// transit over the network).
    var outcome: UnsafeMutablePointer<Outcome>
    /// Request: arrival at the client. Visit: arrival at its instance.
    var arrival: UnsafeMutablePointer<SimTime>
    /// Call or request: when the current attempt started.
    var attemptStart: UnsafeMutablePointer<SimTime>
    /// Call: the previous backoff delay (decorrelated jitter needs it).
    var lastBackoff: UnsafeMutablePointer<SimTime>
    var key: UnsafeMutablePointer<UInt64>
    var free: UnsafeMutablePointer<Int32>
    var freeCount = 0
    /// Frames in use.
    private(set) var live = 0

    init(reserve n: Int) {
        kind = .allocate(capacity: 0)
        flags = .allocate(capacity: 0)
        service = .allocate(capacity: 0)
        instance = .allocate(capacity: 0)
        parent = .allocate(capacity: 0)
        parentGeneration = .allocate(capacity: 0)
        generation = .allocate(capacity: 0)
        child = .allocate(capacity: 0)
        next = .allocate(capacity: 0)
        user = .allocate(capacity: 0)
        attempts = .allocate(capacity: 0)
        call = .allocate(capacity: 0)
        step = .allocate(capacity: 0)
        pending = .allocate(capacity: 0)
        outcome = .allocate(capacity: 0)
        arrival = .allocate(capacity: 0)
        attemptStart = .allocate(capacity: 0)
        lastBackoff = .allocate(capacity: 0)
        key = .allocate(capacity: 0)
        free = .allocate(capacity: 0)
        grow(to: n)
    }

    deinit {
        kind.deallocate()
        flags.deallocate()
        service.deallocate()
        instance.deallocate()
        parent.deallocate()
        parentGeneration.deallocate()
        generation.deallocate()
        child.deallocate()
        next.deallocate()
        user.deallocate()
        attempts.deallocate()
        call.deallocate()
        step.deallocate()
        pending.deallocate()
        outcome.deallocate()
        arrival.deallocate()
        attemptStart.deallocate()
        lastBackoff.deallocate()
        key.deallocate()
        free.deallocate()
    }

    private static func regrow<T>(_ p: inout UnsafeMutablePointer<T>, _ old: Int, _ n: Int, _ fill: T) {
        let q = UnsafeMutablePointer<T>.allocate(capacity: n)
        q.moveInitialize(from: p, count: old)
        (q + old).initialize(repeating: fill, count: n - old)
        p.deallocate()
        p = q
    }

    func grow(to n: Int) {
        let old = capacity
        guard n > old else { return }
        FrameTable.regrow(&kind, old, n, .free)
        FrameTable.regrow(&flags, old, n, [])
        FrameTable.regrow(&service, old, n, -1)
        FrameTable.regrow(&instance, old, n, -1)
        FrameTable.regrow(&parent, old, n, -1)
        FrameTable.regrow(&parentGeneration, old, n, 0)
        FrameTable.regrow(&generation, old, n, 0)
        FrameTable.regrow(&child, old, n, -1)
        FrameTable.regrow(&next, old, n, -1)
        FrameTable.regrow(&user, old, n, -1)
        FrameTable.regrow(&attempts, old, n, 0)
        FrameTable.regrow(&call, old, n, -1)
        FrameTable.regrow(&step, old, n, 0)
        FrameTable.regrow(&pending, old, n, 0)
        FrameTable.regrow(&outcome, old, n, .succeeded)
        FrameTable.regrow(&arrival, old, n, 0)
        FrameTable.regrow(&attemptStart, old, n, 0)
        FrameTable.regrow(&lastBackoff, old, n, 0)
        FrameTable.regrow(&key, old, n, 0)
        let f = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        f.moveInitialize(from: free, count: freeCount)
        free.deallocate()
        free = f
        for i in stride(from: n - 1, through: old, by: -1) {
            free[freeCount] = Int32(i)
            freeCount += 1
        }
        capacity = n
    }

    /// A fresh frame of `kind` (growing the table by doubling when none is free), with
    /// `flags` and its links cleared.
    @inline(__always)
    func allocate(_ kind: Kind, flags f: Flags) -> Int32 {
        if freeCount == 0 { grow(to: Swift.max(capacity * 2, 64)) }
        freeCount -= 1
        let r = free[freeCount]
        let i = Int(r)
        self.kind[i] = kind
        generation[i] &+= 1
        attempts[i] = 0
        flags[i] = f
        next[i] = -1
        parent[i] = -1
        child[i] = -1
        lastBackoff[i] = 0
        live += 1
        return r
    }

    @inline(__always)
    func release(_ r: Int32) {
        let i = Int(r)
        generation[i] &+= 1
        kind[i] = .free
        free[freeCount] = r
        freeCount += 1
        live -= 1
    }
}

/// How a request, a visit or a call ended.
enum Outcome: UInt8 {
    case succeeded, failed, timedOut, rejected, dropped
}

extension FrameTable {
    /// Whether frame `i`, a `kind` (a call or a request), still waits for its attempt
    /// `generation`: the test every reply, timeout and deadline makes before acting, and
    /// the one that says a pending timer is stale (Simulation+Timers.swift).
    @inline(__always)
    func awaits(_ i: Int, _ kind: Kind, generation g: UInt32) -> Bool {
        self.kind[i] == kind && generation[i] == g && flags[i].contains(.awaiting)
    }
}
