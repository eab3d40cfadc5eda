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

    /// `text` cut to ``maxLength`` characters, saying how long it was.
    public static func clipped(_ text: String) -> String {
        guard text.count > maxLength else { return text }
        return String(text.prefix(maxLength - 40)) + "… (\(text.count) characters in all)"
    }
}
