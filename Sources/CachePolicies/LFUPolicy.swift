/// Least frequently used: evicts, among the objects with the fewest hits since they were
/// inserted, the one whose last access is oldest.
///
/// Follows libCacheSim's `LFU` (`cache/eviction/LFU.c`): an object's count starts at 1 on
/// insertion and rises by one per hit while cached (it is forgotten on eviction); objects
/// of equal count sit in one list per count, appended on arrival, and eviction takes the
/// first object of the lowest count. No differences.
///
/// Implementation: the O(1) LFU of Shah, Mitra and Matani ("An O(1) algorithm for
/// implementing the LFU cache eviction scheme", 2010): a list of frequency buckets in
/// increasing order, each holding its objects in arrival order. libCacheSim finds the
/// next non-empty count by scanning a hash map of counts; the buckets here make that
/// step O(1) without changing which object is evicted.
public struct LFUPolicy: EvictionPolicy, Sendable {
    public let capacity: Int
    @usableFromInline var store: SlotStore
    /// The bucket each slot is in.
    @usableFromInline var bucketOf: [Int32]
    // Buckets: their count, their object list, and the bucket list (ascending counts).
    @usableFromInline var bucketFreq: [Int]
    @usableFromInline var bucketObjects: [SlotQueue]
    @usableFromInline var bucketPrev: [Int32]
    @usableFromInline var bucketNext: [Int32]
    /// Bucket numbers, handed out as slots are (``IndexPool``), the arrays above growing
    /// as they are first used.
    @usableFromInline var bucketPool: IndexPool
    /// The bucket with the lowest count, or -1.
    @usableFromInline var lowest: Int32 = -1
    @usableFromInline var _count: Int = 0
    public var count: Int { _count }

    /// An empty LFU cache holding up to `capacity` (at least 1) keys.
    public init(capacity: Int) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        store = SlotStore(slots: capacity)
        bucketOf = Array(repeating: -1, count: store.allocatedSlots)
        bucketPool = IndexPool(size: capacity + 2)
        let first = Swift.min(bucketPool.size, SlotStore.initialSlots)
        bucketFreq = Array(repeating: 0, count: first)
        bucketObjects = Array(repeating: SlotQueue(), count: first)
        bucketPrev = Array(repeating: -1, count: first)
        bucketNext = Array(repeating: -1, count: first)
    }

    /// The hit count of `key` plus one, as libCacheSim counts it, or nil if not cached.
    public func frequency(of key: UInt64) -> Int? {
        let s = store.find(key)
        return s < 0 ? nil : bucketFreq[Int(bucketOf[Int(s)])]
    }

    @inlinable
    mutating func newBucket(freq: Int, after prev: Int32) -> Int32 {
        let b = bucketPool.take()
        if Int(b) == bucketFreq.count { growBuckets() }
        bucketFreq[Int(b)] = freq
        bucketObjects[Int(b)] = SlotQueue()
        let next = prev >= 0 ? bucketNext[Int(prev)] : lowest
        bucketPrev[Int(b)] = prev
        bucketNext[Int(b)] = next
        if prev >= 0 { bucketNext[Int(prev)] = b } else { lowest = b }
        if next >= 0 { bucketPrev[Int(next)] = b }
        return b
    }

    @usableFromInline
    mutating func growBuckets() {
        let n = Swift.min(bucketPool.size, 2 * bucketFreq.count)
        bucketFreq.cover(n, with: 0)
        bucketObjects.cover(n, with: SlotQueue())
        bucketPrev.cover(n, with: -1)
        bucketNext.cover(n, with: -1)
    }

    @inlinable
    mutating func freeBucket(_ b: Int32) {
        let p = bucketPrev[Int(b)]
        let n = bucketNext[Int(b)]
        if p >= 0 { bucketNext[Int(p)] = n } else { lowest = n }
        if n >= 0 { bucketPrev[Int(n)] = p }
        bucketPool.give(b)
    }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        let b = bucketOf[Int(s)]
        let f = bucketFreq[Int(b)] &+ 1
        var nb = bucketNext[Int(b)]
        if nb < 0 || bucketFreq[Int(nb)] != f { nb = newBucket(freq: f, after: b) }
        bucketObjects[Int(b)].remove(s, &store.links)
        bucketObjects[Int(nb)].pushHead(s, &store.links)
        bucketOf[Int(s)] = nb
        if bucketObjects[Int(b)].count == 0 { freeBucket(b) }
        return true
    }

    @inlinable
    public mutating func insertAbsent(_ key: UInt64) -> UInt64? {
        var evicted: UInt64? = nil
        if count >= capacity {
            let b = lowest
            evicted = store.evict(bucketObjects[Int(b)].tail, from: &bucketObjects[Int(b)])
            if bucketObjects[Int(b)].count == 0 { freeBucket(b) }
            _count &-= 1
        }
        let s = store.add(key)
        if Int(s) >= bucketOf.count { bucketOf.cover(store.allocatedSlots, with: -1) }
        var b = lowest
        if b < 0 || bucketFreq[Int(b)] != 1 { b = newBucket(freq: 1, after: -1) }
        bucketObjects[Int(b)].pushHead(s, &store.links)
        bucketOf[Int(s)] = b
        _count &+= 1
        return evicted
    }

    @inlinable
    @discardableResult
    public mutating func remove(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        let b = bucketOf[Int(s)]
        store.evict(s, from: &bucketObjects[Int(b)])
        if bucketObjects[Int(b)].count == 0 { freeBucket(b) }
        _count &-= 1
        return true
    }

    @inlinable
    public func contains(_ key: UInt64) -> Bool { store.contains(key) }
}
