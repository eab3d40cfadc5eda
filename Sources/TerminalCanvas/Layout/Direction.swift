/// The axis a layout splits along (ratatui's `Direction`).
public enum Direction: Hashable, Sendable {
    /// Segments stacked top to bottom.
    case vertical
    /// Segments side by side, left to right.
    case horizontal
}
