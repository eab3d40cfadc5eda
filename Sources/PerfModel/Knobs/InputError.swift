/// A mistake in what the user gave perflab: a knob, a value, a scenario, script or session
/// file. Its description is the one line the CLI prints before exiting with code 2.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the mistake is in, if any.
    public var file: String?
    /// The 1-based line in that file, if any.
    public var line: Int?
    /// The field (a knob's name, a JSON key) the mistake is in, if any.
    public var field: String?
    /// What is wrong, in words.
    public var message: String

    public init(file: String? = nil, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// The same error, located in `file` at `line`.
    public func at(file: String, line: Int?) -> InputError {
        var e = self
        e.file = file
        e.line = line
        return e
    }

    public var description: String {
        var parts: [String] = []
        if let file {
            parts.append(line.map { "\(file):\($0)" } ?? file)
        }
        if let field { parts.append(field) }
        parts.append(message)
        return Self.clipped(parts.joined(separator: ": "))
    }

    /// The longest line an error prints: what a user typed or a file held is quoted in the
    /// message, and a 3 MB key had made a 3 MB line.
    public static let maxLength = 400

    /// `text` with its control characters written out (`\u{1B}`), cut to ``maxLength``
    /// characters, saying how long it was. What a user typed or a file held is quoted in
    /// the line: an escape sequence in it (`--set 'lb.algorithm=p2c\e[31m'`, or in a
    /// topology file) reached the terminal as it was, and recoloured it.
    public static func clipped(_ text: String) -> String {
        var shown = ""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (0x7F...0x9F).contains(v) {
                shown += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        guard shown.count > maxLength else { return shown }
        return String(shown.prefix(maxLength - 40)) + "… (\(shown.count) characters in all)"
    }
}
