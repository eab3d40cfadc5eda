import SimKernel

/// The delay before a retry: capped exponential backoff with optional jitter.
///
/// Follows the AWS Architecture Blog's "Exponential Backoff and Jitter" (Marc Brooker,
/// 2015), whose formulas, with `temp = min(cap, base × 2^attempt)`, are:
///
/// - ``Jitter/none``: `temp`;
/// - ``Jitter/full``: `uniform(0, temp)`;
/// - ``Jitter/equal``: `temp / 2 + uniform(0, temp / 2)`;
/// - ``Jitter/decorrelated``: `min(cap, uniform(base, previous × 3))`, where `previous` is
///   the delay this formula returned for the previous retry (the blog starts it at `base`).
///
/// `attempt` counts from 0: the first retry waits about `base`. Delays are whole
/// nanoseconds: `uniform(a, b)` is `a + ⌊u · (b − a)⌋` with `u` uniform in [0, 1), so it lies
/// in [a, b) (and is `a` when `b ≤ a`). Differs from the blog only in that: `previous` below
/// `base` (such as 0 for the first retry) counts as `base`, so the first decorrelated delay is
/// uniform in [base, 3·base); and `base × 2^attempt` saturates at `cap` rather than
/// overflowing for large attempts.
///
/// A value type with no storage beyond its settings; ``delay(attempt:previous:rng:)`` is a
/// pure function of its arguments and the random stream, O(1), allocation-free.
public struct Backoff: Sendable, Equatable {
    /// The first retry's delay (before jitter).
    public var base: SimTime
    /// The largest delay.
    public var cap: SimTime
    public var jitter: Jitter

    public init(base: SimTime, cap: SimTime, jitter: Jitter = .full) {
        precondition(base >= 0 && cap >= 0, "backoff times must be non-negative")
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// `min(cap, base × 2^attempt)`, saturating.
    @inlinable
    public func exponential(attempt: Int) -> SimTime {
        precondition(attempt >= 0, "attempts count from 0")
        if base == 0 { return 0 }
        if attempt >= 62 { return cap }
        let (product, overflow) = base.multipliedReportingOverflow(by: SimTime(1) << SimTime(attempt))
        return overflow ? cap : min(cap, product)
    }

    /// The delay before retry number `attempt` (0 for the first retry). `previous` is the
    /// delay returned for the retry before (used by decorrelated jitter only; pass 0 for
    /// the first). Draws one number from `rng` unless the jitter is ``Jitter/none``.
    @inlinable
    public func delay(attempt: Int, previous: SimTime = 0, rng: inout RandomStream) -> SimTime {
        switch jitter {
        case .none:
            return exponential(attempt: attempt)
        case .full:
            return Backoff.uniform(0, exponential(attempt: attempt), &rng)
        case .equal:
            let temp = exponential(attempt: attempt)
            let half = temp / 2
            return half + Backoff.uniform(0, temp - half, &rng)
        case .decorrelated:
            let prev = max(previous, base)
            let upper = prev > SimTime.max / 3 ? SimTime.max : prev * 3
            return min(cap, Backoff.uniform(base, upper, &rng))
        }
    }

    /// `a + ⌊u · (b − a)⌋`, u uniform in [0, 1): in [a, b), or `a` when `b ≤ a`.
    @inlinable
    static func uniform(_ a: SimTime, _ b: SimTime, _ rng: inout RandomStream) -> SimTime {
        let u = rng.nextUnit()
        guard b > a else { return a }
        let span = Double(b - a)
        return a + min(SimTime(u * span), b - a - 1)
    }
}
