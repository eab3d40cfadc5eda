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
