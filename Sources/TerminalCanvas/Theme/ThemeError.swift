/// What can go wrong reading a theme, each naming the file, line and field involved.
///
/// `description` is the one line a command prints on standard error, in the
/// compiler-style form `FILE:LINE: FIELD: problem`.
public enum ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A value that is neither `#RRGGBB`, btop's greyscale `#GG`, `R G B` decimals nor empty.
    case badColor(file: String, line: Int, key: String, value: String)
    /// A line that is not blank, not a `#` comment and not `theme[key]=value`.
    case malformedLine(file: String, line: Int, text: String)
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// No theme of that name in any folder searched.
    case notFound(name: String, searched: [String])

    public var description: String {
        switch self {
        case .badColor(let file, let line, let key, let value):
            return "\(file):\(line): theme[\(key)]: \"\(value)\" is not a colour"
        case .malformedLine(let file, let line, let text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "\(file):\(line): expected theme[key]=\"#RRGGBB\", found \"\(shown)\""
        case .unreadable(let file, let reason):
            return "\(file): cannot read theme file: \(reason)"
        case .notFound(let name, let searched):
            let places =
                searched.isEmpty ? "no theme folder found" : "looked in " + searched.joined(separator: ", ")
            return "theme \"\(name)\" not found (\(places))"
        }
    }
}
