/// Belady's MIN, the optimal offline policy: on a miss with a full cache, evict the key
/// whose next request is farthest in the future (or never comes).
///
/// Follows libCacheSim's `Belady` (`cache/eviction/Belady.c`; L. A. Belady, "A study of
/// replacement algorithms for a virtual-storage computer", IBM Systems Journal 1966):
/// every miss is inserted (demand paging, no bypass), so for unit-size objects its miss
/// count is the lower bound for every policy that also inserts on each miss. It needs the
/// whole trace, so it exists only for traces, not as an online ``EvictionPolicy``.
///
/// Complexity: O(n) to compute next uses, then O(log capacity) per request (an indexed
/// binary max-heap keyed by next use). Traces are limited to 2^31 − 1 requests.
public enum BeladySimulator {
    /// "Never requested again".
    public static let never = Int32.max

    /// For each request `i`, the index of the next request for the same key, or ``never``.
    public static func nextAccessIndices(_ keys: UnsafeBufferPointer<UInt64>) -> [Int32] {
        precondition(keys.count < Int(Int32.max), "trace too long for Belady")
        var next = [Int32](repeating: never, count: keys.count)
        var last = KeySlotMap(maximumCount: min(keys.count, 1 << 20))
        var i = keys.count - 1
        while i >= 0 {
            let k = keys[i]
            let seen = last.find(k)
            if seen >= 0 {
                next[i] = seen
                last.update(k, slot: Int32(i))
            } else {
                last.insert(k, slot: Int32(i))
            }
            i -= 1
        }
        return next
    }

    /// Hits and misses of Belady's MIN with `capacity` entries over `keys`.
    public static func simulate(keys: [UInt64], capacity: Int) -> (hits: Int, misses: Int) {
        keys.withUnsafeBufferPointer { simulate(keys: $0, capacity: capacity) }
    }

    /// Hits and misses of Belady's MIN with `capacity` entries over `keys`.
    public static func simulate(keys: UnsafeBufferPointer<UInt64>, capacity: Int) -> (hits: Int, misses: Int)
    {
        precondition(capacity >= 1, "capacity must be at least 1")
        let next = nextAccessIndices(keys)
        var map = KeySlotMap(maximumCount: capacity)
        var slotKey = [UInt64](repeating: 0, count: capacity)
        var prio = [Int32](repeating: 0, count: capacity)  // next use per slot
        var heap = [Int32](repeating: 0, count: capacity)  // slots, max-heap on prio
        var pos = [Int32](repeating: 0, count: capacity)  // heap index per slot
        var count = 0
        var hits = 0

        func siftUp(_ start: Int, _ heap: inout [Int32], _ pos: inout [Int32], _ prio: [Int32]) {
            var i = start
            let s = heap[i]
            let p = prio[Int(s)]
            while i > 0 {
                let parent = (i - 1) >> 1
                let ps = heap[parent]
                if prio[Int(ps)] >= p { break }
                heap[i] = ps
                pos[Int(ps)] = Int32(i)
                i = parent
            }
            heap[i] = s
            pos[Int(s)] = Int32(i)
        }
        func siftDown(_ start: Int, _ n: Int, _ heap: inout [Int32], _ pos: inout [Int32], _ prio: [Int32]) {
            var i = start
            let s = heap[i]
            let p = prio[Int(s)]
            while true {
                var c = 2 * i + 1
                if c >= n { break }
                if c + 1 < n && prio[Int(heap[c + 1])] > prio[Int(heap[c])] { c += 1 }
                let cs = heap[c]
                if prio[Int(cs)] <= p { break }
                heap[i] = cs
                pos[Int(cs)] = Int32(i)
                i = c
            }
            heap[i] = s
            pos[Int(s)] = Int32(i)
        }

        for i in 0..<keys.count {
            let k = keys[i]
            let s = map.find(k)
            if s >= 0 {
                hits += 1
                // The next use only moves later, so the slot can only rise in the max-heap.
                prio[Int(s)] = next[i]
                siftUp(Int(pos[Int(s)]), &heap, &pos, prio)
                continue
            }
            if count < capacity {
                let slot = Int32(count)
                slotKey[count] = k
                prio[count] = next[i]
                heap[count] = slot
                map.insert(k, slot: slot)
                siftUp(count, &heap, &pos, prio)
                count += 1
            } else {
                let victim = heap[0]
                map.remove(slotKey[Int(victim)])
                slotKey[Int(victim)] = k
                prio[Int(victim)] = next[i]
                map.insert(k, slot: victim)
                siftDown(0, count, &heap, &pos, prio)
            }
        }
        return (hits, keys.count - hits)
    }
}
