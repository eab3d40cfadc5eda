import SimKernel
import Synchronization
import Testing

@testable import CachePolicies

/// Small hand-made sequences checked against each policy's documented behaviour (the
/// papers and libCacheSim's source), independent of the libCacheSim numbers.
@Suite struct PolicyBehaviourTests {
    @Test func lruEvictsLeastRecentlyUsed() {
        var c = LRUPolicy(capacity: 3)
        for k: UInt64 in [1, 2, 3] { let hit = c.access(k); #expect(!hit) }
        do { let ok = c.access(1); #expect(ok) }
        #expect(c.keysFromHead == [1, 3, 2])
        do { let ok = c.insert(4) == 2; #expect(ok) }
        #expect(c.keysFromHead == [4, 1, 3])
        do { let ok = c.remove(1); #expect(ok) }
        do { let ok = !c.remove(1); #expect(ok) }
        #expect(c.count == 2)
        do { let ok = c.insert(5) == nil; #expect(ok) }
    }

    @Test func fifoIgnoresHits() {
        var c = FIFOPolicy(capacity: 3)
        for k: UInt64 in [1, 2, 3] { _ = c.access(k) }
        do { let ok = c.access(1); #expect(ok) }
        #expect(c.keysFromHead == [3, 2, 1])
        do { let ok = c.insert(4) == 1; #expect(ok) }
        #expect(!c.contains(1) && c.contains(2))
    }

    @Test func clockGivesASecondChance() {
        var c = ClockPolicy(capacity: 3)
        for k: UInt64 in [1, 2, 3] { _ = c.access(k) }
        do { let ok = c.access(1); #expect(ok) }
        // 1 is the oldest but was hit: it is reinserted and 2 goes instead.
        do { let ok = c.insert(4) == 2; #expect(ok) }
        // 1's bit was spent, so next time it goes.
        do { let ok = c.insert(5) == 3; #expect(ok) }
        do { let ok = c.insert(6) == 1; #expect(ok) }
    }

    @Test func sieveHandSkipsVisitedAndStays() {
        var c = SievePolicy(capacity: 3)
        for k: UInt64 in [1, 2, 3] { _ = c.access(k) }
        do { let ok = c.access(1) && c.access(2); #expect(ok) }
        // The hand starts at the tail (1), clears 1 and 2, evicts 3 (the newest).
        do { let ok = c.insert(4) == 3; #expect(ok) }
        // Survivors did not move: the queue is 4, 2, 1 from the head.
        #expect(c.keysFromHead == [4, 2, 1])
        // 3 was at the head, so the hand wrapped: it restarts at the tail, where 1 is
        // no longer visited.
        do { let ok = c.insert(5) == 1; #expect(ok) }
        #expect(c.handKey == 2)
        do { let ok = c.access(4); #expect(ok) }
        // 2 (under the hand, unvisited) goes next, then the hand moves past 4.
        do { let ok = c.insert(6) == 2; #expect(ok) }
        do { let ok = c.insert(7) == 5; #expect(ok) }
    }

    @Test func lfuEvictsLeastFrequentOldestFirst() {
        var c = LFUPolicy(capacity: 3)
        for k: UInt64 in [1, 1, 1, 2, 2, 3] { _ = c.access(k) }
        #expect(c.frequency(of: 1) == 3 && c.frequency(of: 2) == 2 && c.frequency(of: 3) == 1)
        do { let ok = c.insert(4) == 3; #expect(ok) }
        do { let ok = c.insert(5) == 4; #expect(ok) }
        var t = LFUPolicy(capacity: 2)
        _ = t.access(10); _ = t.access(11)
        do { let ok = t.insert(12) == 10; #expect(ok) }  // tie at count 1: the oldest goes
        _ = t.access(11); _ = t.access(12)  // both at 2; 11 reached it first
        do { let ok = t.insert(13) == 11; #expect(ok) }
        do { let ok = t.remove(12) && t.count == 1; #expect(ok) }
    }

    @Test func s3fifoGhostHitGoesToMain() {
        var c = S3FIFOPolicy(capacity: 20)
        #expect(c.smallCapacity == 2 && c.mainCapacity == 18 && c.ghostCapacity == 18)
        for k in 1...20 { _ = c.access(UInt64(k)) }
        // Before the first eviction, keys beyond the small queue's share go to main.
        #expect(c.smallCount == 2 && c.mainCount == 18)
        // 21 needs room: small's oldest (1, never hit) is evicted into the ghost.
        do { let ok = !c.access(21); #expect(ok) }
        #expect(!c.contains(1) && c.ghostContains(1))
        // 1 comes back: found in the ghost, so it enters main directly; 2 goes to the ghost.
        do { let ok = !c.access(1); #expect(ok) }
        #expect(c.mainContains(1) && !c.ghostContains(1))
        #expect(c.ghostContains(2) && !c.contains(2))
        #expect(c.count == 20)
    }

    @Test func s3fifoPromotesAtTwoHits() {
        var c = S3FIFOPolicy(capacity: 20)
        for k in 1...20 { _ = c.access(UInt64(k)) }
        _ = c.access(21)  // evicts 1 to the ghost; small holds 2 and 21
        do { let ok = c.access(2) && c.access(2); #expect(ok) }
        _ = c.access(22)  // small's oldest, 2, has two hits: it moves to main, 21 goes
        #expect(c.mainContains(2) && c.ghostContains(21))
        #expect(!S3FIFOPolicy(capacity: 19).contains(1))
        var tiny = S3FIFOPolicy(capacity: 19)  // small queue of 1: like libCacheSim, caches nothing
        do { let ok = !tiny.access(1) && !tiny.access(1) && tiny.count == 0; #expect(ok) }
    }

    @Test func arcAdaptsOnGhostHits() {
        var c = ARCPolicy(capacity: 2)
        _ = c.access(1)
        do { let ok = c.access(1); #expect(ok) }  // 1 in T2
        _ = c.access(2)  // T1 = [2]
        _ = c.access(3)  // REPLACE: |T1| = 1 > p = 0, so 2 goes to B1
        #expect(c.listSizes == (1, 1, 1, 0))
        #expect(!c.contains(2))
        do { let ok = !c.access(2); #expect(ok) }  // B1 hit: p rises by max(|B2|/|B1|, 1) = 1
        #expect(c.p == 1)
        // REPLACE with |T1| = p = 1: T2's LRU (1) goes to B2; 2 enters T2.
        #expect(c.listSizes == (1, 1, 0, 1))
        #expect(c.contains(2) && c.contains(3) && !c.contains(1))
        do { let ok = !c.access(1); #expect(ok) }  // B2 hit: p falls back to 0
        #expect(c.p == 0)
    }

    @Test func twoQRemembersA1inEvictionsInA1out() {
        var c = TwoQPolicy(capacity: 4)
        #expect(c.inCapacity == 1 && c.outCapacity == 2 && c.mainCapacity == 3)
        for k: UInt64 in [1, 2, 3, 4] { _ = c.access(k) }
        do { let ok = c.access(1); #expect(ok) }  // a hit in A1in changes nothing
        do { let ok = c.insert(5) == 1; #expect(ok) }  // A1in over its share: its oldest (1) goes to A1out
        #expect(!c.contains(1))
        do { let ok = !c.access(1); #expect(ok) }  // found in A1out: 2 goes to A1out, 1 enters Am
        #expect(c.contains(1) && !c.contains(2))
        _ = c.access(6)  // A1in is still over its share: 3 goes
        #expect(c.contains(1) && !c.contains(3))
    }

    @Test func wtinylfuAdmitsByFrequency() {
        var c = WTinyLFUPolicy(capacity: 100)
        #expect(c.windowCapacity == 1 && c.mainCapacity == 99)
        #expect(c.probationCapacity == 19 && c.protectedCapacity == 79)
        for k in 0..<100 { _ = c.access(UInt64(k)) }
        #expect(c.count == 100)
        // Like libCacheSim's, the window only drains at the first eviction.
        #expect(c.segmentCounts.window == 100)
        // That eviction moves 0...98 into main while it has room; then 99, seen once, loses
        // against main's victim (0, counted at its insert and when it left the window).
        _ = c.access(100)
        #expect(!c.contains(99) && c.contains(0))
        #expect(c.segmentCounts == (1, 20, 79))
        // A key seen often wins admission over main's victim.
        for _ in 0..<5 { _ = c.access(100) }
        for _ in 0..<5 { _ = c.access(200); _ = c.remove(200) }  // raise 200's count
        _ = c.access(200)  // window victim 100 moves on...
        _ = c.access(201)  // ...200 (count 6) beats main's victim
        #expect(c.contains(200))
        #expect(c.count <= 100)
    }

    @Test func randomEvictsAnyKeyUniformly() {
        var counts = [Int](repeating: 0, count: 4)
        for seed in 0..<UInt64(4000) {
            var c = RandomPolicy(capacity: 4, seed: seed)
            for k: UInt64 in [0, 1, 2, 3] { _ = c.access(k) }
            counts[Int(c.insert(9)!)] += 1
        }
        for n in counts { #expect(n > 850 && n < 1150) }
    }

    @Test func beladyIsOptimal() {
        // 1 2 3 1 2 with two entries: on 3, evict 2 (next used later than 1).
        #expect(BeladySimulator.simulate(keys: [1, 2, 3, 1, 2], capacity: 2).misses == 4)
        #expect(
            BeladySimulator.nextAccessIndices([5, 6, 5, 5].withUnsafeBufferPointer { $0 })
                == [2, BeladySimulator.never, 3, BeladySimulator.never])
        let keys = ZipfTrace(objects: 2000, requests: 20_000, alpha: 0.9, seed: 3).keys()
        for size in [20, 200] {
            let optimal = CacheSimulator.run(.belady, size: size, keys: keys).misses
            for policy in CachePolicyName.online {
                #expect(
                    optimal <= CacheSimulator.run(policy, size: size, keys: keys).misses,
                    "\(policy) at \(size)")
            }
        }
    }

    /// A cache at least as large as the trace's distinct keys never evicts: every policy
    /// misses each key once and hits every other request, whatever the size beyond. This
    /// is what lets `cachesim` run such a size at the distinct keys' (2,000M entries asked
    /// of a trace of 1,000 keys took 24 s and 8 GB for wtinylfu, sized for the entries asked).
    @Test(arguments: CachePolicyName.allCases)
    func aCacheAsLargeAsTheKeysOnlyMissesEachOnce(name: CachePolicyName) {
        let keys = ZipfTrace(objects: 3000, requests: 40_000, alpha: 0.8, seed: 17).keys()
        let distinct = Set(keys).count
        for size in [distinct, distinct + 7, 3 * distinct] {
            let r = CacheSimulator.run(name, size: size, keys: keys, seed: 3)
            #expect(r.misses == distinct, "\(name) at \(size): \(r.misses) misses, \(distinct) keys")
        }
    }

    /// Random operations on every online policy keep the basic contract: capacity
    /// respected, inserted keys present, removed keys absent.
    @Test(arguments: CachePolicyName.online)
    func contractHolds(name: CachePolicyName) throws {
        var c = try AnyEvictionPolicy(name, capacity: 120, seed: 1)
        var rng = SplitMix64(seed: 99)
        for _ in 0..<20_000 {
            let key = rng.next() % 400
            switch rng.below(4) {
            case 0:
                let hit = c.access(key)
                #expect(hit || c.contains(key) || name == .s3fifo)
            case 1:
                if c.lookup(key) { #expect(c.contains(key)) }
            case 2:
                if !c.contains(key) {
                    let evicted = c.insert(key)
                    #expect(evicted != key)
                    #expect(c.contains(key) || name == .s3fifo)
                }
            default:
                let was = c.contains(key)
                do { let ok = c.remove(key) == was; #expect(ok) }
                #expect(!c.contains(key))
            }
            #expect(c.count <= 120)
        }
        var present = 0
        for k in 0..<UInt64(400) where c.contains(k) { present += 1 }
        #expect(present == c.count)
    }

    @Test func anyPolicyMatchesConcreteAndRejectsBelady() throws {
        let keys = ZipfTrace(objects: 1000, requests: 10_000, alpha: 1.0, seed: 5).keys()
        for name in CachePolicyName.online {
            var any = try AnyEvictionPolicy(name, capacity: 100)
            let hits = keys.filter { any.access($0) }.count
            #expect(hits == CacheSimulator.run(name, size: 100, keys: keys).hits, "\(name)")
        }
        #expect(throws: CachePolicyError.offlineOnly(.belady)) {
            try AnyEvictionPolicy(.belady, capacity: 10)
        }
        #expect(throws: CachePolicyError.unknownPolicy("lru2")) {
            try AnyEvictionPolicy(named: "lru2", capacity: 10)
        }
        #expect(throws: CachePolicyError.invalidCapacity(0)) { try AnyEvictionPolicy(.lru, capacity: 0) }
        #expect(CachePolicyError.unknownPolicy("x").description.contains("lru, fifo, lfu"))
        for name in CachePolicyName.allCases { #expect(!name.summary.isEmpty) }
    }
}

/// ``CacheRuns``: many runs over one trace on several threads.
@Suite struct CacheRunsTests {
    let keys = ZipfTrace(objects: 2000, requests: 30_000, alpha: 0.9, seed: 23).keys()
    var distinct: Int { Set(keys).count }
    var runs: [(policy: CachePolicyName, size: Int)] {
        [CachePolicyName.lru, .arc, .s3fifo, .wtinylfu, .random].flatMap { p in
            [50, 200, 800, 100_000].map { (p, $0) }
        }
    }

    /// The counts are each run's own, in the order asked, whatever the threads; a size
    /// beyond the distinct keys is reported as asked, with the counts of one that holds them.
    @Test(arguments: [1, 3])
    func eachRunAsAloneInOrder(jobs: Int) {
        let out = CacheRuns.run(runs, keys: keys, distinctKeys: distinct, seed: 9, jobs: jobs)
        #expect(out.count == runs.count)
        for (r, ask) in zip(out, runs) {
            let alone = CacheSimulator.run(ask.policy, size: ask.size, keys: keys, seed: 9)
            #expect(r?.policy == ask.policy && r?.size == ask.size)
            #expect(r?.hits == alone.hits && r?.misses == alone.misses)
        }
        #expect(out.last??.misses == distinct)
    }

    /// Asked to stop, it starts no other run: on one thread stopped after five runs have
    /// started, the first five are there and the rest are nil; the progress counted five.
    @Test func aStopLeavesTheRestNotRun() {
        let asked = Mutex(0)
        let heard = Mutex(0)
        let out = CacheRuns.run(
            runs, keys: keys, distinctKeys: distinct, seed: 9, jobs: 1,
            stop: {
                asked.withLock {
                    $0 += 1
                    return $0 > 5
                }
            },
            progress: { n in heard.withLock { $0 = n } })
        #expect(out.prefix(5).allSatisfy { $0 != nil })
        #expect(out.dropFirst(5).allSatisfy { $0 == nil })
        #expect(heard.withLock { $0 } == 5)
        #expect(
            CacheRuns.run(runs, keys: keys, distinctKeys: distinct, seed: 9, jobs: 2, stop: { true })
                .allSatisfy { $0 == nil })
    }
}
