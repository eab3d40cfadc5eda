/// A rectangle of terminal cells: an origin (column `x`, row `y`) and a size.
///
/// Follows ratatui's `Rect`: zero-based coordinates, the origin at the top left, and
/// every operation saturating rather than trapping, so a widget given a rectangle too
/// small (or empty) simply draws less.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    /// The leftmost column.
    public var x: Int
    /// The top row.
    public var y: Int
    /// The number of columns; never negative.
    public var width: Int
    /// The number of rows; never negative.
    public var height: Int

    /// Creates a rectangle; a negative width or height becomes zero.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The empty rectangle at the origin.
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    /// One past the rightmost column.
    public var right: Int { x + width }
    /// One past the bottom row.
    public var bottom: Int { y + height }
    /// The number of cells.
    public var area: Int { width * height }
    /// Whether the rectangle holds no cell.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// Whether the cell at (`column`, `row`) lies inside.
    public func contains(x column: Int, y row: Int) -> Bool {
        column >= x && column < right && row >= y && row < bottom
    }

    /// The cells both rectangles share (empty, at this origin, when they share none).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let r = min(right, other.right)
        let b = min(bottom, other.bottom)
        if r <= left || b <= top { return Rect(x: left, y: top, width: 0, height: 0) }
        return Rect(x: left, y: top, width: r - left, height: b - top)
    }

    /// The rectangle shrunk by `horizontal` columns on each side and `vertical` rows on
    /// top and bottom (ratatui's `Rect::inner` with a `Margin`).
    public func inset(horizontal: Int = 0, vertical: Int = 0) -> Rect {
        Rect(
            x: x + horizontal, y: y + vertical,
            width: width - 2 * horizontal, height: height - 2 * vertical)
    }

    /// The `index`-th row as a one-row rectangle (empty when out of range).
    public func row(_ index: Int) -> Rect {
        guard index >= 0 && index < height else { return Rect(x: x, y: y + index, width: 0, height: 0) }
        return Rect(x: x, y: y + index, width: width, height: 1)
    }

    public var description: String { "Rect(x: \(x), y: \(y), width: \(width), height: \(height))" }
}
