/// One line of the dashboard's event log, stamped with simulated time.
public struct EventLogEntry: Sendable, Equatable {
    /// Simulated seconds.
    public var t: Double
    /// What happened, as shown.
    public var text: String
    /// Whether it is bad news (breaker open, backend down, ejection).
    public var isWarning: Bool

    public init(t: Double, text: String, isWarning: Bool = false) {
        self.t = t
        self.text = text
        self.isWarning = isWarning
    }
}
