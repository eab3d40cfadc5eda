/// One row of a `Table`: a cell per column and a style for the whole row.
public struct TableRow: Hashable, Sendable {
    /// The cells, one per column (missing cells are blank, extra ones ignored).
    public var cells: [Line]
    /// The style of the row (cell span styles patch over it).
    public var style: Style

    /// Creates a row of styled cells.
    public init(_ cells: [Line], style: Style = .plain) {
        self.cells = cells
        self.style = style
    }

    /// Creates a row of plain text cells.
    public init(texts: [String], style: Style = .plain) {
        self.init(texts.map { Line($0) }, style: style)
    }
}
