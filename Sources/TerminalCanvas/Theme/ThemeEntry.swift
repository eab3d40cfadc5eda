/// One `theme[key]=value` line of a theme file, parsed.
public struct ThemeEntry: Hashable, Sendable {
    /// The colour, or nil when the value was empty (`theme[key]=""`: btop's "unset").
    public var color: Color?
    /// The line it came from (1-based).
    public var line: Int

    /// Creates an entry.
    public init(color: Color?, line: Int) {
        self.color = color
        self.line = line
    }
}
