/// 2Q: new objects enter a FIFO (A1in); objects evicted from it are remembered in a ghost
/// FIFO (A1out); a miss found in the ghost goes to an LRU (Am) of proven objects.
///
/// Follows libCacheSim's `TwoQ` (`cache/eviction/TwoQ.c`) with its defaults
/// `Ain-size-ratio=0.25, Aout-size-ratio=0.5`, and the paper: Johnson and Shasha,
/// "2Q: A Low Overhead High Performance Buffer Management Replacement Algorithm",
/// VLDB 1994 (the full version). As in libCacheSim:
///
/// - A1in holds `⌊0.25·capacity⌋` keys, A1out `⌊0.5·capacity⌋` ghost keys, Am the rest;
/// - a hit in A1in changes nothing; a hit in Am moves the object to Am's head;
/// - a miss found in A1out removes it there and inserts at Am's head (evicting Am's LRU
///   object first if Am is full); other misses go to A1in's head;
/// - eviction takes A1in's oldest object into A1out when A1in is over its share, else Am's
///   LRU object.
///
/// Like libCacheSim it caches nothing when A1in would hold no key (`capacity < 4`).
/// Complexity: O(1) per request.
public struct TwoQPolicy: EvictionPolicy, Sendable {
    public let capacity: Int
    public let inCapacity: Int
    public let outCapacity: Int
    public let mainCapacity: Int

    @usableFromInline static let inA1in: UInt8 = 0
    @usableFromInline static let inAm: UInt8 = 1
    @usableFromInline static let inA1out: UInt8 = 2

    @usableFromInline var store: SlotStore
    @usableFromInline var a1in = SlotQueue()
    @usableFromInline var am = SlotQueue()
    @usableFromInline var a1out = SlotQueue()
    @usableFromInline var queueOf: [UInt8]
    @usableFromInline var ghostHitKey: UInt64? = nil

    /// An empty 2Q cache of `capacity` keys with libCacheSim's default ratios.
    public init(capacity: Int, inRatio: Double = 0.25, outRatio: Double = 0.5) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        inCapacity = Int(Double(capacity) * inRatio)
        outCapacity = Int(Double(capacity) * outRatio)
        mainCapacity = capacity - inCapacity
        let slots = capacity + outCapacity + 1
        store = SlotStore(slots: slots)
        queueOf = Array(repeating: 0, count: store.allocatedSlots)
    }

    public var count: Int { a1in.count + am.count }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool {
        ghostHitKey = nil
        let s = store.find(key)
        if s < 0 { return false }
        switch queueOf[Int(s)] {
        case Self.inA1in:
            return true
        case Self.inAm:
            am.moveToHead(s, &store.links)
            return true
        default:
            a1out.remove(s, &store.links)
            store.drop(s)
            ghostHitKey = key
            return false
        }
    }

    @inlinable
    @discardableResult
    public mutating func insert(_ key: UInt64) -> UInt64? {
        let s = store.find(key)
        if s >= 0 {
            if queueOf[Int(s)] != Self.inA1out { return nil }
            _ = lookup(key)
        }
        return insertAbsent(key)
    }

    /// A slot for `key`, `queueOf` grown with the store.
    @inlinable
    mutating func addSlot(_ key: UInt64) -> Int32 {
        let s = store.add(key)
        if Int(s) >= queueOf.count { queueOf.cover(store.allocatedSlots, with: 0) }
        return s
    }

    @inlinable
    public mutating func insertAbsent(_ key: UInt64) -> UInt64? {
        let hitOnGhost = ghostHitKey == key
        ghostHitKey = nil
        if inCapacity < 1 { return nil }
        var firstEvicted: UInt64? = nil
        while a1in.count + am.count + 1 > capacity {
            let e = evict()
            if firstEvicted == nil { firstEvicted = e }
        }
        if hitOnGhost {
            // libCacheSim calls Am's own `get`, which evicts from Am if Am alone is full.
            while am.count + 1 > mainCapacity {
                let v = am.popTail(&store.links)
                if firstEvicted == nil { firstEvicted = store.key(v) }
                store.drop(v)
            }
            let s = addSlot(key)
            queueOf[Int(s)] = Self.inAm
            am.pushHead(s, &store.links)
        } else {
            let s = addSlot(key)
            queueOf[Int(s)] = Self.inA1in
            a1in.pushHead(s, &store.links)
        }
        return firstEvicted
    }

    @inlinable
    mutating func evict() -> UInt64 {
        if a1in.count > inCapacity {
            let s = a1in.popTail(&store.links)
            let key = store.key(s)
            if outCapacity > 0 {
                if a1out.count + 1 > outCapacity { store.drop(a1out.popTail(&store.links)) }
                queueOf[Int(s)] = Self.inA1out
                a1out.pushHead(s, &store.links)
            } else {
                store.drop(s)
            }
            return key
        }
        let s = am.popTail(&store.links)
        let key = store.key(s)
        store.drop(s)
        return key
    }

    @inlinable
    @discardableResult
    public mutating func remove(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        let q = queueOf[Int(s)]
        switch q {
        case Self.inA1in: a1in.remove(s, &store.links)
        case Self.inAm: am.remove(s, &store.links)
        default: a1out.remove(s, &store.links)
        }
        store.drop(s)
        return q != Self.inA1out
    }

    @inlinable
    public func contains(_ key: UInt64) -> Bool {
        let s = store.find(key)
        return s >= 0 && queueOf[Int(s)] != Self.inA1out
    }
}
