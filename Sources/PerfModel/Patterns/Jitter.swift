/// How a retry's exponential backoff is randomised: the four variants of the AWS
/// Architecture Blog's "Exponential Backoff and Jitter" (Marc Brooker, 2015), named by their
/// knob values. ``Backoff/delay(attempt:previous:rng:)`` gives their formulas.
public enum Jitter: String, Sendable, CaseIterable {
    /// No jitter: the capped exponential itself.
    case none
    /// Full jitter: uniform between 0 and the capped exponential.
    case full
    /// Equal jitter: half the capped exponential, plus uniform up to the other half.
    case equal
    /// Decorrelated jitter: uniform between the base and three times the previous delay,
    /// capped.
    case decorrelated
}
