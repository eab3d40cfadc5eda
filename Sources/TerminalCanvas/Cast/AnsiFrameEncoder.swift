/// Turns presented frames into the ANSI escape sequences a terminal would have received:
/// cursor moves, SGR colours (24-bit) and attributes, and text, for the cells that changed
/// since the previous frame (every cell, after clearing the screen, on the first frame and
/// after a resize).
///
/// Used to write what the dashboard showed into an asciicast file; no curses involved.
public struct AnsiFrameEncoder: Sendable {
    /// The frame encoded last, the base of the next diff.
    public private(set) var previous: CellBuffer?

    public init() {}

    /// Forgets the previous frame: the next one is drawn in full.
    public mutating func invalidate() { previous = nil }

    /// The escape sequences that turn the previous frame into `buffer`; empty when nothing
    /// changed.
    public mutating func encode(_ buffer: CellBuffer) -> String {
        var out = ""
        let runs: [CellRun]
        if let previous, previous.area == buffer.area {
            runs = buffer.diff(from: previous)
        } else {
            out += "\u{1B}[0m\u{1B}[H\u{1B}[2J"
            runs = buffer.diff(from: CellBuffer(width: 0, height: 0))
        }
        previous = buffer
        guard !runs.isEmpty else { return out }
        var style: Cell?
        for run in runs {
            out += "\u{1B}[\(run.y - buffer.area.y + 1);\(run.x - buffer.area.x + 1)H"
            for x in run.x..<(run.x + run.count) {
                let cell = buffer[x, run.y]
                if cell.isContinuation { continue }
                if style.map({ !cell.hasSameStyle(as: $0) }) ?? true {
                    out += Self.sgr(cell)
                    style = cell
                }
                out.unicodeScalars.append(cell.scalar)
            }
        }
        out += "\u{1B}[0m"
        return out
    }

    /// The SGR sequence that sets `cell`'s colours and attributes from scratch.
    public static func sgr(_ cell: Cell) -> String {
        var codes = ["0"]
        let attrs: [(TextAttributes, String)] = [
            (.bold, "1"), (.dim, "2"), (.italic, "3"), (.underline, "4"), (.reverse, "7"),
        ]
        for (flag, code) in attrs where cell.attributes.contains(flag) { codes.append(code) }
        if !cell.foreground.isDefault {
            codes.append("38;2;\(cell.foreground.red);\(cell.foreground.green);\(cell.foreground.blue)")
        }
        if !cell.background.isDefault {
            codes.append("48;2;\(cell.background.red);\(cell.background.green);\(cell.background.blue)")
        }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}

/// The lines of an asciicast v2 file (asciinema's format): a JSON header, then one JSON
/// array per event, `[seconds, "o", "output"]` or `[seconds, "r", "WxH"]`.
public enum Asciicast {
    /// The header line (without its newline).
    public static func header(width: Int, height: Int, timestamp: Int, term: String) -> String {
        "{\"version\": 2, \"width\": \(width), \"height\": \(height), \"timestamp\": \(timestamp), \"env\": "
            + "{\"TERM\": \(quoted(term))}}"
    }

    /// An output event line (without its newline).
    public static func output(_ data: String, at seconds: Double) -> String {
        event(code: "o", data, at: seconds)
    }

    /// A resize event line (without its newline).
    public static func resize(width: Int, height: Int, at seconds: Double) -> String {
        event(code: "r", "\(width)x\(height)", at: seconds)
    }

    static func event(code: String, _ data: String, at seconds: Double) -> String {
        "[\(time(seconds)), \"\(code)\", \(quoted(data))]"
    }

    /// Seconds with microseconds, as asciinema writes them.
    static func time(_ s: Double) -> String {
        let us = Int64((max(0, s) * 1e6).rounded())
        let frac = String(us % 1_000_000)
        return "\(us / 1_000_000)." + String(repeating: "0", count: 6 - frac.count) + frac
    }

    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}"..."\u{1F}", "\u{7F}":
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
