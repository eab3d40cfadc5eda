/// One line of styled spans (ratatui's `Line`).
public struct Line: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The spans, left to right.
    public var spans: [Span]
    /// The alignment, or nil to use the enclosing widget's.
    public var alignment: Alignment?

    /// Creates a line from spans.
    public init(_ spans: [Span], alignment: Alignment? = nil) {
        self.spans = spans
        self.alignment = alignment
    }

    /// Creates a line of one span.
    public init(_ text: String, style: Style = .plain, alignment: Alignment? = nil) {
        self.init([Span(text, style: style)], alignment: alignment)
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The number of terminal columns the line takes.
    public var width: Int { spans.reduce(0) { $0 + $1.width } }

    /// Draws the line into one row of `area`, cutting it with `…` when too wide.
    ///
    /// `baseStyle` lies under every span (span styles are patched over it).
    public func render(
        into buffer: inout CellBuffer, area: Rect, defaultAlignment: Alignment = .left,
        baseStyle: Style = .plain
    ) {
        guard area.width > 0, area.height > 0 else { return }
        let total = width
        let y = area.y
        let truncated = total > area.width
        var x: Int
        switch truncated ? .left : (alignment ?? defaultAlignment) {
        case .left: x = area.x
        case .center: x = area.x + (area.width - total) / 2
        case .right: x = area.right - total
        }
        let clip = Rect(x: area.x, y: y, width: truncated ? area.width - 1 : area.width, height: 1)
        var lastStyle = baseStyle
        for span in spans {
            lastStyle = baseStyle.patched(with: span.style)
            x = buffer.write(span.text, x: x, y: y, style: lastStyle, clip: clip)
            if x >= clip.right { break }
        }
        if truncated { buffer.write("…", x: clip.right, y: y, style: lastStyle, clip: area) }
    }
}
