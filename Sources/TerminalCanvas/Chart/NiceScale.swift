import Foundation

/// Round tick values for an axis.
///
/// Paul Heckbert's "Nice Numbers for Graph Labels" (Graphics Gems, 1990): the tick step
/// is 1, 2, 5 or 10 times a power of ten, and the range is widened to whole steps.
public struct NiceScale: Hashable, Sendable {
    /// The lowest tick (at or below the data's minimum).
    public let lower: Double
    /// The highest tick (at or above the data's maximum).
    public let upper: Double
    /// The distance between ticks.
    public let step: Double

    /// A scale covering `minimum...maximum` with about `maxTicks` ticks (at least 2).
    public init(minimum: Double, maximum: Double, maxTicks: Int = 5) {
        var lo = minimum.isFinite ? minimum : 0
        var hi = maximum.isFinite ? maximum : 1
        if lo > hi { swap(&lo, &hi) }
        if hi == lo {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            hi += pad
            if lo != 0 { lo -= pad }
        }
        let range = NiceScale.niceNumber(hi - lo, round: false)
        let step = NiceScale.niceNumber(range / Double(max(1, maxTicks - 1)), round: true)
        self.step = step
        self.lower = (lo / step).rounded(.down) * step
        self.upper = (hi / step).rounded(.up) * step
    }

    /// The tick values from `lower` to `upper`.
    public var ticks: [Double] {
        guard step > 0 else { return [lower] }
        let count = Int(((upper - lower) / step).rounded()) + 1
        return (0..<max(1, min(count, 1000))).map { lower + Double($0) * step }
    }

    /// Heckbert's `nicenum`: a number near `x` of the form {1, 2, 5, 10}×10ⁿ, rounded to
    /// the nearest such number when `round`, else the smallest not below `x`.
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = (log10(x)).rounded(.down)
        let power = pow(10, exponent)
        let fraction = x / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }
}
