/// S3-FIFO: a small FIFO for new objects, a main FIFO with reinsertion, and a ghost FIFO
/// of keys recently evicted from the small one.
///
/// Follows libCacheSim's `S3FIFO` (`cache/eviction/S3FIFO.c`, the 2024 version) with its
/// defaults `small-size-ratio=0.10, ghost-size-ratio=0.90, move-to-main-threshold=2`,
/// and the paper: Yang et al., "FIFO queues are all you need for cache eviction",
/// SOSP 2023. Precisely:
///
/// - the small queue holds `⌊0.1·capacity⌋` keys, the main queue the rest, and the ghost
///   `⌊0.9·capacity⌋` keys (no data);
/// - a hit adds one to the object's counter;
/// - a miss whose key is in the ghost removes it from there and inserts into main;
///   otherwise it inserts into small — or, before the first eviction, into main once small
///   is full (the 2024 change in libCacheSim);
/// - eviction takes from main when main is over its share or small is empty, else from
///   small: small's oldest object moves to main if its counter reached 2 (and the scan goes
///   on), or is evicted with its key put in the ghost;
/// - main's oldest object with a non-zero counter is reinserted at main's head with
///   `min(counter, 3) − 1` (a 2-bit clock); the first with zero is evicted.
///
/// Like libCacheSim, it caches nothing when the small queue would hold fewer than two
/// keys, that is when `capacity < 20` (only keys found in the ghost are admitted, and
/// there are none): use another policy for tiny caches.
///
/// Complexity: O(1) amortised per request.
public struct S3FIFOPolicy: EvictionPolicy, Sendable {
    public let capacity: Int
    public let smallCapacity: Int
    public let mainCapacity: Int
    public let ghostCapacity: Int
    public let moveToMainThreshold: UInt8

    @usableFromInline static let inSmall: UInt8 = 0
    @usableFromInline static let inMain: UInt8 = 1
    @usableFromInline static let inGhost: UInt8 = 2

    @usableFromInline var store: SlotStore
    @usableFromInline var small = SlotQueue()
    @usableFromInline var main = SlotQueue()
    @usableFromInline var ghost = SlotQueue()
    @usableFromInline var queueOf: [UInt8]
    @usableFromInline var freq: [UInt8]
    @usableFromInline var hasEvicted = false
    /// The key whose last lookup found it in the ghost (libCacheSim's `hit_on_ghost`).
    @usableFromInline var ghostHitKey: UInt64? = nil
    @usableFromInline var lastEvicted: UInt64? = nil

    /// An empty S3-FIFO cache of `capacity` keys with libCacheSim's default ratios.
    public init(
        capacity: Int, smallRatio: Double = 0.10, ghostRatio: Double = 0.90,
        moveToMainThreshold: Int = 2
    ) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        // Same arithmetic as libCacheSim: double products truncated to integers.
        smallCapacity = Int(Double(capacity) * smallRatio)
        mainCapacity = capacity - smallCapacity
        ghostCapacity = Int(Double(capacity) * ghostRatio)
        self.moveToMainThreshold = UInt8(clamping: moveToMainThreshold)
        let slots = capacity + ghostCapacity + 1
        store = SlotStore(slots: slots)
        queueOf = Array(repeating: 0, count: store.allocatedSlots)
        freq = Array(repeating: 0, count: store.allocatedSlots)
    }

    public var count: Int { small.count + main.count }
    /// Keys held in the ghost queue.
    public var ghostCount: Int { ghost.count }
    /// Objects in the small queue.
    public var smallCount: Int { small.count }
    /// Objects in the main queue.
    public var mainCount: Int { main.count }

    /// Whether `key` is remembered in the ghost queue.
    public func ghostContains(_ key: UInt64) -> Bool {
        let s = store.find(key)
        return s >= 0 && queueOf[Int(s)] == Self.inGhost
    }

    /// Whether `key` is cached in the main queue.
    public func mainContains(_ key: UInt64) -> Bool {
        let s = store.find(key)
        return s >= 0 && queueOf[Int(s)] == Self.inMain
    }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool {
        ghostHitKey = nil
        let s = store.find(key)
        if s < 0 { return false }
        if queueOf[Int(s)] == Self.inGhost {
            ghost.remove(s, &store.links)
            store.drop(s)
            ghostHitKey = key
            return false
        }
        if freq[Int(s)] < 255 { freq[Int(s)] &+= 1 }
        return true
    }

    @inlinable
    @discardableResult
    public mutating func insert(_ key: UInt64) -> UInt64? {
        let s = store.find(key)
        if s >= 0 {
            if queueOf[Int(s)] != Self.inGhost { return nil }
            // Inserted without a lookup first: treat it as found in the ghost.
            ghost.remove(s, &store.links)
            store.drop(s)
            ghostHitKey = key
        }
        return insertAbsent(key)
    }

    /// A slot for `key`, the per-slot arrays grown with the store.
    @inlinable
    mutating func addSlot(_ key: UInt64) -> Int32 {
        let s = store.add(key)
        if Int(s) >= queueOf.count {
            queueOf.cover(store.allocatedSlots, with: 0)
            freq.cover(store.allocatedSlots, with: 0)
        }
        return s
    }

    @inlinable
    public mutating func insertAbsent(_ key: UInt64) -> UInt64? {
        let hitOnGhost = ghostHitKey == key
        ghostHitKey = nil
        // libCacheSim's can_insert: an object must fit in the small queue.
        if smallCapacity < 1 { return nil }
        lastEvicted = nil
        var firstEvicted: UInt64? = nil
        while small.count + main.count + 1 > capacity {
            evict()
            if firstEvicted == nil { firstEvicted = lastEvicted }
        }
        if hitOnGhost {
            let s = addSlot(key)
            place(s, in: Self.inMain)
        } else {
            // An object as large as the small queue is not admitted.
            if smallCapacity <= 1 { return firstEvicted }
            let s = addSlot(key)
            if !hasEvicted && small.count >= smallCapacity {
                place(s, in: Self.inMain)
            } else {
                place(s, in: Self.inSmall)
            }
        }
        return firstEvicted
    }

    @inlinable
    mutating func place(_ s: Int32, in q: UInt8) {
        queueOf[Int(s)] = q
        freq[Int(s)] = 0
        if q == Self.inSmall { small.pushHead(s, &store.links) } else { main.pushHead(s, &store.links) }
    }

    @inlinable
    mutating func evict() {
        hasEvicted = true
        if main.count > mainCapacity || small.count == 0 {
            evictMain()
        } else {
            evictSmall()
        }
    }

    @inlinable
    mutating func evictSmall() {
        while small.count > 0 {
            let s = small.popTail(&store.links)
            if freq[Int(s)] >= moveToMainThreshold {
                queueOf[Int(s)] = Self.inMain
                freq[Int(s)] = 0
                main.pushHead(s, &store.links)
            } else {
                lastEvicted = store.key(s)
                if ghostCapacity > 0 {
                    if ghost.count >= ghostCapacity {
                        store.drop(ghost.popTail(&store.links))
                    }
                    queueOf[Int(s)] = Self.inGhost
                    ghost.pushHead(s, &store.links)
                } else {
                    store.drop(s)
                }
                return
            }
        }
    }

    @inlinable
    mutating func evictMain() {
        while main.count > 0 {
            let s = main.tail
            let f = freq[Int(s)]
            if f >= 1 {
                main.moveToHead(s, &store.links)
                freq[Int(s)] = min(f, 3) - 1
            } else {
                main.remove(s, &store.links)
                lastEvicted = store.key(s)
                store.drop(s)
                return
            }
        }
    }

    @inlinable
    @discardableResult
    public mutating func remove(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        // Like libCacheSim, an invalidation also forgets a ghost entry, but only a cached
        // object counts as removed.
        let q = queueOf[Int(s)]
        switch q {
        case Self.inSmall: small.remove(s, &store.links)
        case Self.inMain: main.remove(s, &store.links)
        default: ghost.remove(s, &store.links)
        }
        store.drop(s)
        return q != Self.inGhost
    }

    @inlinable
    public func contains(_ key: UInt64) -> Bool {
        let s = store.find(key)
        return s >= 0 && queueOf[Int(s)] != Self.inGhost
    }
}
