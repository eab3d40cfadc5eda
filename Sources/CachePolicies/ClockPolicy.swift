/// CLOCK (second chance, FIFO-reinsertion): a FIFO whose objects carry a small access
/// counter; at eviction an object with a non-zero counter is decremented and reinserted
/// at the head instead of evicted.
///
/// Follows libCacheSim's `Clock` (`cache/eviction/Clock.c`) with its defaults
/// `n-bit-counter=1, init-freq=0`: a hit raises the counter up to `2^bits − 1` (so 1 with
/// one bit), an insert starts it at 0, and eviction scans from the tail. No differences.
///
/// Complexity: O(1) amortised per request (each reinsertion spends one unit of a counter
/// that a hit paid for).
public struct ClockPolicy: EvictionPolicy, Sendable {
    public let capacity: Int
    /// The largest counter value, `2^bits − 1`.
    public let maxFrequency: UInt8
    @usableFromInline var store: SlotStore
    @usableFromInline var queue = SlotQueue()
    @usableFromInline var freq: [UInt8]

    /// An empty CLOCK cache of `capacity` keys with `counterBits`-bit counters (1 to 7).
    public init(capacity: Int, counterBits: Int = 1) {
        precondition(capacity >= 1, "capacity must be at least 1")
        precondition((1...7).contains(counterBits), "counterBits must be 1...7")
        self.capacity = capacity
        maxFrequency = UInt8((1 << counterBits) - 1)
        store = SlotStore(slots: capacity)
        freq = Array(repeating: 0, count: store.allocatedSlots)
    }

    public var count: Int { queue.count }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        if freq[Int(s)] < maxFrequency { freq[Int(s)] &+= 1 }
        return true
    }

    @inlinable
    public mutating func insertAbsent(_ key: UInt64) -> UInt64? {
        var evicted: UInt64? = nil
        if queue.count >= capacity {
            var victim = queue.tail
            while freq[Int(victim)] >= 1 {
                freq[Int(victim)] &-= 1
                queue.moveToHead(victim, &store.links)
                victim = queue.tail
            }
            evicted = store.evict(victim, from: &queue)
        }
        let s = store.add(key)
        if Int(s) >= freq.count { freq.cover(store.allocatedSlots, with: 0) }
        freq[Int(s)] = 0
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
}
