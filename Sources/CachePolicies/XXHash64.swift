/// XXH64 of one 64-bit value (its eight little-endian bytes), following the published
/// xxHash specification (Yann Collet, `doc/xxhash_spec.md`, "XXH64 algorithm
/// description"): the short-input path for an 8-byte input, then the avalanche.
///
/// libCacheSim's counting Bloom filter hashes object ids this way, so W-TinyLFU uses it to
/// pick the same counters.
@inlinable
public func xxHash64(_ value: UInt64, seed: UInt64) -> UInt64 {
    let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    let prime5: UInt64 = 0x27D4_EB2F_1656_67C5
    var acc = seed &+ prime5 &+ 8
    var lane = value.littleEndian &* prime2
    lane = (lane << 31) | (lane >> 33)
    lane = lane &* prime1
    acc ^= lane
    acc = ((acc << 27) | (acc >> 37)) &* prime1 &+ prime4
    acc ^= acc >> 33
    acc = acc &* prime2
    acc ^= acc >> 29
    acc = acc &* prime3
    acc ^= acc >> 32
    return acc
}
