/// A theme file as written: its entries by key, before fallbacks are applied.
///
/// Parses btop's theme format (`loadFile` and `generateColors` in `src/btop_theme.cpp`):
/// one `theme[key]="value"` per line, quotes optional; `#` comments and blank lines;
/// values `#RRGGBB`, greyscale `#GG`, or three decimals `R G B` (0–255); an empty value
/// unsets the key. Unlike btop, which skips what it cannot read, a malformed line or
/// colour is an error naming the file, line and key. Unknown keys are kept aside (btop
/// ignores them), so a caller can warn about typos.
public struct ThemeDocument: Hashable, Sendable {
    /// The file name used in error messages.
    public var source: String
    /// The entries by key; a key given twice keeps its last value.
    public var entries: [String: ThemeEntry]
    /// Keys that neither btop nor perflab knows, with their lines.
    public var unknownKeys: [String: Int]

    /// Parses `text`, naming `source` in errors.
    public init(parsing text: String, source: String) throws(ThemeError) {
        self.source = source
        entries = [:]
        unknownKeys = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard line.hasPrefix("theme["), let close = line.firstIndex(of: "]") else {
                throw .malformedLine(file: source, line: lineNumber, text: String(line))
            }
            let key = String(line[line.index(line.startIndex, offsetBy: 6)..<close])
            var rest = line[line.index(after: close)...].trimmingWhitespace()
            guard !key.isEmpty, rest.first == "=" else {
                throw .malformedLine(file: source, line: lineNumber, text: String(line))
            }
            rest = rest.dropFirst().trimmingWhitespace()
            var value: Substring
            if rest.first == "\"" {
                let body = rest.dropFirst()
                guard let end = body.firstIndex(of: "\"") else {
                    throw .malformedLine(file: source, line: lineNumber, text: String(line))
                }
                value = body[..<end]
                let after = body[body.index(after: end)...].trimmingWhitespace()
                guard after.isEmpty || after.hasPrefix("#") else {
                    throw .malformedLine(file: source, line: lineNumber, text: String(line))
                }
            } else {
                value = rest
                if let hash = value.firstIndex(of: "#"), hash != value.startIndex,
                    value[value.index(before: hash)] == " "
                {
                    value = value[..<hash]
                }
            }
            value = value.trimmingWhitespace()
            guard ThemeKeys.isKnown(key) else {
                unknownKeys[key] = lineNumber
                continue
            }
            if value.isEmpty {
                entries[key] = ThemeEntry(color: nil, line: lineNumber)
                continue
            }
            guard let color = ThemeDocument.parseColor(value) else {
                throw .badColor(file: source, line: lineNumber, key: key, value: String(value))
            }
            entries[key] = ThemeEntry(color: color, line: lineNumber)
        }
    }

    /// Parses `#RRGGBB`, `#GG` or `R G B`; nil for anything else.
    public static func parseColor(_ value: some StringProtocol) -> Color? {
        if value.hasPrefix("#") { return Color(hex: value) }
        let parts = value.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3 else { return nil }
        var channels: [UInt8] = []
        for part in parts {
            guard let n = Int(part), n >= 0, n <= 255 else { return nil }
            channels.append(UInt8(n))
        }
        return Color(red: channels[0], green: channels[1], blue: channels[2])
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    func trimmingWhitespace() -> Substring {
        let s = Substring(self)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = s.firstIndex(where: { !isSpace($0) }),
            let last = s.lastIndex(where: { !isSpace($0) })
        else { return s[s.endIndex...] }
        return s[first...last]
    }
}
