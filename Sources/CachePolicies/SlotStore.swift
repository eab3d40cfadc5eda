/// The shared storage of a policy: a pool of slots (``SlotNode``s, each holding one key and
/// its queue links) and the ``KeySlotMap`` from key to slot.
///
/// The pool's storage grows as slots are first used, doubling up to the pool's size, so a
/// cache's memory follows what it holds rather than its capacity: a 10-million-key L1 in
/// front of 100,000 keys holds 100,000 slots (perflab gives every instance of every service
/// its own L1, and capacities up to 10M; allocated up front they asked for gigabytes). Slots
/// are handed out exactly as from a free stack holding the whole pool with slot 0 on top (a
/// dropped slot first, else the lowest never used), so which slot a key gets, and with it
/// every policy's choices, does not depend on how much storage is there yet (``IndexPool``).
/// Once the storage has grown to what a run holds, adding and dropping keys allocates
/// nothing.
public struct SlotStore: Sendable {
    @usableFromInline var map: KeySlotMap
    @usableFromInline var links: SlotLinks
    @usableFromInline var pool: IndexPool

    /// Storage for `slots` keys at once, allocated as they are first used.
    public init(slots: Int) {
        let first = Swift.min(slots, SlotStore.initialSlots)
        map = KeySlotMap(maximumCount: first)
        links = SlotLinks(count: first)
        pool = IndexPool(size: slots)
    }

    /// Slots with storage at first.
    public static let initialSlots = 1024

    /// Slots with storage now (0 ..< this); a policy's own per-slot arrays follow it.
    @inlinable public var allocatedSlots: Int { links.nodes.count }

    /// The number of keys held (data and ghosts alike).
    @inlinable public var count: Int { map.count }

    /// The slot of `key`, or -1.
    @inlinable @inline(__always)
    public func find(_ key: UInt64) -> Int32 { map.find(key) }

    /// Takes a free slot for `key` (which must be absent) and returns it.
    @inlinable
    public mutating func add(_ key: UInt64) -> Int32 {
        let s = pool.take()
        if Int(s) == links.nodes.count { grow() }
        links.nodes[Int(s)].key = key
        map.insert(key, slot: s)
        return s
    }

    /// Doubles the storage (up to the pool's size).
    @usableFromInline
    mutating func grow() {
        links.nodes.cover(
            Swift.min(pool.size, 2 * links.nodes.count), with: SlotNode(key: 0, prev: -1, next: -1))
    }

    /// Forgets the key in slot `s` and frees the slot.
    @inlinable
    public mutating func drop(_ s: Int32) {
        map.remove(links.nodes[Int(s)].key)
        pool.give(s)
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

extension Array {
    /// Extends a policy's per-slot array to `n` elements, the new ones `filler` (the
    /// storage's growth, ``SlotStore/allocatedSlots``); nothing when it has them.
    @inlinable
    mutating func cover(_ n: Int, with filler: Element) {
        if count < n { append(contentsOf: repeatElement(filler, count: n - count)) }
    }
}
