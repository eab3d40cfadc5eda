/// A priority queue of timed events ordered by (time, insertion sequence): a 4-ary min-heap.
///
/// Events at equal times come out in the order they were scheduled, which is what makes a
/// simulation deterministic (SimPy's `(time, priority, id)` heap and swift-nio's
/// `EmbeddedEventLoop`, which orders tasks by ready time and then insertion order, do the
/// same). Push and pop are O(log n); storage grows to the largest number of pending events
/// and is then reused, so a warm simulation allocates nothing per event.
///
/// The heap is a raw buffer owned by this noncopyable value (freed by its `deinit`): an
/// array's copy-on-write check on every push and pop cost more than the sift itself.
///
/// A pop hands out the root and leaves its slot empty; the next push fills that slot and
/// sifts down once, where a pop and a push would each sift (a simulation's handler usually
/// schedules an event as soon as it has taken one). Only a second pop in a row fills the
/// slot with the last entry first.
public struct EventQueue<Event>: ~Copyable {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: SimTime
        @usableFromInline var seq: UInt64
        @usableFromInline var event: Event
        /// The ``Scheduler`` lane whose head this is, or -1.
        @usableFromInline var lane: Int32

        @inlinable init(time: SimTime, seq: UInt64, event: Event, lane: Int32 = -1) {
            self.time = time
            self.seq = seq
            self.event = event
            self.lane = lane
        }

        @inlinable @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && seq < other.seq)
        }
    }

    @usableFromInline var heap: UnsafeMutablePointer<Entry>
    /// Slots in use, the root's included when it is empty (``rootTaken``).
    @usableFromInline var _count = 0
    /// The root's entry was handed out: slot 0 is empty, the entries are in 1..<_count.
    @usableFromInline var rootTaken = false
    @usableFromInline var capacity: Int
    @usableFromInline var nextSeq: UInt64 = 0

    public init(reservingCapacity n: Int = 1024) {
        capacity = Swift.max(n, 4)
        heap = .allocate(capacity: capacity)
    }

    deinit {
        if rootTaken {
            (heap + 1).deinitialize(count: _count - 1)
        } else {
            heap.deinitialize(count: _count)
        }
        heap.deallocate()
    }

    /// The number of pending events.
    @inlinable public var count: Int { rootTaken ? _count - 1 : _count }
    @inlinable public var isEmpty: Bool { count == 0 }

    /// The time of the earliest pending event, if any.
    @inlinable public var nextTime: SimTime? {
        guard rootTaken else { return _count > 0 ? heap[0].time : nil }
        // The earliest is the root's earliest child.
        guard _count > 1 else { return nil }
        var best = 1
        var c = 2
        while c < Swift.min(5, _count) {
            if heap[c].precedes(heap[best]) { best = c }
            c += 1
        }
        return heap[best].time
    }

    /// The number of events ever scheduled.
    @inlinable public var scheduledCount: UInt64 { nextSeq }

    @usableFromInline
    mutating func grow() {
        let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: heap, count: _count)
        heap.deallocate()
        heap = bigger
        capacity *= 2
    }

    /// Schedules `event` at `time`.
    @inlinable
    public mutating func push(_ event: Event, at time: SimTime) {
        let item = Entry(time: time, seq: nextSeq, event: event)
        nextSeq &+= 1
        push(item)
    }

    /// The sequence number the next event scheduled gets (taking it).
    @inlinable
    mutating func takeSeq() -> UInt64 {
        defer { nextSeq &+= 1 }
        return nextSeq
    }

    /// Puts an entry whose sequence number was already taken into the heap.
    @inlinable
    mutating func push(_ item: Entry) {
        if rootTaken {
            rootTaken = false
            siftDown(item, fromEmpty: 0)
            return
        }
        if _count == capacity { grow() }
        // Sift up: parents that come after the new entry move down into the hole.
        var i = _count
        _count += 1
        while i > 0 {
            let parent = (i - 1) >> 2
            guard item.precedes(heap[parent]) else { break }
            (heap + i).moveInitialize(from: heap + parent, count: 1)
            i = parent
        }
        (heap + i).initialize(to: item)
    }

    /// Removes and returns the earliest event with its time.
    @inlinable
    public mutating func pop() -> (time: SimTime, event: Event)? {
        guard let top = popEntry() else { return nil }
        return (top.time, top.event)
    }

    /// Removes and returns the earliest entry (leaving the root's slot empty).
    @inlinable
    mutating func popEntry() -> Entry? {
        if rootTaken { fillRoot() }
        guard _count > 0 else { return nil }
        rootTaken = true
        return heap.move()
    }

    /// Fills the empty root's slot with the last entry.
    @inlinable
    mutating func fillRoot() {
        rootTaken = false
        _count -= 1
        if _count > 0 { siftDown((heap + _count).move(), fromEmpty: 0) }
    }

    /// Puts `item` into the empty slot `i` or below it, moving the earliest children up.
    @inlinable
    mutating func siftDown(_ item: Entry, fromEmpty start: Int) {
        let n = _count
        var i = start
        while true {
            let first = 4 * i + 1
            if first >= n { break }
            var best = first
            let end = Swift.min(first + 4, n)
            var c = first + 1
            while c < end {
                if heap[c].precedes(heap[best]) { best = c }
                c += 1
            }
            guard heap[best].precedes(item) else { break }
            (heap + i).moveInitialize(from: heap + best, count: 1)
            i = best
        }
        (heap + i).initialize(to: item)
    }

    /// Removes the pending events that are not lane heads and that `drop` picks, and
    /// rebuilds the heap from the rest (Floyd's bottom-up construction, O(n)). The rest come
    /// out in the same (time, sequence) order as before. Returns how many were removed.
    @usableFromInline
    mutating func removeAll(where drop: (Event) -> Bool) -> Int {
        if rootTaken { fillRoot() }
        var kept = 0
        for i in 0..<_count {
            let e = (heap + i).move()
            if e.lane < 0 && drop(e.event) { continue }
            (heap + kept).initialize(to: e)
            kept += 1
        }
        let removed = _count - kept
        _count = kept
        if kept > 1 {
            var i = (kept - 2) >> 2
            while i >= 0 {
                siftDown((heap + i).move(), fromEmpty: i)
                i -= 1
            }
        }
        return removed
    }

    /// Removes every pending event.
    public mutating func removeAll() {
        if rootTaken {
            (heap + 1).deinitialize(count: _count - 1)
        } else {
            heap.deinitialize(count: _count)
        }
        _count = 0
        rootTaken = false
    }
}

extension EventQueue {
    /// Checks the heap property; for tests.
    public func isValidHeap() -> Bool {
        for i in 1..<Swift.max(_count, 1) where (!rootTaken || i > 4) && heap[i].precedes(heap[(i - 1) >> 2])
        {
            return false
        }
        return true
    }
}
