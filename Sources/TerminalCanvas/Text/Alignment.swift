/// Horizontal alignment of text within its area (ratatui's `Alignment`).
public enum Alignment: Sendable, Hashable {
    case left
    case center
    case right
}
