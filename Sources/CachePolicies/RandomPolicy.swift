import SimKernel

/// Random replacement: evicts a cached key chosen at random.
///
/// Follows libCacheSim's `Random` (`cache/eviction/Random.c`). Difference: libCacheSim
/// picks a random non-empty bucket of its chained hash table and evicts the first object
/// in it (nearly, not exactly, uniform), with its own generator; here the victim is
/// uniform over the cached keys, drawn from a ``SplitMix64`` seeded by `seed`. Miss ratios
/// therefore agree only statistically (within 0.01 on the Zipf traces in the tests).
///
/// Complexity: O(1) per request: the keys sit in a dense array and the victim's place is
/// filled by the last key.
public struct RandomPolicy: EvictionPolicy, Sendable {
    public let capacity: Int
    @usableFromInline var map: KeySlotMap
    @usableFromInline var keys: [UInt64]
    @usableFromInline var rng: SplitMix64
    @usableFromInline var _count: Int = 0
    public var count: Int { _count }

    /// An empty random-replacement cache of `capacity` keys, its choices seeded by `seed`.
    public init(capacity: Int, seed: UInt64 = 42) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        // Storage follows the keys held, doubling up to `capacity` (as ``SlotStore``'s).
        let first = Swift.min(capacity, SlotStore.initialSlots)
        map = KeySlotMap(maximumCount: first)
        keys = Array(repeating: 0, count: first)
        rng = SplitMix64(seed: seed)
    }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool { map.find(key) >= 0 }

    @inlinable
    public mutating func insertAbsent(_ key: UInt64) -> UInt64? {
        var evicted: UInt64? = nil
        if count >= capacity {
            let i = rng.below(count)
            let victim = keys[i]
            removeAt(i, key: victim)
            evicted = victim
        }
        if count == keys.count { keys.cover(Swift.min(capacity, 2 * count), with: 0) }
        keys[count] = key
        map.insert(key, slot: Int32(count))
        _count &+= 1
        return evicted
    }

    @inlinable
    mutating func removeAt(_ i: Int, key: UInt64) {
        map.remove(key)
        _count &-= 1
        if i != count {
            let moved = keys[count]
            keys[i] = moved
            map.update(moved, slot: Int32(i))
        }
    }

    @inlinable
    @discardableResult
    public mutating func remove(_ key: UInt64) -> Bool {
        let s = map.find(key)
        if s < 0 { return false }
        removeAt(Int(s), key: key)
        return true
    }

    @inlinable
    public func contains(_ key: UInt64) -> Bool { map.find(key) >= 0 }
}
