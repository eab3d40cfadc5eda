/// A grid of braille dots, 2 wide and 4 tall per cell, each cell remembering which
/// series drew in it last.
///
/// ratatui's braille canvas (`ratatui-widgets/src/canvas.rs`): dot (col, row) of a cell
/// sets one bit of U+2800 + bits, following the braille dot numbering 1-2-3-7 down the
/// left column and 4-5-6-8 down the right.
struct BrailleGrid {
    let width: Int
    let height: Int
    var bits: [UInt8]
    var owner: [UInt8]

    static let noOwner: UInt8 = 0xFF
    static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        bits = Array(repeating: 0, count: self.width * self.height)
        owner = Array(repeating: BrailleGrid.noOwner, count: self.width * self.height)
    }

    var dotWidth: Int { width * 2 }
    var dotHeight: Int { height * 4 }

    /// Sets dot (`x`, `y`), counted from the top left, for `series`.
    mutating func set(x: Int, y: Int, series: UInt8) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let i = (y >> 2) * width + (x >> 1)
        bits[i] |= BrailleGrid.dotBits[x & 1][y & 3]
        owner[i] = series
    }

    /// Draws a line of dots from (`x0`, `y0`) to (`x1`, `y1`) (Bresenham's algorithm).
    mutating func line(x0: Int, y0: Int, x1: Int, y1: Int, series: UInt8) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        while true {
            set(x: x, y: y, series: series)
            if x == x1 && y == y1 { break }
            let e2 = 2 * error
            if e2 >= dy {
                error += dy
                x += sx
            }
            if e2 <= dx {
                error += dx
                y += sy
            }
        }
    }

    /// The braille scalar of cell (`column`, `row`), or nil when it has no dot.
    func scalar(column: Int, row: Int) -> Unicode.Scalar? {
        let b = bits[row * width + column]
        guard b != 0 else { return nil }
        return Unicode.Scalar(0x2800 + UInt32(b))
    }
}
