/// A one-row horizontal bar: a label, a bar in eighth blocks, and a value text.
///
/// The meters of btop's memory and process boxes (`Meter` in `src/btop_draw.cpp`):
/// `label ████████▍      value`, the bar taking the columns between label and value,
/// its cells coloured along a gradient and its empty part drawn with `trackSymbol`.
public struct BarGauge: Widget, Hashable, Sendable {
    /// The text on the left.
    public var label: String
    /// The filled fraction, clamped to 0...1.
    public var ratio: Double
    /// The text on the right (for instance `42%` or `1.2k/s`).
    public var valueText: String
    /// Columns reserved for the label (nil: the label's own width); it is padded or cut.
    public var labelWidth: Int?
    /// The colour of the bar.
    public var fill: Color
    /// Colours the bar's cells by position, if set.
    public var gradient: Gradient?
    /// The scalar drawn in the empty part of the bar.
    public var trackSymbol: Unicode.Scalar
    /// The style of the empty part.
    public var trackStyle: Style
    /// The style of the label and the value.
    public var textStyle: Style

    /// Creates a bar.
    public init(
        label: String, ratio: Double, valueText: String = "", labelWidth: Int? = nil,
        fill: Color = .default, gradient: Gradient? = nil, trackSymbol: Unicode.Scalar = " ",
        trackStyle: Style = .plain, textStyle: Style = .plain
    ) {
        self.label = label
        self.ratio = ratio
        self.valueText = valueText
        self.labelWidth = labelWidth
        self.fill = fill
        self.gradient = gradient
        self.trackSymbol = trackSymbol
        self.trackStyle = trackStyle
        self.textStyle = textStyle
    }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        guard area.width > 0, area.height > 0 else { return }
        let row = area.row(0)
        var x = row.x
        let lw = min(labelWidth ?? label.terminalWidth, row.width)
        if lw > 0 {
            buffer.write(label, in: Rect(x: x, y: row.y, width: lw, height: 1), style: textStyle)
            x += lw + 1
        }
        let vw = valueText.terminalWidth
        var barEnd = row.right
        if vw > 0 && row.right - vw - 1 > x {
            buffer.write(valueText, x: row.right - vw, y: row.y, style: textStyle, clip: row)
            barEnd = row.right - vw - 1
        }
        let barWidth = barEnd - x
        guard barWidth > 0 else { return }
        let r = ratio.isFinite ? min(1, max(0, ratio)) : 0
        let eighths = Int((r * Double(barWidth * 8)).rounded())
        for column in 0..<barWidth {
            let filled = eighths - column * 8
            if filled <= 0 {
                buffer.set(trackSymbol, x: x + column, y: row.y, style: trackStyle)
                continue
            }
            let color = gradient?.color(at: Double(column) / Double(max(1, barWidth - 1))) ?? fill
            buffer.set(
                BlockSymbols.horizontal[min(8, filled)], x: x + column, y: row.y,
                style: trackStyle.foreground(color))
        }
    }
}
