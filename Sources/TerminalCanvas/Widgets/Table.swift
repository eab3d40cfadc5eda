/// Rows and columns of text with a header and a selectable row.
///
/// ratatui's `Table` and `TableState`: column widths are solved by `Layout` with
/// `columnSpacing` between them; the selected row is painted with `highlightStyle`,
/// marked with `highlightSymbol`, and kept in view by scrolling (`offset` is the first
/// row shown when the selection needs no scrolling).
public struct Table: Widget, Hashable, Sendable {
    /// The columns.
    public var columns: [TableColumn]
    /// The header row, or nil for none.
    public var header: TableRow?
    /// The body rows.
    public var rows: [TableRow]
    /// Cells between columns.
    public var columnSpacing: Int
    /// The index of the selected row, if any.
    public var selected: Int?
    /// The style laid over the selected row.
    public var highlightStyle: Style
    /// Drawn before the selected row; other rows are indented by its width.
    public var highlightSymbol: String
    /// The first row shown.
    public var offset: Int
    /// The style under everything.
    public var style: Style

    /// Creates a table.
    public init(
        columns: [TableColumn], header: TableRow? = nil, rows: [TableRow], columnSpacing: Int = 1,
        selected: Int? = nil, highlightStyle: Style = Style(attributes: .reverse),
        highlightSymbol: String = "", offset: Int = 0, style: Style = .plain
    ) {
        self.columns = columns
        self.header = header
        self.rows = rows
        self.columnSpacing = columnSpacing
        self.selected = selected
        self.highlightStyle = highlightStyle
        self.highlightSymbol = highlightSymbol
        self.offset = offset
        self.style = style
    }

    /// The first row shown in an area with `visibleRows` body rows: `offset`, moved just
    /// enough to keep the selection in view.
    public func firstVisibleRow(visibleRows: Int) -> Int {
        var first = min(max(0, offset), max(0, rows.count - 1))
        if let selected, visibleRows > 0 {
            if selected < first { first = selected }
            if selected >= first + visibleRows { first = selected - visibleRows + 1 }
        }
        return max(0, first)
    }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        if style.background != nil { buffer.fill(area, with: " ", style: style) }
        let symbolWidth = highlightSymbol.terminalWidth
        let columnsArea = Rect(
            x: area.x + symbolWidth, y: area.y, width: area.width - symbolWidth, height: area.height)
        let widths = Layout.sizes(columns.map(\.width), total: columnsArea.width, spacing: columnSpacing)
        var y = area.y
        if let header {
            buffer.setStyle(
                Rect(x: area.x, y: y, width: area.width, height: 1), style.patched(with: header.style))
            draw(header, y: y, widths: widths, columnsArea: columnsArea, into: &buffer)
            y += 1
        }
        let visibleRows = area.bottom - y
        guard visibleRows > 0 else { return }
        let first = firstVisibleRow(visibleRows: visibleRows)
        for index in first..<min(rows.count, first + visibleRows) {
            let row = rows[index]
            let rowRect = Rect(x: area.x, y: y, width: area.width, height: 1)
            buffer.setStyle(rowRect, style.patched(with: row.style))
            draw(row, y: y, widths: widths, columnsArea: columnsArea, into: &buffer)
            if index == selected {
                buffer.setStyle(rowRect, highlightStyle)
                if symbolWidth > 0 {
                    buffer.write(
                        highlightSymbol, x: area.x, y: y,
                        style: style.patched(with: row.style).patched(with: highlightStyle), clip: rowRect)
                }
            }
            y += 1
        }
    }

    private func draw(
        _ row: TableRow, y: Int, widths: [Int], columnsArea: Rect, into buffer: inout CellBuffer
    ) {
        var x = columnsArea.x
        let base = style.patched(with: row.style)
        for (column, width) in widths.enumerated() {
            if column < row.cells.count && width > 0 {
                row.cells[column].render(
                    into: &buffer,
                    area: Rect(x: x, y: y, width: min(width, columnsArea.right - x), height: 1),
                    defaultAlignment: columns[column].alignment, baseStyle: base)
            }
            x += width + columnSpacing
        }
    }
}
