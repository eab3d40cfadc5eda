/// One slot's record: its key and its links in whichever queue holds it. Keeping the three
/// together means a policy touching a slot loads one cache line, not three.
public struct SlotNode: Sendable {
    public var key: UInt64
    /// The neighbour towards the head (newer), or -1.
    public var prev: Int32
    /// The neighbour towards the tail (older), or -1.
    public var next: Int32

    @inlinable init(key: UInt64, prev: Int32, next: Int32) {
        self.key = key
        self.prev = prev
        self.next = next
    }
}

/// The nodes of intrusive doubly-linked lists over slot indices.
///
/// Several ``SlotQueue``s may share one `SlotLinks` (a slot belongs to at most one queue at
/// a time), which is how the multi-queue policies (S3-FIFO, ARC, 2Q, W-TinyLFU) keep all
/// their queues over one slot space. `next` points from the head (newest) towards the
/// tail (oldest); -1 ends a list.
public struct SlotLinks: Sendable {
    @usableFromInline var nodes: [SlotNode]

    /// Links for `count` slots, none of them in a list.
    public init(count: Int) {
        nodes = Array(repeating: SlotNode(key: 0, prev: -1, next: -1), count: count)
    }

    @inlinable @inline(__always)
    public func prev(_ s: Int32) -> Int32 { nodes[Int(s)].prev }

    @inlinable @inline(__always)
    public func next(_ s: Int32) -> Int32 { nodes[Int(s)].next }
}

/// One intrusive doubly-linked list (head = most recently added, tail = oldest) over the
/// slots of a ``SlotLinks``. Every operation is O(1) and allocates nothing.
public struct SlotQueue: Sendable {
    /// The newest slot, or -1 when empty.
    public var head: Int32 = -1
    /// The oldest slot, or -1 when empty.
    public var tail: Int32 = -1
    /// The number of slots in the list.
    public var count: Int = 0

    public init() {}

    @inlinable
    public mutating func pushHead(_ s: Int32, _ links: inout SlotLinks) {
        links.nodes.withUnsafeMutableBufferPointer { n in
            n[Int(s)].prev = -1
            n[Int(s)].next = head
            if head >= 0 { n[Int(head)].prev = s } else { tail = s }
        }
        head = s
        count &+= 1
    }

    @inlinable
    public mutating func remove(_ s: Int32, _ links: inout SlotLinks) {
        links.nodes.withUnsafeMutableBufferPointer { n in
            let p = n[Int(s)].prev
            let x = n[Int(s)].next
            if p >= 0 { n[Int(p)].next = x } else { head = x }
            if x >= 0 { n[Int(x)].prev = p } else { tail = p }
        }
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
