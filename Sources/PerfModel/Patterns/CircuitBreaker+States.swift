/// Breaker states as summaries and samples name them (`open`, `half_open`, …): which refuse
/// calls, and which of two is worse for a caller. The one rule behind a service's state
/// among its breakers, the time `report` counts a breaker open, and the map's colours.
extension CircuitBreaker.State {
    /// Whether a breaker in this state refuses calls.
    public var refuses: Bool { self == .open || self == .forcedOpen }

    /// Refusing, then trying (half-open), then closed, then disabled.
    var severity: Int {
        switch self {
        case .open, .forcedOpen: return 3
        case .halfOpen: return 2
        case .closed: return 1
        case .disabled: return 0
        }
    }

    /// Whether a breaker in the state named `name` refuses calls.
    public static func refuses(_ name: String) -> Bool { Self(rawValue: name)?.refuses ?? false }

    /// The worse of the states named `a` and `b`, `b` on a tie (a name that is no state
    /// counts as disabled).
    public static func worse(_ a: String, _ b: String) -> String {
        let rank = { (x: String) in Self(rawValue: x)?.severity ?? 0 }
        return rank(b) >= rank(a) ? b : a
    }
}
