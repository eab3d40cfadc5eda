/// SIEVE: one FIFO queue, a visited bit per object and a hand that moves from the tail
/// towards the head, clearing visited bits and evicting the first unvisited object; the
/// hand stays where it stopped, and survivors are never moved.
///
/// Follows libCacheSim's `Sieve` (`cache/eviction/Sieve.c`) and the paper: Zhang et al.,
/// "SIEVE is Simpler than LRU: an Efficient Turn-Key Eviction Algorithm for Web Caches",
/// NSDI 2024. New objects go to the head; the hand wraps from the head back to the tail;
/// removing the object under the hand moves the hand to its newer neighbour. No
/// differences.
///
/// Complexity: O(1) amortised per request.
public struct SievePolicy: EvictionPolicy, Sendable {
    public let capacity: Int
    @usableFromInline var store: SlotStore
    @usableFromInline var queue = SlotQueue()
    @usableFromInline var visited: [Bool]
    /// The slot the hand points at, or -1 to start from the tail.
    @usableFromInline var hand: Int32 = -1

    /// An empty SIEVE cache holding up to `capacity` (at least 1) keys.
    public init(capacity: Int) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        store = SlotStore(slots: capacity)
        visited = Array(repeating: false, count: store.allocatedSlots)
    }

    public var count: Int { queue.count }

    /// The key under the hand, if the hand has moved from its starting place.
    public var handKey: UInt64? { hand >= 0 ? store.key(hand) : nil }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        visited[Int(s)] = true
        return true
    }

    @inlinable
    public mutating func insertAbsent(_ key: UInt64) -> UInt64? {
        var evicted: UInt64? = nil
        if queue.count >= capacity {
            var o = hand >= 0 ? hand : queue.tail
            while visited[Int(o)] {
                visited[Int(o)] = false
                let p = store.links.prev(o)
                o = p >= 0 ? p : queue.tail
            }
            hand = store.links.prev(o)
            evicted = store.evict(o, from: &queue)
        }
        let s = store.add(key)
        if Int(s) >= visited.count { visited.cover(store.allocatedSlots, with: false) }
        visited[Int(s)] = false
        queue.pushHead(s, &store.links)
        return evicted
    }

    @inlinable
    @discardableResult
    public mutating func remove(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        if s == hand { hand = store.links.prev(s) }
        store.evict(s, from: &queue)
        return true
    }

    @inlinable
    public func contains(_ key: UInt64) -> Bool { store.contains(key) }

    /// The keys from newest to oldest (for tests and inspection).
    public var keysFromHead: [UInt64] { store.keysInOrder(queue) }
}
