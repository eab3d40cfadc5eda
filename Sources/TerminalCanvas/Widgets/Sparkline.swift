/// A small bar chart of recent values, `▁▂▃▄▅▆▇█` per column.
///
/// ratatui's `Sparkline` (8 levels per row, several rows when the area is taller), but
/// anchored at the right like btop's graphs: the newest value is in the rightmost
/// column and older values scroll off the left.
public struct Sparkline: Widget, Hashable, Sendable {
    /// The values, oldest first; negative values count as zero.
    public var data: [Double]
    /// The value drawn as a full column, or nil for the largest visible value.
    public var maximum: Double?
    /// The style of the bars.
    public var style: Style
    /// Colours the bars by height instead of `style.foreground`, if set.
    public var gradient: Gradient?

    /// Creates a sparkline.
    public init(data: [Double], maximum: Double? = nil, style: Style = .plain, gradient: Gradient? = nil) {
        self.data = data
        self.maximum = maximum
        self.style = style
        self.gradient = gradient
    }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        let visible = data.suffix(area.width)
        let top = maximum ?? visible.lazy.filter(\.isFinite).max() ?? 0
        guard top > 0 else { return }
        let levels = area.height * 8
        var x = area.right - visible.count
        for value in visible {
            let fraction = value.isFinite ? min(1, max(0, value / top)) : 0
            var remaining = Int((fraction * Double(levels)).rounded())
            var cellStyle = style
            if let gradient { cellStyle.foreground = gradient.color(at: fraction) }
            var y = area.bottom - 1
            while remaining > 0 && y >= area.y {
                let eighths = min(8, remaining)
                buffer.set(BlockSymbols.vertical[eighths], x: x, y: y, style: cellStyle)
                remaining -= eighths
                y -= 1
            }
            x += 1
        }
    }
}
