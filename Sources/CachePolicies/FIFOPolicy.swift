/// First in, first out: evicts the key inserted longest ago; hits change nothing.
///
/// Follows libCacheSim's `FIFO` (`cache/eviction/FIFO.c`). No differences.
///
/// Complexity: O(1) per request; storage for `capacity` keys is allocated up front.
public struct FIFOPolicy: EvictionPolicy, Sendable {
    public let capacity: Int
    @usableFromInline var store: SlotStore
    @usableFromInline var queue = SlotQueue()

    /// An empty FIFO cache holding up to `capacity` (at least 1) keys.
    public init(capacity: Int) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        store = SlotStore(slots: capacity)
    }

    public var count: Int { queue.count }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool { store.find(key) >= 0 }

    @inlinable
    public mutating func insertAbsent(_ key: UInt64) -> UInt64? {
        var evicted: UInt64? = nil
        if queue.count >= capacity {
            evicted = store.evict(queue.tail, from: &queue)
        }
        let s = store.add(key)
        queue.pushHead(s, &store.links)
        return evicted
    }

    @inlinable
    @discardableResult
    public mutating func remove(_ key: UInt64) -> Bool {
        store.remove(key, from: &queue)
    }

    @inlinable
    public func contains(_ key: UInt64) -> Bool { store.contains(key) }

    /// The keys from newest to oldest (for tests and inspection).
    public var keysFromHead: [UInt64] { store.keysInOrder(queue) }
}
