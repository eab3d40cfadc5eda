/// Lines of styled text, one per row, cut with `…` when too wide.
///
/// ratatui's `Paragraph` without wrapping: lines beyond the area's height are dropped,
/// and `scroll` skips lines from the top.
public struct Paragraph: Widget, Hashable, Sendable {
    /// The lines, top to bottom.
    public var lines: [Line]
    /// The style under every line (and of the blank rest of the area when it sets a
    /// background).
    public var style: Style
    /// The alignment of lines that set none.
    public var alignment: Alignment
    /// Lines skipped from the top.
    public var scroll: Int

    /// Creates a paragraph.
    public init(_ lines: [Line], style: Style = .plain, alignment: Alignment = .left, scroll: Int = 0) {
        self.lines = lines
        self.style = style
        self.alignment = alignment
        self.scroll = scroll
    }

    /// A paragraph of plain text, split at newlines.
    public init(text: String, style: Style = .plain, alignment: Alignment = .left, scroll: Int = 0) {
        self.init(
            text.split(separator: "\n", omittingEmptySubsequences: false).map { Line(String($0)) },
            style: style, alignment: alignment, scroll: scroll)
    }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        if style.background != nil { buffer.fill(area, with: " ", style: style) }
        let visible = lines.dropFirst(max(0, scroll)).prefix(area.height)
        for (row, line) in visible.enumerated() {
            line.render(into: &buffer, area: area.row(row), defaultAlignment: alignment, baseStyle: style)
        }
    }
}
