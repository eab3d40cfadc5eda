import SimKernel

/// The state of every request in flight, as parallel arrays indexed by a slot number.
///
/// Slots are recycled through a free list, so once the table has grown to the largest
/// number of requests in flight at once, starting a request allocates nothing. The columns
/// are raw buffers owned by the table (no copy-on-write checks on the hot path). A slot's
/// `generation` only ever grows, so an event (a timeout, a backend reply) that names a slot
/// and a generation is recognised as stale when the slot has moved on.
final class RequestTable {
    struct Flags: OptionSet {
        let rawValue: UInt16
        /// A write rather than a read.
        static let write = Flags(rawValue: 1 << 0)
        /// Holds one of the channel's consumers.
        static let holdsConsumer = Flags(rawValue: 1 << 1)
        /// Holds a bulkhead permit.
        static let holdsBulkhead = Flags(rawValue: 1 << 2)
        /// A background write-behind flush, not a client's request.
        static let background = Flags(rawValue: 1 << 3)
        /// An attempt is out and the client waits for it.
        static let awaiting = Flags(rawValue: 1 << 4)
        /// The L2 lookup hit.
        static let l2Hit = Flags(rawValue: 1 << 5)
        /// Arrived after the warm-up: counts in the summary.
        static let counted = Flags(rawValue: 1 << 6)
        /// Leads a coalesced fill that others wait on.
        static let leader = Flags(rawValue: 1 << 7)
        /// The breaker permitted the current attempt (its outcome must be reported).
        static let breakerPermit = Flags(rawValue: 1 << 8)
        /// Parked in the channel or behind a full channel.
        static let queued = Flags(rawValue: 1 << 9)
    }

    private(set) var capacity = 0
    var arrival: UnsafeMutablePointer<SimTime>
    var key: UnsafeMutablePointer<UInt64>
    var user: UnsafeMutablePointer<Int32>
    var attempts: UnsafeMutablePointer<Int32>
    var generation: UnsafeMutablePointer<UInt32>
    var attemptStart: UnsafeMutablePointer<SimTime>
    var backend: UnsafeMutablePointer<Int32>
    var flags: UnsafeMutablePointer<Flags>
    /// Intrusive list link (coalescing waiters).
    var next: UnsafeMutablePointer<Int32>
    /// The previous backoff delay (decorrelated jitter needs it).
    var lastBackoff: UnsafeMutablePointer<SimTime>
    var free: UnsafeMutablePointer<Int32>
    var freeCount = 0
    private(set) var live = 0

    init(reserve n: Int) {
        arrival = .allocate(capacity: 0)
        key = .allocate(capacity: 0)
        user = .allocate(capacity: 0)
        attempts = .allocate(capacity: 0)
        generation = .allocate(capacity: 0)
        attemptStart = .allocate(capacity: 0)
        backend = .allocate(capacity: 0)
        flags = .allocate(capacity: 0)
        next = .allocate(capacity: 0)
        lastBackoff = .allocate(capacity: 0)
        free = .allocate(capacity: 0)
        grow(to: n)
    }

    deinit {
        arrival.deallocate()
        key.deallocate()
        user.deallocate()
        attempts.deallocate()
        generation.deallocate()
        attemptStart.deallocate()
        backend.deallocate()
        flags.deallocate()
        next.deallocate()
        lastBackoff.deallocate()
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
        RequestTable.regrow(&arrival, old, n, 0)
        RequestTable.regrow(&key, old, n, 0)
        RequestTable.regrow(&user, old, n, -1)
        RequestTable.regrow(&attempts, old, n, 0)
        RequestTable.regrow(&generation, old, n, 0)
        RequestTable.regrow(&attemptStart, old, n, 0)
        RequestTable.regrow(&backend, old, n, -1)
        RequestTable.regrow(&flags, old, n, [])
        RequestTable.regrow(&next, old, n, -1)
        RequestTable.regrow(&lastBackoff, old, n, 0)
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

    /// A fresh slot (growing the table by doubling when none is free).
    @inline(__always)
    func allocate() -> Int32 {
        if freeCount == 0 { grow(to: Swift.max(capacity * 2, 64)) }
        freeCount -= 1
        let r = free[freeCount]
        let i = Int(r)
        generation[i] &+= 1
        attempts[i] = 0
        flags[i] = []
        next[i] = -1
        user[i] = -1
        backend[i] = -1
        lastBackoff[i] = 0
        live += 1
        return r
    }

    @inline(__always)
    func release(_ r: Int32) {
        generation[Int(r)] &+= 1
        free[freeCount] = r
        freeCount += 1
        live -= 1
    }
}
