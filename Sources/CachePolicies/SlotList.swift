/// The `prev`/`next` links of intrusive doubly-linked lists over slot indices.
///
/// Several ``SlotQueue``s may share one `SlotLinks` (a slot belongs to at most one queue at
/// a time), which is how the multi-queue policies (S3-FIFO, ARC, 2Q, W-TinyLFU) keep all
/// their queues over one slot space. `next` points from the head (newest) towards the
/// tail (oldest); -1 ends a list.
public struct SlotLinks {
    @usableFromInline var prev: [Int32]
    @usableFromInline var next: [Int32]

    /// Links for `count` slots, none of them in a list.
    public init(count: Int) {
        prev = Array(repeating: -1, count: count)
        next = Array(repeating: -1, count: count)
    }
}

/// One intrusive doubly-linked list (head = most recently added, tail = oldest) over the
/// slots of a ``SlotLinks``. Every operation is O(1) and allocates nothing.
public struct SlotQueue {
    /// The newest slot, or -1 when empty.
    public var head: Int32 = -1
    /// The oldest slot, or -1 when empty.
    public var tail: Int32 = -1
    /// The number of slots in the list.
    public var count: Int = 0

    public init() {}

    @inlinable
    public mutating func pushHead(_ s: Int32, _ links: inout SlotLinks) {
        links.prev[Int(s)] = -1
        links.next[Int(s)] = head
        if head >= 0 { links.prev[Int(head)] = s } else { tail = s }
        head = s
        count &+= 1
    }

    @inlinable
    public mutating func remove(_ s: Int32, _ links: inout SlotLinks) {
        let p = links.prev[Int(s)]
        let n = links.next[Int(s)]
        if p >= 0 { links.next[Int(p)] = n } else { head = n }
        if n >= 0 { links.prev[Int(n)] = p } else { tail = p }
        count &-= 1
    }

    @inlinable
    public mutating func moveToHead(_ s: Int32, _ links: inout SlotLinks) {
        if s == head { return }
        remove(s, &links)
        pushHead(s, &links)
    }

    /// Removes and returns the tail. The queue must not be empty.
    @inlinable
    public mutating func popTail(_ links: inout SlotLinks) -> Int32 {
        let s = tail
        remove(s, &links)
        return s
    }
}
