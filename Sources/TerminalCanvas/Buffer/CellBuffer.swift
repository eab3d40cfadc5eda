/// A 2-D grid of cells that widgets draw into and backends present.
///
/// ratatui's `Buffer`: each frame, widgets render into a fresh (or cleared) buffer and a
/// backend sends only the cells that differ from the previous frame (`diff(from:)`).
/// Cells are stored row-major in one contiguous array; writing text walks the string's
/// scalars and allocates nothing.
public struct CellBuffer: Hashable, Sendable {
    /// The area covered; its origin is usually (0, 0).
    public private(set) var area: Rect
    /// The cells, row-major.
    public private(set) var cells: [Cell]

    /// A buffer of `area.width × area.height` copies of `fill`.
    public init(area: Rect, fill: Cell = .blank) {
        self.area = area
        self.cells = Array(repeating: fill, count: area.area)
    }

    /// A buffer of the given size at the origin.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.init(area: Rect(x: 0, y: 0, width: width, height: height), fill: fill)
    }

    /// The number of columns.
    public var width: Int { area.width }
    /// The number of rows.
    public var height: Int { area.height }

    /// The index of (`x`, `y`) in `cells`, or nil when outside.
    public func index(x: Int, y: Int) -> Int? {
        guard area.contains(x: x, y: y) else { return nil }
        return (y - area.y) * area.width + (x - area.x)
    }

    /// The cell at (`x`, `y`); reading outside gives a blank cell and writing outside is
    /// ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard let i = index(x: x, y: y) else { return .blank }
            return cells[i]
        }
        set {
            guard let i = index(x: x, y: y) else { return }
            cells[i] = newValue
        }
    }

    /// Sets every cell to `cell`, keeping the size.
    public mutating func reset(to cell: Cell = .blank) {
        for i in cells.indices { cells[i] = cell }
    }

    /// Changes the size, clearing every cell.
    public mutating func resize(to newArea: Rect, fill: Cell = .blank) {
        area = newArea
        cells = Array(repeating: fill, count: newArea.area)
    }

    /// Fills `rect` (clipped to the buffer) with `scalar` in `style`.
    public mutating func fill(_ rect: Rect, with scalar: Unicode.Scalar = " ", style: Style = .plain) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for row in r.y..<r.bottom {
            var i = (row - area.y) * area.width + (r.x - area.x)
            for _ in 0..<r.width {
                cells[i].scalar = scalar
                cells[i].apply(style)
                i += 1
            }
        }
    }

    /// Lays `style` over every cell of `rect`: colours where set, attributes added
    /// (ratatui's `Buffer::set_style`).
    public mutating func setStyle(_ rect: Rect, _ style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for row in r.y..<r.bottom {
            var i = (row - area.y) * area.width + (r.x - area.x)
            for _ in 0..<r.width {
                if let fg = style.foreground { cells[i].foreground = fg }
                if let bg = style.background { cells[i].background = bg }
                cells[i].attributes.formUnion(style.attributes)
                i += 1
            }
        }
    }

    /// Sets one cell's scalar and style (nothing when outside the buffer).
    public mutating func set(_ scalar: Unicode.Scalar, x: Int, y: Int, style: Style = .plain) {
        guard let i = index(x: x, y: y) else { return }
        cells[i].scalar = scalar
        cells[i].apply(style)
    }

    /// Writes `text` from (`x`, `y`) in `style`, clipped to `clip` (and to the buffer),
    /// and returns the column after the last one written.
    ///
    /// Control characters and combining marks are skipped; a wide character that would
    /// straddle the clip edge is not drawn.
    @discardableResult
    public mutating func write(
        _ text: some StringProtocol, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil
    ) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard y >= bounds.y && y < bounds.bottom else { return x }
        var column = x
        let rowStart = (y - area.y) * area.width - area.x
        for scalar in text.unicodeScalars {
            let w = scalar.terminalWidth
            if w == 0 { continue }
            if column + w > bounds.right { break }
            if column >= bounds.x {
                let i = rowStart + column
                cells[i].scalar = scalar
                cells[i].apply(style)
                if w == 2 {
                    cells[i + 1].scalar = Cell.continuationScalar
                    cells[i + 1].apply(style)
                }
            }
            column += w
        }
        return column
    }

    /// Writes `text` into one row of `rect` with the given alignment, cutting it with `…`
    /// when it is wider than the row; returns the column after the text.
    @discardableResult
    public mutating func write(
        _ text: some StringProtocol, in rect: Rect, row: Int = 0, alignment: Alignment = .left,
        style: Style = .plain
    ) -> Int {
        guard rect.width > 0, row >= 0, row < rect.height else { return rect.x }
        let width = text.terminalWidth
        let y = rect.y + row
        if width > rect.width {
            let end = write(
                text, x: rect.x, y: y, style: style,
                clip: Rect(x: rect.x, y: y, width: rect.width - 1, height: 1))
            return write("…", x: end, y: y, style: style, clip: rect)
        }
        let x: Int
        switch alignment {
        case .left: x = rect.x
        case .center: x = rect.x + (rect.width - width) / 2
        case .right: x = rect.right - width
        }
        return write(text, x: x, y: y, style: style, clip: rect)
    }

    /// The rows as plain strings (continuation cells left out), for tests and logs.
    public var lines: [String] {
        var result: [String] = []
        result.reserveCapacity(height)
        for row in 0..<height {
            var line = String.UnicodeScalarView()
            for cell in cells[(row * width)..<((row + 1) * width)] where !cell.isContinuation {
                line.append(cell.scalar)
            }
            result.append(String(line))
        }
        return result
    }
}
