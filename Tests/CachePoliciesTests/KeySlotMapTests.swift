import SimKernel
import Testing

@testable import CachePolicies

@Suite struct KeySlotMapTests {
    /// Random inserts, updates and removals agree with a Dictionary, including keys that
    /// collide into long clusters (multiples of a large power of two).
    @Test func agreesWithDictionary() {
        var map = KeySlotMap(maximumCount: 1000)
        var reference: [UInt64: Int32] = [:]
        var rng = SplitMix64(seed: 7)
        for step in 0..<200_000 {
            let key = step % 3 == 0 ? rng.next() % 1500 : (rng.next() % 1500) << 40
            let op = rng.below(3)
            if op == 0, reference[key] == nil, reference.count < 1000 {
                map.insert(key, slot: Int32(step % 1_000_000))
                reference[key] = Int32(step % 1_000_000)
            } else if op == 1 {
                let removed = map.remove(key)
                #expect(removed == (reference.removeValue(forKey: key) ?? -1))
            } else if reference[key] != nil {
                map.update(key, slot: 5)
                reference[key] = 5
            }
            if step % 997 == 0 {
                #expect(map.count == reference.count)
                for (k, v) in reference { #expect(map.find(k) == v) }
            }
        }
        for k in 0..<UInt64(1500) { #expect(map.find(k) == (reference[k] ?? -1)) }
    }

    @Test func growsPastItsInitialSize() {
        var map = KeySlotMap(maximumCount: 4)
        for k in 0..<UInt64(10_000) { map.insert(k &* 0x9E37_79B9, slot: Int32(k)) }
        #expect(map.count == 10_000)
        for k in 0..<UInt64(10_000) { #expect(map.find(k &* 0x9E37_79B9) == Int32(k)) }
        #expect(map.find(1) == -1)
    }
}
