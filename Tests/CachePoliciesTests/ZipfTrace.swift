import CachePolicies
import SimKernel

/// A deterministic Zipf trace for the tests: key `r` (0-based rank) is drawn with
/// probability proportional to `(r + 1)^-alpha`, by inverse transform over the CDF with
/// uniforms from ``SplitMix64``. The same code writes the files that libCacheSim read to
/// produce `Fixtures/libcachesim-miss-ratios.json` (see `LibCacheSimAgreementTests`).
struct ZipfTrace {
    let objects: Int
    let requests: Int
    let alpha: Double
    let seed: UInt64

    func keys() -> [UInt64] {
        var cdf = [Double](repeating: 0, count: objects)
        var total = 0.0
        for r in 0..<objects {
            total += pow(Double(r + 1), -alpha)
            cdf[r] = total
        }
        var rng = SplitMix64(seed: seed)
        var out = [UInt64](repeating: 0, count: requests)
        for i in 0..<requests {
            let u = Double(rng.next() >> 11) * 0x1p-53 * total
            var lo = 0
            var hi = objects - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cdf[mid] > u { hi = mid } else { lo = mid + 1 }
            }
            out[i] = UInt64(lo)
        }
        return out
    }

    /// One key per line, libCacheSim's plain-text trace format.
    func text() -> String {
        var s = ""
        s.reserveCapacity(requests * 6)
        for k in keys() { s += String(k); s += "\n" }
        return s
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
