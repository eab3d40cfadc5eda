import SimKernel

/// The backends' work items in flight (``Job``), in slots recycled through a free stack.
///
/// Like the ``FrameTable``, it grows to the most jobs held at once and then allocates
/// nothing; its storage is ``Slots`` (raw, owned by this noncopyable value), so taking,
/// reading and freeing a slot check no uniqueness (an array of jobs and an array of free
/// slots did, on every query).
struct JobTable: ~Copyable {
    private var slots: Slots<Job>
    /// Slots given back, the last given back on top.
    private var free: Slots<Int32>

    init(reserve n: Int) {
        slots = Slots(reserve: n)
        free = Slots(reserve: n)
    }

    /// Slots made so far (in use or free).
    var count: Int { slots.count }

    /// Jobs in use now.
    var live: Int { slots.count - free.count }

    /// A slot holding `job`: a free one, or a new one.
    @inline(__always)
    mutating func allocate(_ job: Job) -> Int32 {
        if free.count > 0 {
            let j = free.removeLast()
            slots[Int(j)] = job
            return j
        }
        slots.append(job)
        return Int32(slots.count - 1)
    }

    /// Gives slot `j` back.
    @inline(__always)
    mutating func release(_ j: Int32) {
        free.append(j)
    }

    subscript(j: Int) -> Job {
        @inline(__always) _read { yield slots[j] }
        @inline(__always) nonmutating _modify { yield &slots[j] }
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
