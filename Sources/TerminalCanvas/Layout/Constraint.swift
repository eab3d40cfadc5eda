/// How much of a split one segment takes (ratatui's `Constraint`).
public enum Constraint: Hashable, Sendable {
    /// Exactly `n` cells (less only when the space runs out).
    case length(Int)
    /// `p` percent of the whole, rounded down.
    case percentage(Int)
    /// At least `n` cells; grows to take the space left when no segment is `.fill`.
    case min(Int)
    /// At most `n` cells; takes `n` when the space allows.
    case max(Int)
    /// A share of the space left after the other constraints, by weight.
    case fill(Int)
}
