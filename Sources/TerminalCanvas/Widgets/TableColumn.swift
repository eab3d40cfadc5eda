/// One column of a `Table`: its width constraint and the alignment of its cells.
public struct TableColumn: Hashable, Sendable {
    /// How wide the column is, solved with the other columns by `Layout`.
    public var width: Constraint
    /// How cells are aligned in it.
    public var alignment: Alignment

    /// Creates a column.
    public init(_ width: Constraint, alignment: Alignment = .left) {
        self.width = width
        self.alignment = alignment
    }
}
