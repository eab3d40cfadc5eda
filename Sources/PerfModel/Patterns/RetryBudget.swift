import SimKernel

/// Finagle's retry budget (`RetryBudget`, `TokenRetryBudget` over a leaky token bucket):
/// retries may be at most `percentCanRetry` of the calls made over the last `ttl`, plus a
/// reserve of `minRetriesPerSecond` × ttl, so that retries cannot multiply the load of a
/// failing dependency however many are allowed per call.
///
/// Kept as ten one-second buckets of calls and retries (Finagle's default ttl is 10 s):
/// ``canRetry(now:)`` holds when the retries in the window, plus this one, stay within
/// `percent × calls + minimum × 10`. Finagle deposits 1000 units per call and withdraws
/// 1000 / percent per retry from a bucket whose deposits expire after ttl; this counts the
/// same quantities directly.
public struct RetryBudget: Sendable {
    public static let ttlSeconds = 10
    public var percentCanRetry: Double
    public var minRetriesPerSecond: Double
    private var calls = [UInt64](repeating: 0, count: RetryBudget.ttlSeconds)
    private var retries = [UInt64](repeating: 0, count: RetryBudget.ttlSeconds)
    private var second: Int64 = 0

    public init(percentCanRetry: Double, minRetriesPerSecond: Double) {
        self.percentCanRetry = percentCanRetry
        self.minRetriesPerSecond = minRetriesPerSecond
    }

    /// Moves the window to `now`, clearing the seconds that slid out.
    private mutating func slide(_ now: SimTime) {
        let s = now / Time.second
        guard s > second else { return }
        let gap = Swift.min(Int(s - second), RetryBudget.ttlSeconds)
        for k in 1...gap {
            let b = Int((second + Int64(k)) % Int64(RetryBudget.ttlSeconds))
            calls[b] = 0
            retries[b] = 0
        }
        second = s
    }

    /// A call (first try) was made: a deposit.
    public mutating func deposit(now: SimTime) {
        slide(now)
        calls[Int(second % Int64(RetryBudget.ttlSeconds))] &+= 1
    }

    /// Whether a retry may be made now; if so it is withdrawn.
    public mutating func tryWithdraw(now: SimTime) -> Bool {
        slide(now)
        let c = Double(calls.reduce(0, &+))
        let r = Double(retries.reduce(0, &+))
        guard r + 1 <= percentCanRetry * c + minRetriesPerSecond * Double(RetryBudget.ttlSeconds) else {
            return false
        }
        retries[Int(second % Int64(RetryBudget.ttlSeconds))] &+= 1
        return true
    }
}
