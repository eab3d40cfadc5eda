import Foundation

/// Standard exponential variates by the ziggurat method (Marsaglia and Tsang, "The Ziggurat
/// Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000), with 256 layers.
///
/// About 99% of draws cost one random number, a table look-up and a multiply; the rest fall
/// back to the exact rejection test. Unlike the paper's code, the layer index and the value
/// come from different bits of one 64-bit draw (the low 8 bits and the high 32), so the two
/// are independent.
public enum ExponentialZiggurat {
    // The layer thresholds `k`, widths `w` and densities `f` (the paper's `zigset`) are in
    // ExponentialZigguratTables.swift, as literals.

    /// The right edge of the base layer.
    static let r = 7.697117470131487

    /// One standard exponential variate (mean 1).
    ///
    /// Not inlinable: compiled here, it reads the tables where they lie; inlined into another
    /// module, every read would go through the tables' lazy-initialisation check.
    public static func sample(using rng: inout RandomStream) -> Double {
        var u = rng.next()
        var iz = Int(u & 255)
        var jz = UInt32(truncatingIfNeeded: u >> 32)
        if jz < k[iz] { return Double(jz) * w[iz] }
        while true {
            if iz == 0 { return r - log(rng.nextOpenUnit()) }
            let x = Double(jz) * w[iz]
            if f[iz] + rng.nextUnit() * (f[iz - 1] - f[iz]) < exp(-x) { return x }
            u = rng.next()
            iz = Int(u & 255)
            jz = UInt32(truncatingIfNeeded: u >> 32)
            if jz < k[iz] { return Double(jz) * w[iz] }
        }
    }
}

extension RandomStream {
    /// An exponential variate with mean 1 (ziggurat).
    @inlinable @inline(__always)
    public mutating func nextExponential() -> Double {
        ExponentialZiggurat.sample(using: &self)
    }
}
