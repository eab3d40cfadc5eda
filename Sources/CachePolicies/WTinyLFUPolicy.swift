/// W-TinyLFU: a small LRU window in front of a segmented-LRU main cache, with a frequency
/// sketch deciding whether the window's victim may displace main's victim.
///
/// Follows libCacheSim's `WTinyLFU` (`cache/eviction/WTinyLFU.c`) with its defaults
/// `main-cache=SLRU, window-size=0.01`, and the paper: Einziger, Friedman and Manes,
/// "TinyLFU: A Highly Efficient Cache Admission Policy", ACM TOS 2017. As in libCacheSim:
///
/// - the window holds `⌊0.01·capacity⌋` keys (so nothing is cached below 100 entries),
///   main the rest as libCacheSim's `SLRU` with `seg-size=1:4`: a probation segment of
///   `⌊main/5⌋` and a protected one of `⌊4·main/5⌋`; a hit in probation promotes to
///   protected, whose overflow is demoted to probation's head, whose overflow is evicted;
///   an insert goes to the first segment with room (or to probation after evicting);
/// - the sketch (``CountingBloomFilter``, sized for main's capacity at error 0.001) counts
///   every insert into the window, every hit in main and every window victim considered;
///   it is halved after `32 × main` hits in main;
/// - eviction: while the window is not empty, its LRU object moves to main if main has
///   room (and the scan goes on); else it replaces main's victim (probation's LRU, else
///   protected's) if its estimate is strictly higher, else it is evicted; either ends the
///   eviction. With an empty window, main evicts its victim.
///
/// No differences. Complexity: O(1) amortised per request (the sketch does 10 hashes'
/// worth of counter updates; its halving is amortised).
public struct WTinyLFUPolicy: EvictionPolicy, Sendable {
    public let capacity: Int
    public let windowCapacity: Int
    public let mainCapacity: Int
    public let probationCapacity: Int
    public let protectedCapacity: Int

    @usableFromInline static let inWindow: UInt8 = 0
    @usableFromInline static let inProbation: UInt8 = 1
    @usableFromInline static let inProtected: UInt8 = 2

    @usableFromInline var store: SlotStore
    @usableFromInline var window = SlotQueue()
    @usableFromInline var probation = SlotQueue()
    @usableFromInline var protected = SlotQueue()
    @usableFromInline var queueOf: [UInt8]
    @usableFromInline var sketch: CountingBloomFilter
    @usableFromInline var mainHits = 0
    @usableFromInline let decayPeriod: Int
    @usableFromInline var lastEvicted: UInt64? = nil

    /// An empty W-TinyLFU cache of `capacity` keys with libCacheSim's defaults.
    public init(capacity: Int, windowRatio: Double = 0.01) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        windowCapacity = Int(Double(capacity) * windowRatio)
        mainCapacity = capacity - windowCapacity
        probationCapacity = Int(Double(1) / Double(5) * Double(mainCapacity))
        protectedCapacity = Int(Double(4) / Double(5) * Double(mainCapacity))
        store = SlotStore(slots: capacity + 1)
        queueOf = Array(repeating: 0, count: store.allocatedSlots)
        sketch = CountingBloomFilter(entries: max(mainCapacity, 1), error: 0.001)
        decayPeriod = 32 * mainCapacity
    }

    public var count: Int { window.count + probation.count + protected.count }
    /// The number of objects in the window, probation and protected segments.
    public var segmentCounts: (window: Int, probation: Int, protected: Int) {
        (window.count, probation.count, protected.count)
    }

    @inlinable var mainCount: Int { probation.count + protected.count }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        let q = queueOf[Int(s)]
        if q == Self.inWindow {
            window.moveToHead(s, &store.links)
            return true
        }
        if q == Self.inProtected {
            protected.moveToHead(s, &store.links)
        } else {
            probation.remove(s, &store.links)
            queueOf[Int(s)] = Self.inProtected
            protected.pushHead(s, &store.links)
            while protected.count > protectedCapacity {
                let d = protected.popTail(&store.links)
                queueOf[Int(d)] = Self.inProbation
                probation.pushHead(d, &store.links)
                while probation.count > probationCapacity { evictMain() }
            }
        }
        sketch.add(key)
        mainHits &+= 1
        if mainHits >= decayPeriod {
            mainHits = 0
            sketch.decay()
        }
        return true
    }

    @inlinable
    public mutating func insertAbsent(_ key: UInt64) -> UInt64? {
        if windowCapacity < 1 || probationCapacity < 1 { return nil }
        var firstEvicted: UInt64? = nil
        while count + 1 > capacity {
            lastEvicted = nil
            evict()
            if firstEvicted == nil { firstEvicted = lastEvicted }
        }
        let s = store.add(key)
        if Int(s) >= queueOf.count { queueOf.cover(store.allocatedSlots, with: 0) }
        queueOf[Int(s)] = Self.inWindow
        window.pushHead(s, &store.links)
        sketch.add(key)
        return firstEvicted
    }

    /// Main's victim: probation's LRU object, else protected's.
    @inlinable
    var mainVictim: Int32 { probation.count > 0 ? probation.tail : protected.tail }

    /// libCacheSim's `SLRU_evict`: drops main's victim.
    @inlinable
    mutating func evictMain() {
        let v = mainVictim
        if queueOf[Int(v)] == Self.inProbation {
            probation.remove(v, &store.links)
        } else {
            protected.remove(v, &store.links)
        }
        if lastEvicted == nil { lastEvicted = store.key(v) }
        store.drop(v)
    }

    /// libCacheSim's `SLRU_insert` for an object moving from the window.
    @inlinable
    mutating func insertIntoMain(_ s: Int32) {
        if probation.count + 1 <= probationCapacity {
            queueOf[Int(s)] = Self.inProbation
            probation.pushHead(s, &store.links)
        } else if protected.count + 1 <= protectedCapacity {
            queueOf[Int(s)] = Self.inProtected
            protected.pushHead(s, &store.links)
        } else {
            while mainCount + 1 > mainCapacity { evictMain() }
            queueOf[Int(s)] = Self.inProbation
            probation.pushHead(s, &store.links)
        }
    }

    @inlinable
    mutating func evict() {
        while true {
            if window.count == 0 {
                evictMain()
                return
            }
            let v = window.tail
            let vKey = store.key(v)
            var done = false
            if mainCount + 1 <= mainCapacity {
                window.remove(v, &store.links)
                insertIntoMain(v)
            } else if sketch.estimate(vKey) > sketch.estimate(store.key(mainVictim)) {
                evictMain()
                window.remove(v, &store.links)
                insertIntoMain(v)
                done = true
            } else {
                window.remove(v, &store.links)
                if lastEvicted == nil { lastEvicted = vKey }
                store.drop(v)
                done = true
            }
            sketch.add(vKey)
            if done { return }
        }
    }

    @inlinable
    @discardableResult
    public mutating func remove(_ key: UInt64) -> Bool {
        let s = store.find(key)
        if s < 0 { return false }
        switch queueOf[Int(s)] {
        case Self.inWindow: window.remove(s, &store.links)
        case Self.inProbation: probation.remove(s, &store.links)
        default: protected.remove(s, &store.links)
        }
        store.drop(s)
        return true
    }

    @inlinable
    public func contains(_ key: UInt64) -> Bool { store.find(key) >= 0 }
}
