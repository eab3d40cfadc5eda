import Foundation

/// Standard exponential variates by the ziggurat method (Marsaglia and Tsang, "The Ziggurat
/// Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000), with 256 layers.
///
/// About 99% of draws cost one random number, a table look-up and a multiply; the rest fall
/// back to the exact rejection test. Unlike the paper's code, the layer index and the value
/// come from different bits of one 64-bit draw (the low 8 bits and the high 32), so the two
/// are independent.
public enum ExponentialZiggurat {
    /// Layer thresholds, widths and densities, computed once as in the paper's `zigset`.
    @usableFromInline static let tables: (k: [UInt32], w: [Double], f: [Double]) = {
        let m2 = 4294967296.0
        var de = 7.697117470131487
        var te = de
        let ve = 3.949659822581572e-3
        var k = [UInt32](repeating: 0, count: 256)
        var w = [Double](repeating: 0, count: 256)
        var f = [Double](repeating: 0, count: 256)
        let q = ve / exp(-de)
        k[0] = UInt32((de / q) * m2)
        k[1] = 0
        w[0] = q / m2
        w[255] = de / m2
        f[0] = 1
        f[255] = exp(-de)
        for i in stride(from: 254, through: 1, by: -1) {
            de = -log(ve / de + exp(-de))
            k[i + 1] = UInt32((de / te) * m2)
            te = de
            f[i] = exp(-de)
            w[i] = de / m2
        }
        return (k, w, f)
    }()

    /// The right edge of the base layer.
    @usableFromInline static let r = 7.697117470131487

    /// One standard exponential variate (mean 1).
    @inlinable
    public static func sample(using rng: inout RandomStream) -> Double {
        let t = tables
        var u = rng.next()
        var iz = Int(u & 255)
        var jz = UInt32(truncatingIfNeeded: u >> 32)
        if jz < t.k[iz] { return Double(jz) * t.w[iz] }
        while true {
            if iz == 0 { return r - log(rng.nextOpenUnit()) }
            let x = Double(jz) * t.w[iz]
            if t.f[iz] + rng.nextUnit() * (t.f[iz - 1] - t.f[iz]) < exp(-x) { return x }
            u = rng.next()
            iz = Int(u & 255)
            jz = UInt32(truncatingIfNeeded: u >> 32)
            if jz < t.k[iz] { return Double(jz) * t.w[iz] }
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
