#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A counting Bloom filter used as W-TinyLFU's frequency sketch: `k` 32-bit counters per
/// key; adding raises all `k`, the estimate is their minimum, and `decay` halves every
/// counter (TinyLFU's reset).
///
/// Sized like libCacheSim's `minimalIncrementCBF` (`dataStructure/minimalIncrementCBF.c`)
/// for `entries` keys at false-positive rate `error`: `−ln(error)/ln(2)²` counters per
/// entry and `⌈ln 2 × that⌉` hash functions (10 for 0.001), with positions
/// `(a + i·b) mod counters` from two XXH64 hashes of the key truncated to 32 bits, as
/// libCacheSim computes them. Like libCacheSim's, `add` raises all `k` counters (not only
/// the minimal ones).
///
/// Complexity: `add` and `estimate` are O(k); `decay` is O(counters) and W-TinyLFU calls it
/// once per `32 × capacity` hits, so its cost per request is O(1) amortised.
public struct CountingBloomFilter: Sendable {
    public let hashes: Int
    public let counterCount: Int
    @usableFromInline var counters: [UInt32]

    /// libCacheSim's `HASH_SEED0` and `HASH_SEED1`.
    @usableFromInline static let seed0: UInt64 = 0x1234_5678
    @usableFromInline static let seed1: UInt64 = 0x1234_4321

    public init(entries: Int, error: Double = 0.001) {
        let bitsPerEntry = -log(error) / 0.480453013918201
        var hashes = Int((0.693147180559945 * bitsPerEntry).rounded(.up))
        hashes = max(hashes, 1)
        var n = Int(min((bitsPerEntry * Double(entries)).rounded(.up), Double(Int32.max)))
        if n < hashes { n = hashes * 2 }
        self.hashes = hashes
        counterCount = n
        counters = Array(repeating: 0, count: n)
    }

    @inlinable @inline(__always)
    func seeds(_ key: UInt64) -> (UInt32, UInt32) {
        (
            UInt32(truncatingIfNeeded: xxHash64(key, seed: Self.seed0)),
            UInt32(truncatingIfNeeded: xxHash64(key, seed: Self.seed1))
        )
    }

    /// The estimated count of `key`: the minimum of its counters.
    @inlinable
    public func estimate(_ key: UInt64) -> UInt32 {
        let (a, b) = seeds(key)
        let n = UInt32(counterCount)
        var least = UInt32.max
        for i in 0..<UInt32(hashes) {
            let c = counters[Int((a &+ i &* b) % n)]
            if c < least { least = c }
        }
        return least
    }

    /// Counts one more occurrence of `key`.
    @inlinable
    public mutating func add(_ key: UInt64) {
        let (a, b) = seeds(key)
        let n = UInt32(counterCount)
        for i in 0..<UInt32(hashes) {
            counters[Int((a &+ i &* b) % n)] &+= 1
        }
    }

    /// Halves every counter.
    public mutating func decay() {
        counters.withUnsafeMutableBufferPointer { buf in
            for i in buf.indices { buf[i] >>= 1 }
        }
    }
}
