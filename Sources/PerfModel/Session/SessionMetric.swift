/// One headline figure of a stretch of a session, and which way is better.
public struct SessionMetric: Sendable, Equatable {
    /// Which change of the figure is an improvement.
    public enum Better: Sendable, Equatable {
        case higher, lower, neither
    }

    /// Machine name, as in the JSON report (`p99_ms`).
    public var key: String
    /// What a person reads (`p99 latency`).
    public var label: String
    /// Unit shown after the value (`ms`, `req/s`, `%`), or empty.
    public var unit: String
    public var value: Double
    public var better: Better
    /// Decimals to show.
    public var digits: Int
    /// Whether the stretch has no such figure (a latency when no request succeeded): its
    /// `value` is 0 and means nothing.
    public var isMissing: Bool

    public init(
        _ key: String, _ label: String, _ value: Double, unit: String = "", better: Better, digits: Int = 3,
        missing: Bool = false
    ) {
        self.isMissing = missing
        self.key = key
        self.label = label
        self.value = value
        self.unit = unit
        self.better = better
        self.digits = digits
    }
}
