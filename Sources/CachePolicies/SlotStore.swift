/// The shared storage of a policy: a fixed pool of slots (``SlotNode``s, each holding one
/// key and its queue links) and the ``KeySlotMap`` from key to slot.
///
/// Slots are handed out from a free stack preallocated for the whole pool, so adding and
/// dropping keys never allocates.
public struct SlotStore: Sendable {
    @usableFromInline var map: KeySlotMap
    @usableFromInline var links: SlotLinks
    @usableFromInline var free: [Int32]
    @usableFromInline var freeCount: Int

    /// Storage for `slots` keys at once.
    public init(slots: Int) {
        map = KeySlotMap(maximumCount: slots)
        links = SlotLinks(count: slots)
        // Hand out low slots first.
        free = (0..<Int32(slots)).reversed()
        freeCount = slots
    }

    /// The number of keys held (data and ghosts alike).
    @inlinable public var count: Int { map.count }

    /// The slot of `key`, or -1.
    @inlinable @inline(__always)
    public func find(_ key: UInt64) -> Int32 { map.find(key) }

    /// Takes a free slot for `key` (which must be absent) and returns it.
    @inlinable
    public mutating func add(_ key: UInt64) -> Int32 {
        precondition(freeCount > 0, "slot pool exhausted")
        freeCount &-= 1
        let s = free[freeCount]
        links.nodes[Int(s)].key = key
        map.insert(key, slot: s)
        return s
    }

    /// Forgets the key in slot `s` and frees the slot.
    @inlinable
    public mutating func drop(_ s: Int32) {
        map.remove(links.nodes[Int(s)].key)
        free[freeCount] = s
        freeCount &+= 1
    }

    @inlinable @inline(__always)
    public func key(_ s: Int32) -> UInt64 { links.nodes[Int(s)].key }

    /// Whether `key` has a slot.
    @inlinable @inline(__always)
    public func contains(_ key: UInt64) -> Bool { map.find(key) >= 0 }

    /// Takes slot `s` out of `queue`, frees it and returns its key: an eviction.
    @inlinable
    @discardableResult
    public mutating func evict(_ s: Int32, from queue: inout SlotQueue) -> UInt64 {
        queue.remove(s, &links)
        let k = key(s)
        drop(s)
        return k
    }

    /// Removes `key` from `queue` if it has a slot (the invalidation of a policy that keeps
    /// its keys in one queue). Returns whether it had.
    @inlinable
    public mutating func remove(_ key: UInt64, from queue: inout SlotQueue) -> Bool {
        let s = find(key)
        if s < 0 { return false }
        evict(s, from: &queue)
        return true
    }
}
