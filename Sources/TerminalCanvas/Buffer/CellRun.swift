/// A horizontal run of changed cells in one row: what a backend must redraw.
///
/// The output of `CellBuffer.diff(from:)`, like ratatui's `Buffer::diff`, but grouped in
/// runs so a backend moves the cursor once per run.
public struct CellRun: Hashable, Sendable {
    /// The first column of the run.
    public var x: Int
    /// The row.
    public var y: Int
    /// The number of cells.
    public var count: Int

    /// Creates a run.
    public init(x: Int, y: Int, count: Int) {
        self.x = x
        self.y = y
        self.count = count
    }
}
