/// The backends' work items in flight (``Job``), in slots recycled through a free stack.
///
/// Like the ``FrameTable``, it grows to the most jobs held at once and then allocates
/// nothing; its storage is raw and owned by this noncopyable value, so taking, reading and
/// freeing a slot check no uniqueness (an array of jobs and an array of free slots did, on
/// every query).
struct JobTable: ~Copyable {
    private var slots: UnsafeMutablePointer<Job>
    private var free: UnsafeMutablePointer<Int32>
    private var freeCount = 0
    /// Slots made so far (in use or free).
    private(set) var count = 0
    private var capacity: Int

    init(reserve n: Int) {
        capacity = Swift.max(n, 16)
        slots = .allocate(capacity: capacity)
        free = .allocate(capacity: capacity)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
        free.deallocate()
    }

    /// Jobs in use now.
    var live: Int { count - freeCount }

    /// A slot holding `job`: a free one, or a new one.
    @inline(__always)
    mutating func allocate(_ job: Job) -> Int32 {
        if freeCount > 0 {
            freeCount -= 1
            let j = free[freeCount]
            slots[Int(j)] = job
            return j
        }
        if count == capacity { grow() }
        (slots + count).initialize(to: job)
        count += 1
        return Int32(count - 1)
    }

    /// Gives slot `j` back.
    @inline(__always)
    mutating func release(_ j: Int32) {
        free[freeCount] = j
        freeCount += 1
    }

    private mutating func grow() {
        let n = capacity * 2
        let s = UnsafeMutablePointer<Job>.allocate(capacity: n)
        s.moveInitialize(from: slots, count: count)
        slots.deallocate()
        slots = s
        let f = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        f.moveInitialize(from: free, count: freeCount)
        free.deallocate()
        free = f
        capacity = n
    }

    subscript(j: Int) -> Job {
        @inline(__always) unsafeAddress {
            assert(j >= 0 && j < count, "job \(j) out of 0..<\(count)")
            return UnsafePointer(slots + j)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(j >= 0 && j < count, "job \(j) out of 0..<\(count)")
            return slots + j
        }
    }
}

/// A first-in first-out queue of jobs (a backend's, waiting for a connection), linked
/// through the jobs' own `prev` and `next`: appending, taking the first and taking one out
/// from the middle (an acquire timeout) cost O(1) and allocate nothing.
struct JobQueue {
    var head: Int32 = -1
    var tail: Int32 = -1
    var count = 0
}

extension JobTable {
    /// Puts job `j` at the end of `q`.
    @inline(__always)
    func append(_ j: Int32, to q: inout JobQueue) {
        self[Int(j)].prev = q.tail
        self[Int(j)].next = -1
        self[Int(j)].queued = true
        if q.tail >= 0 { self[Int(q.tail)].next = j } else { q.head = j }
        q.tail = j
        q.count += 1
    }

    /// Takes the first job out of `q`.
    @inline(__always)
    func popFirst(_ q: inout JobQueue) -> Int32? {
        let j = q.head
        guard j >= 0 else { return nil }
        remove(j, from: &q)
        return j
    }

    /// Takes job `j` out of `q`; false if it was not queued.
    @discardableResult
    func remove(_ j: Int32, from q: inout JobQueue) -> Bool {
        guard self[Int(j)].queued else { return false }
        let p = self[Int(j)].prev
        let n = self[Int(j)].next
        if p >= 0 { self[Int(p)].next = n } else { q.head = n }
        if n >= 0 { self[Int(n)].prev = p } else { q.tail = p }
        self[Int(j)].queued = false
        q.count -= 1
        return true
    }
}
