/// ARC, the adaptive replacement cache: two LRU lists of data (T1 seen once, T2 seen
/// twice or more) and two ghost lists of recently evicted keys (B1, B2) whose hits move
/// the target size `p` of T1 up or down.
///
/// Follows libCacheSim's `ARC` (`cache/eviction/ARC.c`) and the paper: Megiddo and Modha,
/// "ARC: A Self-Tuning, Low Overhead Replacement Cache", FAST 2003. As in libCacheSim:
///
/// - `p` is a real number; a hit in B1 raises it by `max(|B2|/|B1|, 1)` (capped at the
///   capacity), a hit in B2 lowers it by `max(|B1|/|B2|, 1)` (floored at 0), the sizes
///   taken before the ghost entry is dropped; the key is then inserted at T2's head;
/// - REPLACE (only when the cache is full) moves T1's LRU object to B1 when T1 is non-empty
///   and `|T1| > p` (or `|T1| = p` on a B2 hit), or when T2 is empty; else T2's LRU object to
///   B2;
/// - on a miss in all four lists with a full cache: if `|T1| + |B1|` would exceed the
///   capacity, drop B1's LRU key and REPLACE, or with B1 empty evict T1's LRU object outright;
///   otherwise, if all four lists hold twice the capacity, drop B2's LRU key, then REPLACE.
///
/// No differences. Complexity: O(1) per request.
public struct ARCPolicy: EvictionPolicy, Sendable {
    public let capacity: Int

    @usableFromInline static let t1: UInt8 = 0
    @usableFromInline static let t2: UInt8 = 1
    @usableFromInline static let b1: UInt8 = 2
    @usableFromInline static let b2: UInt8 = 3

    @usableFromInline var store: SlotStore
    @usableFromInline var lists: (SlotQueue, SlotQueue, SlotQueue, SlotQueue) =
        (SlotQueue(), SlotQueue(), SlotQueue(), SlotQueue())
    @usableFromInline var listOf: [UInt8]
    @usableFromInline var _p: Double = 0
    /// The target size of T1.
    public var p: Double { _p }
    @usableFromInline var ghostHitKey: UInt64? = nil
    @usableFromInline var ghostHitWasB2 = false
    @usableFromInline var lastEvicted: UInt64? = nil

    /// An empty ARC cache holding up to `capacity` (at least 1) keys, and as many ghosts.
    public init(capacity: Int) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        let slots = 2 * capacity + 2
        store = SlotStore(slots: slots)
        listOf = Array(repeating: 0, count: store.allocatedSlots)
    }

    @inlinable var t1Count: Int { lists.0.count }
    @inlinable var t2Count: Int { lists.1.count }
    @inlinable var b1Count: Int { lists.2.count }
    @inlinable var b2Count: Int { lists.3.count }

    public var count: Int { lists.0.count + lists.1.count }
    /// The sizes of T1, T2, B1 and B2.
    public var listSizes: (t1: Int, t2: Int, b1: Int, b2: Int) {
        (lists.0.count, lists.1.count, lists.2.count, lists.3.count)
    }

    @inlinable
    mutating func withList<R>(_ id: UInt8, _ body: (inout SlotQueue, inout SlotLinks) -> R) -> R {
        switch id {
        case Self.t1: return body(&lists.0, &store.links)
        case Self.t2: return body(&lists.1, &store.links)
        case Self.b1: return body(&lists.2, &store.links)
        default: return body(&lists.3, &store.links)
        }
    }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool {
        ghostHitKey = nil
        let s = store.find(key)
        if s < 0 { return false }
        switch listOf[Int(s)] {
        case Self.t1:
            lists.0.remove(s, &store.links)
            lists.1.pushHead(s, &store.links)
            listOf[Int(s)] = Self.t2
            return true
        case Self.t2:
            lists.1.moveToHead(s, &store.links)
            return true
        case Self.b1:
            let delta = max(Double(b2Count) / Double(b1Count), 1)
            _p = min(_p + delta, Double(capacity))
            lists.2.remove(s, &store.links)
            store.drop(s)
            ghostHitKey = key
            ghostHitWasB2 = false
            return false
        default:
            let delta = max(Double(b1Count) / Double(b2Count), 1)
            _p = max(_p - delta, 0)
            lists.3.remove(s, &store.links)
            store.drop(s)
            ghostHitKey = key
            ghostHitWasB2 = true
            return false
        }
    }

    @inlinable
    @discardableResult
    public mutating func insert(_ key: UInt64) -> UInt64? {
        let s = store.find(key)
        if s >= 0 {
            if listOf[Int(s)] == Self.t1 || listOf[Int(s)] == Self.t2 { return nil }
            // Inserted without a lookup first: adapt as a ghost hit would.
            _ = lookup(key)
        }
        return insertAbsent(key)
    }

    @inlinable
    public mutating func insertAbsent(_ key: UInt64) -> UInt64? {
        let ghostHit = ghostHitKey == key
        let inB2 = ghostHit && ghostHitWasB2
        ghostHitKey = nil
        var firstEvicted: UInt64? = nil
        while t1Count + t2Count + 1 > capacity {
            lastEvicted = nil
            if ghostHit { replace(b2Hit: inB2) } else { evictOnFullMiss() }
            if firstEvicted == nil { firstEvicted = lastEvicted }
        }
        let s = store.add(key)
        if Int(s) >= listOf.count { listOf.cover(store.allocatedSlots, with: 0) }
        if ghostHit {
            listOf[Int(s)] = Self.t2
            lists.1.pushHead(s, &store.links)
        } else {
            listOf[Int(s)] = Self.t1
            lists.0.pushHead(s, &store.links)
        }
        return firstEvicted
    }

    /// The REPLACE routine of the paper: demote one data object to its ghost list.
    @inlinable
    mutating func replace(b2Hit: Bool) {
        let t1 = t1Count
        let cond1 = t1 > 0
        let cond2 = Double(t1) > p
        let cond3 = Double(t1) == p && b2Hit
        let cond4 = t2Count == 0
        if (cond1 && (cond2 || cond3)) || cond4 {
            let s = lists.0.popTail(&store.links)
            lastEvicted = store.key(s)
            listOf[Int(s)] = Self.b1
            lists.2.pushHead(s, &store.links)
        } else {
            let s = lists.1.popTail(&store.links)
            lastEvicted = store.key(s)
            listOf[Int(s)] = Self.b2
            lists.3.pushHead(s, &store.links)
        }
    }

    /// Case IV of the paper: the key is in none of the four lists.
    @inlinable
    mutating func evictOnFullMiss() {
        if t1Count + b1Count + 1 > capacity {
            if b1Count > 0 {
                store.drop(lists.2.popTail(&store.links))
                replace(b2Hit: false)
            } else {
                let s = lists.0.popTail(&store.links)
                lastEvicted = store.key(s)
                store.drop(s)
            }
        } else {
            if t1Count + b1Count + t2Count + b2Count >= 2 * capacity && b2Count > 0 {
                store.drop(lists.3.popTail(&store.links))
            }
            replace(b2Hit: false)
        }
    }

    @inlinable
    @discardableResult
    public mutating func remove(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        let id = listOf[Int(s)]
        withList(id) { q, l in q.remove(s, &l) }
        store.drop(s)
        return id == Self.t1 || id == Self.t2
    }

    @inlinable
    public func contains(_ key: UInt64) -> Bool {
        let s = store.find(key)
        return s >= 0 && listOf[Int(s)] <= Self.t2
    }
}
