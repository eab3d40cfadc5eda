/// Least recently used: evicts the key whose last access is oldest.
///
/// Follows libCacheSim's `LRU` (`cache/eviction/LRU.c`): a hit moves the object to the
/// head of one queue, a miss inserts at the head, eviction takes the tail. No differences.
///
/// Complexity: O(1) per request; storage for `capacity` keys is allocated up front.
public struct LRUPolicy: EvictionPolicy, Sendable {
    public let capacity: Int
    @usableFromInline var store: SlotStore
    @usableFromInline var queue = SlotQueue()

    /// An empty LRU cache holding up to `capacity` (at least 1) keys.
    public init(capacity: Int) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        store = SlotStore(slots: capacity)
    }

    public var count: Int { queue.count }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        queue.moveToHead(s, &store.links)
        return true
    }

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

    /// The keys from most to least recently used (for tests and inspection).
    public var keysFromHead: [UInt64] { store.keysInOrder(queue) }
}

extension SlotStore {
    /// The keys of `queue` from head to tail.
    public func keysInOrder(_ queue: SlotQueue) -> [UInt64] {
        var out: [UInt64] = []
        var s = queue.head
        while s >= 0 {
            out.append(key(s))
            s = links.next(s)
        }
        return out
    }
}
