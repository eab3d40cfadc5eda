import Foundation

/// A distribution of non-negative values (service times, think times, delays), sampled from
/// a ``RandomStream``.
///
/// Parameters are precomputed at construction so that sampling is a few arithmetic
/// operations and allocates nothing.
public struct Distribution: Sendable, Equatable {
    /// The family of a distribution, by the names the knobs use.
    public enum Kind: String, Sendable, CaseIterable {
        /// Exponential with the given mean (memoryless: M/M/c service).
        case exponential = "exp"
        /// Always the mean.
        case constant = "const"
        /// Uniform on [mean × (1 − √3·cv), mean × (1 + √3·cv)]: with cv = 1/√3 that is [0, 2·mean].
        case uniform
        /// Lognormal with the given mean and coefficient of variation.
        case lognormal
    }

    public let kind: Kind
    /// The mean, in the caller's unit.
    public let mean: Double
    /// The coefficient of variation (standard deviation over mean) where the family has one.
    public let cv: Double
    @usableFromInline let a: Double
    @usableFromInline let b: Double

    /// Exponential with mean `mean`.
    public static func exponential(mean: Double) -> Distribution {
        Distribution(kind: .exponential, mean: mean, cv: 1)
    }
    /// The constant `value`.
    public static func constant(_ value: Double) -> Distribution {
        Distribution(kind: .constant, mean: value, cv: 0)
    }
    /// Uniform on [low, high].
    public static func uniform(_ low: Double, _ high: Double) -> Distribution {
        let mean = (low + high) / 2
        let sd = (high - low) / (2 * 3.0.squareRoot())
        return Distribution(kind: .uniform, mean: mean, cv: mean > 0 ? sd / mean : 0)
    }
    /// Lognormal by mean and coefficient of variation.
    public static func lognormal(mean: Double, cv: Double) -> Distribution {
        Distribution(kind: .lognormal, mean: mean, cv: cv)
    }

    /// A distribution of family `kind` with mean `mean` and, where the family takes one,
    /// coefficient of variation `cv` (ignored by exponential and constant).
    public init(kind: Kind, mean: Double, cv: Double = 1) {
        self.kind = kind
        self.mean = mean
        switch kind {
        case .exponential:
            self.cv = 1
            a = mean
            b = 0
        case .constant:
            self.cv = 0
            a = mean
            b = 0
        case .uniform:
            // Clamp so the low end stays non-negative (cv ≤ 1/√3).
            let c = Swift.min(Swift.max(cv, 0), 1 / 3.0.squareRoot())
            self.cv = c
            let half = mean * 3.0.squareRoot() * c
            a = mean - half
            b = 2 * half
        case .lognormal:
            let c = Swift.max(cv, 0)
            self.cv = c
            let s2 = Foundation.log1p(c * c)
            a = Foundation.log(Swift.max(mean, .leastNormalMagnitude)) - s2 / 2  // mu
            b = s2.squareRoot()  // sigma
        }
    }

    /// One sample.
    @inlinable
    public func sample(using rng: inout RandomStream) -> Double {
        switch kind {
        case .exponential:
            return a * rng.nextExponential()
        case .constant:
            return a
        case .uniform:
            return a + b * rng.nextUnit()
        case .lognormal:
            if b == 0 { return Foundation.exp(a) }
            return Foundation.exp(a + b * Distribution.standardNormal(using: &rng))
        }
    }

    /// One sample rounded to whole nanoseconds, when the mean is in nanoseconds.
    @inlinable
    public func sampleTime(using rng: inout RandomStream) -> SimTime {
        Time.ns(Swift.max(sample(using: &rng), 0))
    }

    /// A standard normal deviate by the Box–Muller transform (one of the pair is used, so
    /// the sampler keeps no state between calls).
    @inlinable
    public static func standardNormal(using rng: inout RandomStream) -> Double {
        let u1 = rng.nextOpenUnit()
        let u2 = rng.nextUnit()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}
