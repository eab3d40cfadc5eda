/// One terminal cell: a Unicode scalar, its colours and its attributes, in 16 bytes.
///
/// ratatui's `Cell` holds a grapheme string; here a cell holds one `Unicode.Scalar` so a
/// frame allocates nothing per cell (combining marks are dropped when written). A wide
/// character occupies its cell and the next, which holds `Cell.continuationScalar` and is
/// skipped by backends.
public struct Cell: Hashable, Sendable {
    /// The scalar shown.
    public var scalar: Unicode.Scalar
    /// The foreground colour.
    public var foreground: Color
    /// The background colour.
    public var background: Color
    /// The attributes.
    public var attributes: TextAttributes

    /// The scalar stored in the right half of a wide character (U+0000).
    public static let continuationScalar: Unicode.Scalar = "\u{0}"

    /// A blank cell in the terminal's default colours.
    public static let blank = Cell(scalar: " ")

    /// Creates a cell.
    public init(
        scalar: Unicode.Scalar, foreground: Color = .default, background: Color = .default,
        attributes: TextAttributes = []
    ) {
        self.scalar = scalar
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// Whether this cell is the right half of a wide character.
    public var isContinuation: Bool { scalar == Cell.continuationScalar }

    /// Whether two cells have the same colours and attributes.
    public func hasSameStyle(as other: Cell) -> Bool {
        foreground == other.foreground && background == other.background && attributes == other.attributes
    }

    /// Paints `style` onto the cell: colours where set; attributes replaced.
    public mutating func apply(_ style: Style) {
        if let fg = style.foreground { foreground = fg }
        if let bg = style.background { background = bg }
        attributes = style.attributes
    }
}
