import Foundation

/// Zipf-distributed ranks 1…N with P(k) ∝ k^−s, sampled in O(1) with no table.
///
/// Rejection-inversion by Hörmann and Derflinger ("Rejection-inversion to generate variates
/// from monotone discrete distributions", ACM TOMACS 6(3), 1996), as used by Apache Commons
/// RNG's `RejectionInversionZipfSampler`: it inverts the integral of a continuous hat
/// function and accepts with a cheap test, needing on average little more than one uniform
/// per sample for any N, so N = 10^9 costs what N = 10 does. Any exponent s ≥ 0 works
/// (s = 0 is uniform).
public struct ZipfSampler: Sendable {
    public let count: UInt64
    public let exponent: Double
    @usableFromInline let hX1: Double
    @usableFromInline let hN: Double
    @usableFromInline let sVal: Double

    public init(count: UInt64, exponent: Double) {
        precondition(count >= 1, "Zipf needs at least one element")
        precondition(exponent >= 0, "Zipf exponent must be non-negative")
        self.count = count
        self.exponent = exponent
        hX1 = ZipfSampler.hIntegral(1.5, exponent) - 1
        hN = ZipfSampler.hIntegral(Double(count) + 0.5, exponent)
        sVal =
            2
            - ZipfSampler.hIntegralInverse(
                ZipfSampler.hIntegral(2.5, exponent) - ZipfSampler.h(2, exponent), exponent)
    }

    /// A rank in 1…count; rank 1 is the most popular.
    @inlinable
    public func sample(using rng: inout RandomStream) -> UInt64 {
        while true {
            let u = hN + rng.nextUnit() * (hX1 - hN)
            let x = ZipfSampler.hIntegralInverse(u, exponent)
            var k = (x + 0.5).rounded(.down)
            if k < 1 { k = 1 } else if k > Double(count) { k = Double(count) }
            if k - x <= sVal || u >= ZipfSampler.hIntegral(k + 0.5, exponent) - ZipfSampler.h(k, exponent) {
                return UInt64(k)
            }
        }
    }

    /// The exact probability of rank k (O(N) normaliser: for tests on small N only).
    public func probability(ofRank k: UInt64) -> Double {
        var norm = 0.0
        for i in 1...count { norm += Foundation.pow(Double(i), -exponent) }
        return Foundation.pow(Double(k), -exponent) / norm
    }

    /// H(x) = ((x^(1−s)) − 1) / (1 − s), continuous at s = 1 (log x).
    @inlinable
    static func hIntegral(_ x: Double, _ s: Double) -> Double {
        let logX = Foundation.log(x)
        return helper2((1 - s) * logX) * logX
    }

    /// h(x) = x^−s.
    @inlinable
    static func h(_ x: Double, _ s: Double) -> Double {
        Foundation.exp(-s * Foundation.log(x))
    }

    /// The inverse of H.
    @inlinable
    static func hIntegralInverse(_ x: Double, _ s: Double) -> Double {
        var t = x * (1 - s)
        if t < -1 { t = -1 }  // guard against rounding below the pole
        return Foundation.exp(helper1(t) * x)
    }

    /// log(1 + x) / x, accurate near 0.
    @inlinable
    static func helper1(_ x: Double) -> Double {
        if abs(x) > 1e-8 { return Foundation.log1p(x) / x }
        return 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x))
    }

    /// (e^x − 1) / x, accurate near 0.
    @inlinable
    static func helper2(_ x: Double) -> Double {
        if abs(x) > 1e-8 { return Foundation.expm1(x) / x }
        return 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x))
    }
}
