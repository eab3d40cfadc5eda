/// A progress gauge filling its whole area, with a centred label.
///
/// ratatui's `Gauge` with its unicode mode (the boundary cell drawn with an eighth
/// block `▏▎▍▌▋▊▉`). Filled cells take `fill` (or the gradient's colour at their
/// position, like btop's meters); the label is drawn over the middle row, on the fill
/// colour where it crosses the filled part.
public struct Gauge: Widget, Hashable, Sendable {
    /// The filled fraction, clamped to 0...1.
    public var ratio: Double
    /// The label, or nil for the percentage (`42%`).
    public var label: String?
    /// The colour of the filled part.
    public var fill: Color
    /// Colours the filled cells by position, if set.
    public var gradient: Gradient?
    /// The style of the unfilled part (its background shows).
    public var trackStyle: Style
    /// The style of the label.
    public var labelStyle: Style

    /// Creates a gauge.
    public init(
        ratio: Double, label: String? = nil, fill: Color = .default, gradient: Gradient? = nil,
        trackStyle: Style = .plain, labelStyle: Style = .plain
    ) {
        self.ratio = ratio
        self.label = label
        self.fill = fill
        self.gradient = gradient
        self.trackStyle = trackStyle
        self.labelStyle = labelStyle
    }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        let r = ratio.isFinite ? min(1, max(0, ratio)) : 0
        let eighths = Int((r * Double(area.width * 8)).rounded())
        let full = eighths / 8
        let part = eighths % 8
        buffer.fill(area, with: " ", style: trackStyle)
        for column in 0..<area.width {
            let color = gradient?.color(at: Double(column) / Double(max(1, area.width - 1))) ?? fill
            let scalar: Unicode.Scalar
            if column < full {
                scalar = "█"
            } else if column == full && part > 0 {
                scalar = BlockSymbols.horizontal[part]
            } else {
                continue
            }
            for y in area.y..<area.bottom {
                buffer.set(scalar, x: area.x + column, y: y, style: trackStyle.foreground(color))
            }
        }
        let text = label ?? "\(Int((r * 100).rounded()))%"
        let labelRow = area.y + area.height / 2
        let width = min(text.terminalWidth, area.width)
        let start = area.x + (area.width - width) / 2
        let end = buffer.write(
            text, in: Rect(x: start, y: labelRow, width: width, height: 1), style: labelStyle)
        // Label cells over the fill show the fill colour behind them.
        let coveredEnd = min(end, area.x + full)
        guard coveredEnd > start else { return }
        for x in start..<coveredEnd {
            let color = gradient?.color(at: Double(x - area.x) / Double(max(1, area.width - 1))) ?? fill
            var cell = buffer[x, labelRow]
            cell.background = color
            buffer[x, labelRow] = cell
        }
    }
}
