/// Rows of text cells laid out in columns that fit a terminal's width, a cell too wide for
/// its column continued on the lines below (as `man` and `--help` pages wrap a description
/// under its own column).
///
/// Every column but the last is as wide as its widest cell, or its cap when one is given
/// and the cell is wider; the last takes what is left of the width. When that is less than
/// ``minimumLastWidth``, each row's last cell goes under the row instead, indented by
/// ``hangingIndent`` and wrapped at the whole width. A cell breaks after a space (which is
/// dropped) or after one of the break characters (`|` for a list of choices, which stays
/// on its line); a word longer than its column breaks where the column ends.
public enum WrappedColumns {
    /// The narrowest the last column gets beside the others.
    public static let minimumLastWidth = 30
    /// The indent of a last cell set under its row.
    public static let hangingIndent = 4

    /// The lines of `rows` within `width` columns; `caps[i]` (when present and not nil)
    /// caps column i, `breaks` are the characters a cell may break after besides a space.
    public static func render(
        _ rows: [[String]], width: Int, caps: [Int?] = [], breaks: Set<Character> = ["|"], gap: Int = 2
    ) -> [String] {
        guard let columns = rows.map(\.count).max(), columns > 0 else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for r in rows {
            for (i, c) in r.enumerated() where i < columns - 1 {
                let w = c.terminalWidth
                guard let cap = i < caps.count ? caps[i] : nil, w > cap else {
                    widths[i] = Swift.max(widths[i], w)
                    continue
                }
                // Capped, but no narrower than its longest word (up to twice the cap), so
                // that a word is cut only when it is very long.
                let longest = words(c, breaks: breaks).map(\.text.terminalWidth).max() ?? 0
                widths[i] = Swift.max(widths[i], cap, longest <= 2 * cap ? longest : cap)
            }
        }
        let used = widths.dropLast().reduce(0, +) + gap * (columns - 1)
        let below = width - used < minimumLastWidth && columns > 1
        widths[columns - 1] = below ? 0 : width - used
        var out: [String] = []
        for r in rows {
            let pieces = (0..<columns).map { i in
                i == columns - 1 && below
                    ? [""] : wrap(i < r.count ? r[i] : "", width: widths[i], breaks: breaks)
            }
            let height = pieces.map(\.count).max() ?? 1
            for k in 0..<height {
                var line = ""
                for i in 0..<columns {
                    let text = k < pieces[i].count ? pieces[i][k] : ""
                    if i == columns - 1 {
                        line += text
                    } else {
                        // (A character wider than its whole column overhangs it.)
                        let pad = Swift.max(1, widths[i] - text.terminalWidth + gap)
                        line += text + String(repeating: " ", count: pad)
                    }
                }
                while line.hasSuffix(" ") { line.removeLast() }
                out.append(line)
            }
            if below, r.count == columns, !r[columns - 1].isEmpty {
                let indent = String(repeating: " ", count: hangingIndent)
                out += wrap(r[columns - 1], width: Swift.max(1, width - hangingIndent), breaks: breaks).map {
                    indent + $0
                }
            }
        }
        return out
    }

    /// `text` in lines of at most `width` columns: broken after a space (dropped) or after a
    /// character of `breaks` (kept), and hard where a word is longer than a line.
    public static func wrap(_ text: String, width: Int, breaks: Set<Character> = ["|"]) -> [String] {
        let width = Swift.max(1, width)
        guard text.terminalWidth > width else { return [text] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        var spaceBefore = false
        for (w, space) in words(text, breaks: breaks) {
            let ww = w.terminalWidth
            let sep = spaceBefore && !line.isEmpty ? 1 : 0
            if lineWidth + sep + ww <= width {
                if sep == 1 { line += " " }
                line += w
                lineWidth += sep + ww
            } else {
                if !line.isEmpty { lines.append(line) }
                line = ""
                lineWidth = 0
                // A word longer than a line is cut where the line ends.
                var rest = Substring(w)
                while rest.terminalWidth > width {
                    var cut = rest.startIndex
                    var cw = 0
                    while cut < rest.endIndex, cw + rest[cut...cut].terminalWidth <= width {
                        cw += rest[cut...cut].terminalWidth
                        cut = rest.index(after: cut)
                    }
                    if cut == rest.startIndex { cut = rest.index(after: cut) }
                    lines.append(String(rest[..<cut]))
                    rest = rest[cut...]
                }
                line = String(rest)
                lineWidth = rest.terminalWidth
            }
            spaceBefore = space
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// The words of `text`: each ends before a space (`space`: one followed it, and is not
    /// part of it) or after a character of `breaks`.
    static func words(_ text: String, breaks: Set<Character>) -> [(text: String, space: Bool)] {
        var words: [(text: String, space: Bool)] = []
        var word = ""
        for ch in text {
            if ch == " " {
                words.append((word, true))
                word = ""
            } else {
                word.append(ch)
                if breaks.contains(ch) {
                    words.append((word, false))
                    word = ""
                }
            }
        }
        if !word.isEmpty { words.append((word, false)) }
        return words
    }
}
