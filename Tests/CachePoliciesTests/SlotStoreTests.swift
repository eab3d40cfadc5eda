import SimKernel
import Testing

@testable import CachePolicies

/// ``SlotStore`` grows its storage as slots are first used, and must hand out exactly the
/// slots a free stack holding the whole pool would (slot 0 on top, a dropped slot pushed
/// back on top): the policies' choices depend on which slot a key gets.
@Suite struct SlotStoreTests {
    /// A free stack of the whole pool, allocated up front: the store before its storage grew
    /// lazily, and the reference here.
    struct FullStack {
        var free: [Int32]
        init(slots: Int) { free = (0..<Int32(slots)).reversed() }
        mutating func add() -> Int32 { free.removeLast() }
        mutating func drop(_ s: Int32) { free.append(s) }
    }

    @Test func slotsAreHandedOutAsFromAFullFreeStack() {
        let slots = 5000
        var store = SlotStore(slots: slots)
        var reference = FullStack(slots: slots)
        var rng = SplitMix64(seed: 7)
        var held: [(key: UInt64, slot: Int32)] = []
        var nextKey: UInt64 = 1
        for _ in 0..<200_000 {
            // Mostly adds until the pool is nearly full, then as many drops as adds.
            let add = held.isEmpty || (held.count < slots && rng.below(100) < (held.count < 4000 ? 70 : 50))
            if add {
                let s = store.add(nextKey)
                #expect(s == reference.add())
                held.append((nextKey, s))
                nextKey += 1
            } else {
                let i = rng.below(held.count)
                let (k, s) = held[i]
                held.swapAt(i, held.count - 1)
                held.removeLast()
                #expect(store.find(k) == s)
                store.drop(s)
                reference.drop(s)
            }
        }
        #expect(store.count == held.count)
        for (k, s) in held { #expect(store.find(k) == s && store.key(s) == k) }
    }

    /// A cache of ten million keys that holds three thousand has storage for a few thousand.
    @Test func storageFollowsTheKeysHeld() {
        var store = SlotStore(slots: 10_000_000)
        #expect(store.allocatedSlots == SlotStore.initialSlots)
        for k: UInt64 in 1...3000 { _ = store.add(k) }
        #expect(store.allocatedSlots == 4096)
        var lru = LRUPolicy(capacity: 10_000_000)
        var s3 = S3FIFOPolicy(capacity: 10_000_000)
        var lfu = LFUPolicy(capacity: 10_000_000)
        var random = RandomPolicy(capacity: 10_000_000)
        for k: UInt64 in 1...3000 {
            _ = lru.access(k)
            _ = s3.access(k)
            _ = lfu.access(k)
            _ = random.access(k)
        }
        #expect(lru.store.allocatedSlots == 4096 && lru.count == 3000)
        #expect(s3.store.allocatedSlots == 4096 && s3.queueOf.count == 4096 && s3.count == 3000)
        #expect(lfu.store.allocatedSlots == 4096 && lfu.bucketOf.count == 4096)
        #expect(lfu.bucketFreq.count == 1024)
        #expect(random.keys.count == 4096 && random.count == 3000)
    }
}
