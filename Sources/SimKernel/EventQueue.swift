/// A priority queue of timed events ordered by (time, insertion sequence): a 4-ary min-heap.
///
/// Events at equal times come out in the order they were scheduled, which is what makes a
/// simulation deterministic (SimPy's `(time, priority, id)` heap and swift-nio's
/// `EmbeddedEventLoop`, which orders tasks by ready time and then insertion order, do the
/// same). Push and pop are O(log n); storage grows to the largest number of pending events
/// and is then reused, so a warm simulation allocates nothing per event.
public struct EventQueue<Event> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: SimTime
        @usableFromInline var seq: UInt64
        @usableFromInline var event: Event

        @inlinable init(time: SimTime, seq: UInt64, event: Event) {
            self.time = time
            self.seq = seq
            self.event = event
        }

        @inlinable @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && seq < other.seq)
        }
    }

    @usableFromInline var heap: ContiguousArray<Entry> = []
    @usableFromInline var nextSeq: UInt64 = 0

    public init(reservingCapacity n: Int = 1024) {
        heap.reserveCapacity(n)
    }

    /// The number of pending events.
    @inlinable public var count: Int { heap.count }
    @inlinable public var isEmpty: Bool { heap.isEmpty }

    /// The time of the earliest pending event, if any.
    @inlinable public var nextTime: SimTime? { heap.first?.time }

    /// The number of events ever scheduled.
    @inlinable public var scheduledCount: UInt64 { nextSeq }

    /// Schedules `event` at `time`.
    @inlinable
    public mutating func push(_ event: Event, at time: SimTime) {
        let entry = Entry(time: time, seq: nextSeq, event: event)
        nextSeq &+= 1
        heap.append(entry)
        siftUp(heap.count - 1)
    }

    /// Removes and returns the earliest event with its time.
    @inlinable
    public mutating func pop() -> (time: SimTime, event: Event)? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return (top.time, top.event)
    }

    /// Removes every pending event.
    public mutating func removeAll() {
        heap.removeAll(keepingCapacity: true)
    }

    @inlinable
    mutating func siftUp(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            var i = start
            let item = h[i]
            while i > 0 {
                let parent = (i - 1) >> 2
                if item.precedes(h[parent]) {
                    h[i] = h[parent]
                    i = parent
                } else {
                    break
                }
            }
            h[i] = item
        }
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = start
            let item = h[i]
            while true {
                let first = 4 * i + 1
                if first >= n { break }
                var best = first
                let end = Swift.min(first + 4, n)
                var c = first + 1
                while c < end {
                    if h[c].precedes(h[best]) { best = c }
                    c += 1
                }
                if h[best].precedes(item) {
                    h[i] = h[best]
                    i = best
                } else {
                    break
                }
            }
            h[i] = item
        }
    }
}

extension EventQueue {
    /// Checks the heap property; for tests.
    public func isValidHeap() -> Bool {
        for i in 1..<Swift.max(heap.count, 1) where heap[i].precedes(heap[(i - 1) >> 2]) {
            return false
        }
        return true
    }
}
