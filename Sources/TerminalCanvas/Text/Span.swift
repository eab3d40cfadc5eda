/// A piece of text in one style (ratatui's `Span`).
public struct Span: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The text; should hold no newline.
    public var text: String
    /// Its style.
    public var style: Style

    /// Creates a span.
    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The number of terminal columns the text takes.
    public var width: Int { text.terminalWidth }
}
