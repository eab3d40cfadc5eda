import Foundation

/// A line chart of several series in braille dots, with axes, a legend and markers.
///
/// ratatui's `Chart` drawn with its braille marker (2×4 dots per cell), with btop-like
/// touches: y tick labels at round values (`NiceScale`), an optional logarithmic y axis,
/// and vertical markers for events such as knob changes. The layout, from the left:
/// the y labels, the y axis `│` (`┤` at ticks), the plot; from the bottom: the x labels,
/// the x axis `─` (markers' symbols on it), the plot. The legend sits in the plot's top
/// right corner; when series overlap, the later one colours the shared cell.
public struct LineChart: Widget, Sendable {
    /// The series, drawn in order.
    public var series: [ChartSeries]
    /// The x range shown, or nil for the data's range.
    public var xBounds: ClosedRange<Double>?
    /// The y range shown, or nil for a round range over the data (from 0 when the data
    /// has no negative value).
    public var yBounds: ClosedRange<Double>?
    /// Linear or logarithmic y.
    public var yScale: AxisScale
    /// Linear or logarithmic x (logarithmic: points at x ≤ 0 are left out, and the ticks
    /// are 1, 2 and 5 times powers of ten).
    public var xScale: AxisScale
    /// Vertical markers.
    public var markers: [ChartMarker]
    /// Formats x tick labels.
    public var xLabel: @Sendable (Double) -> String
    /// Formats y tick labels.
    public var yLabel: @Sendable (Double) -> String
    /// The style of the axes.
    public var axisStyle: Style
    /// The style of the tick labels.
    public var labelStyle: Style
    /// Whether to draw the legend.
    public var showLegend: Bool
    /// The style under the legend's names (each name takes its series' colour).
    public var legendStyle: Style
    /// The least distance between two x ticks on a linear axis: 1 for an axis of whole
    /// numbers (a pool's size, a count of instances), which would otherwise be labelled
    /// 1, 1.2, 1.4 … over a short range.
    public var xStep: Double?

    /// Creates a chart.
    public init(
        series: [ChartSeries], xBounds: ClosedRange<Double>? = nil, yBounds: ClosedRange<Double>? = nil,
        yScale: AxisScale = .linear, xScale: AxisScale = .linear, markers: [ChartMarker] = [],
        xLabel: @escaping @Sendable (Double) -> String = AxisFormat.seconds,
        yLabel: @escaping @Sendable (Double) -> String = AxisFormat.compact,
        axisStyle: Style = .plain, labelStyle: Style = .plain, showLegend: Bool = true,
        legendStyle: Style = .plain, xStep: Double? = nil
    ) {
        self.series = series
        self.xBounds = xBounds
        self.yBounds = yBounds
        self.yScale = yScale
        self.xScale = xScale
        self.markers = markers
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.axisStyle = axisStyle
        self.labelStyle = labelStyle
        self.showLegend = showLegend
        self.legendStyle = legendStyle
        self.xStep = xStep
    }

    /// The y ticks and the (transformed) y range for a plot `rows` tall.
    func yAxis(rows: Int) -> (ticks: [Double], lower: Double, upper: Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for s in series {
            for p in s.points where p.y.isFinite {
                if yScale == .logarithmic && p.y <= 0 { continue }
                lo = min(lo, p.y)
                hi = max(hi, p.y)
            }
        }
        switch yScale {
        case .linear:
            if let yBounds {
                let scale = NiceScale(
                    minimum: yBounds.lowerBound, maximum: yBounds.upperBound, maxTicks: max(2, rows / 2 + 1))
                let ticks = scale.ticks.filter {
                    $0 >= yBounds.lowerBound - scale.step * 1e-9
                        && $0 <= yBounds.upperBound + scale.step * 1e-9
                }
                let upper =
                    yBounds.upperBound > yBounds.lowerBound ? yBounds.upperBound : yBounds.lowerBound + 1
                return (ticks, yBounds.lowerBound, upper)
            }
            if lo > hi { lo = 0; hi = 1 }
            if lo > 0 { lo = 0 }
            let scale = NiceScale(minimum: lo, maximum: hi, maxTicks: max(2, rows / 2 + 1))
            return (scale.ticks, scale.lower, scale.upper)
        case .logarithmic:
            if let yBounds {
                lo = max(yBounds.lowerBound, Double.leastNormalMagnitude)
                hi = max(yBounds.upperBound, lo)
            }
            if lo > hi { lo = 1; hi = 10 }
            var lower = log10(lo).rounded(.down)
            var upper = log10(hi).rounded(.up)
            if upper <= lower { upper = lower + 1 }
            if yBounds != nil {
                lower = log10(lo)
                upper = max(log10(hi), lower + 1e-9)
            }
            let first = Int(lower.rounded(.up)), last = Int(upper.rounded(.down))
            let ticks = first <= last ? (first...last).map { pow(10, Double($0)) } : []
            return (ticks, lower, upper)
        }
    }

    /// The x range shown.
    func xRange() -> (Double, Double) {
        if let xBounds { return (xBounds.lowerBound, xBounds.upperBound) }
        var lo = Double.infinity, hi = -Double.infinity
        for s in series {
            if let f = s.points.first(where: { $0.x.isFinite }) { lo = min(lo, f.x) }
            if let l = s.points.last(where: { $0.x.isFinite }) { hi = max(hi, l.x) }
        }
        if lo > hi { return (0, 1) }
        return (lo, hi)
    }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard area.height >= 3, area.width >= 4 else { return }
        let plotRows = area.height - 2
        let (ticks, yLower, yUpper) = yAxis(rows: plotRows)
        let labels = ticks.map { yLabel($0) }
        let labelWidth = min(area.width / 3, labels.map(\.terminalWidth).max() ?? 0)
        let axisX = area.x + labelWidth
        let plot = Rect(x: axisX + 1, y: area.y, width: area.right - axisX - 1, height: plotRows)
        guard plot.width > 0 else { return }
        let axisY = plot.bottom
        var (xLower, xUpperRaw) = xRange()
        let logX = xScale == .logarithmic
        if logX {
            // A log axis starts above zero: at the smallest positive x drawn.
            if xLower <= 0 {
                xLower =
                    series.flatMap { $0.points.map(\.x) }.filter { $0 > 0 && $0.isFinite }.min()
                    ?? Double.leastNormalMagnitude
            }
            if xUpperRaw <= xLower { xUpperRaw = xLower * 10 }
        }
        let xUpper = xUpperRaw > xLower ? xUpperRaw : xLower + 1

        var grid = BrailleGrid(width: plot.width, height: plot.height)
        let dotW = Double(grid.dotWidth - 1), dotH = Double(grid.dotHeight - 1)
        func dotX(_ x: Double) -> Double {
            logX
                ? (log10(x) - log10(xLower)) / (log10(xUpper) - log10(xLower)) * dotW
                : (x - xLower) / (xUpper - xLower) * dotW
        }
        func dotY(_ y: Double) -> Double {
            let v: Double
            if yScale == .logarithmic {
                v = y > 0 ? log10(y) : yLower
            } else {
                v = y
            }
            let t = (v - yLower) / (yUpper - yLower)
            return (1 - min(1, max(0, t))) * dotH
        }

        // Lines.
        for (index, s) in series.enumerated() where index < Int(BrailleGrid.noOwner) {
            let id = UInt8(index)
            var previous: (Double, Double)?
            for p in s.points {
                guard p.x.isFinite, p.y.isFinite, !logX || p.x > 0 else {
                    previous = nil
                    continue
                }
                let current = (dotX(p.x), dotY(p.y))
                if let (px, py) = previous {
                    drawSegment(&grid, px, py, current.0, current.1, maxX: dotW, series: id)
                } else if current.0 >= 0 && current.0 <= dotW {
                    grid.set(x: Int(current.0.rounded()), y: Int(current.1.rounded()), series: id)
                }
                previous = current
            }
        }

        // Markers behind the lines.
        var markerColumns: [(Int, ChartMarker)] = []
        for marker in markers where marker.x >= xLower && marker.x <= xUpper {
            let column = Int(dotX(marker.x).rounded()) / 2
            markerColumns.append((column, marker))
            for row in 0..<plot.height where grid.bits[row * plot.width + column] == 0 {
                buffer.set(
                    "│", x: plot.x + column, y: plot.y + row,
                    style: Style(foreground: marker.color, attributes: .dim))
            }
        }

        // Dots.
        for row in 0..<plot.height {
            for column in 0..<plot.width {
                guard let scalar = grid.scalar(column: column, row: row) else { continue }
                let owner = Int(grid.owner[row * plot.width + column])
                buffer.set(
                    scalar, x: plot.x + column, y: plot.y + row, style: Style(foreground: series[owner].color)
                )
            }
        }

        // Y axis and labels.
        for y in plot.y..<axisY { buffer.set("│", x: axisX, y: y, style: axisStyle) }
        var lastLabelRow = Int.max
        for (tick, label) in zip(ticks, labels).reversed() {
            let row = Int(dotY(tick).rounded()) / 4
            guard row >= 0, row < plotRows else { continue }
            buffer.set("┤", x: axisX, y: plot.y + row, style: axisStyle)
            if row == lastLabelRow || labelWidth == 0 { continue }
            buffer.write(
                label, in: Rect(x: area.x, y: plot.y + row, width: labelWidth, height: 1), alignment: .right,
                style: labelStyle)
            lastLabelRow = row
        }

        // X axis, marker symbols and labels.
        buffer.set("└", x: axisX, y: axisY, style: axisStyle)
        for x in plot.x..<plot.right { buffer.set("─", x: x, y: axisY, style: axisStyle) }
        for (column, marker) in markerColumns {
            buffer.set(marker.symbol, x: plot.x + column, y: axisY, style: Style(foreground: marker.color))
        }
        let sampleWidth = max(xLabel(xLower).terminalWidth, xLabel(xUpper).terminalWidth)
        let maxTicks = max(2, plot.width / (sampleWidth + 3))
        let xTicks: [Double]
        if logX {
            xTicks = Self.logTicks(xLower, xUpper)
        } else {
            let scale = NiceScale(minimum: xLower, maximum: xUpper, maxTicks: maxTicks)
            if let least = xStep, least > 0, scale.step < least {
                // Every multiple of the least step within the range (overlapping labels
                // are skipped below).
                let first = (xLower / least).rounded(.up), last = (xUpper / least).rounded(.down)
                xTicks =
                    first <= last
                    ? stride(from: first, through: last, by: 1).prefix(1000).map { $0 * least } : []
            } else {
                xTicks = scale.ticks.filter {
                    $0 >= xLower - scale.step * 1e-9 && $0 <= xUpper + scale.step * 1e-9
                }
            }
        }
        // Labels in order, each where it does not touch one already written; on a log axis
        // the powers of ten first, then the doubles and fives where room is left.
        let order =
            logX
            ? xTicks.filter { Self.isPowerOfTen($0) } + xTicks.filter { !Self.isPowerOfTen($0) } : xTicks
        var taken: [Range<Int>] = []
        let labelRow = axisY + 1
        for tick in order {
            let text = xLabel(tick)
            let w = text.terminalWidth
            let column = plot.x + Int(dotX(tick).rounded()) / 2
            var start = column - w / 2
            start = min(start, area.right - w)
            start = max(start, plot.x)
            let span = (start - 1)..<(start + w + 1)
            guard !taken.contains(where: { $0.overlaps(span) }) else { continue }
            buffer.write(text, x: start, y: labelRow, style: labelStyle, clip: area)
            taken.append(start..<(start + w))
        }

        // Legend.
        guard showLegend, !series.isEmpty else { return }
        let legendWidth = min(plot.width, (series.map { $0.name.terminalWidth }.max() ?? 0) + 2)
        guard legendWidth >= 3 else { return }
        for (index, s) in series.prefix(plot.height).enumerated() {
            let row = Rect(x: plot.right - legendWidth, y: plot.y + index, width: legendWidth, height: 1)
            buffer.fill(row, with: " ", style: legendStyle)
            buffer.set("■", x: row.x, y: row.y, style: legendStyle.foreground(s.color))
            buffer.write(
                s.name, in: Rect(x: row.x + 2, y: row.y, width: legendWidth - 2, height: 1),
                style: legendStyle.foreground(s.color))
        }
    }

    /// A logarithmic axis' ticks from `lower` to `upper` (both above 0): the powers of ten
    /// and their doubles and fives, in order (labels that would overlap are skipped when
    /// drawn, the powers of ten first kept as they come first in each decade).
    static func logTicks(_ lower: Double, _ upper: Double) -> [Double] {
        guard lower > 0, upper >= lower else { return [] }
        var ticks: [Double] = []
        var decade = Int(log10(lower).rounded(.down))
        let last = Int(log10(upper).rounded(.up))
        while decade <= last {
            for m in [1.0, 2, 5] {
                let v = m * pow(10, Double(decade))
                if v >= lower * (1 - 1e-9) && v <= upper * (1 + 1e-9) { ticks.append(v) }
            }
            decade += 1
        }
        return ticks
    }

    static func isPowerOfTen(_ x: Double) -> Bool {
        let e = log10(x).rounded()
        return abs(x - pow(10, e)) <= x * 1e-9
    }

    /// Draws the part of a segment within x ∈ [0, maxX] (clipping by interpolation).
    private func drawSegment(
        _ grid: inout BrailleGrid, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, maxX: Double,
        series: UInt8
    ) {
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return }
        var (ax, ay, bx, by) = (x0, y0, x1, y1)
        if ax > bx { swap(&ax, &bx); swap(&ay, &by) }
        if bx < 0 || ax > maxX { return }
        if ax < 0 {
            ay += (by - ay) * (0 - ax) / (bx - ax)
            ax = 0
        }
        if bx > maxX {
            by = ay + (by - ay) * (maxX - ax) / (bx - ax)
            bx = maxX
        }
        grid.line(
            x0: Int(ax.rounded()), y0: Int(ay.rounded()), x1: Int(bx.rounded()), y1: Int(by.rounded()),
            series: series)
    }
}
