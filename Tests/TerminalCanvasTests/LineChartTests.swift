import Foundation
import Testing

@testable import TerminalCanvas

@Suite struct LineChartTests {
    let red = Color(rgb: 0xff0000)

    func flatChart(markers: [ChartMarker] = [], legend: Bool = false) -> LineChart {
        LineChart(
            series: [ChartSeries(name: "p99", color: red, points: [(0, 10), (5, 10), (10, 10)])],
            yBounds: 0...10, markers: markers, showLegend: legend)
    }

    /// A flat line at the top of the range lights the top dots (braille 1 and 4, U+2809)
    /// of every top-row cell; ticks at 0, 5, 10 fall on dot rows 15, 7.5→8 and 0.
    @Test func drawsAxesLabelsAndBrailleDots() {
        #expect(
            draw(flatChart(), width: 20, height: 6) == [
                "10┤⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉",
                "  │                 ",
                " 5┤                 ",
                " 0┤                 ",
                "  └─────────────────",
                "   0s            10s",
            ])
    }

    @Test func seriesTakeTheirColour() {
        var buffer = CellBuffer(width: 20, height: 6)
        flatChart().render(into: &buffer, area: buffer.area)
        #expect(buffer[5, 0].foreground == red)
        #expect(buffer[2, 0].foreground == .default)
    }

    /// x = 5 of 0...10 is dot column 16.5 → 17, cell column 8 of the plot.
    @Test func markersDrawADimLineAndASymbolOnTheAxis() {
        let marker = ChartMarker(x: 5, color: Color(rgb: 0x00ffff))
        var buffer = CellBuffer(width: 20, height: 6)
        flatChart(markers: [marker]).render(into: &buffer, area: buffer.area)
        #expect(buffer.lines[1] == "  │        │        ")
        #expect(buffer.lines[4] == "  └────────▲────────")
        #expect(buffer[11, 1].attributes.contains(.dim))
        #expect(buffer[11, 0].scalar == "⠉")
    }

    @Test func legendSitsTopRight() {
        #expect(draw(flatChart(legend: true), width: 20, height: 6)[0] == "10┤⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉■ p99")
    }

    @Test func diagonalLinesAreContinuous() {
        let chart = LineChart(
            series: [ChartSeries(name: "up", color: red, points: [(0, 0), (1, 1)])],
            xBounds: 0...1, yBounds: 0...1, xLabel: { _ in "" }, yLabel: { _ in "" }, showLegend: false)
        var buffer = CellBuffer(width: 4, height: 4)
        chart.render(into: &buffer, area: buffer.area)
        // The plot is 3×2 cells (6×8 dots); a rising line crosses every column.
        let plot = buffer.lines.prefix(2).map { String($0.dropFirst()) }
        for column in 0..<3 {
            let cells = plot.map { Array($0)[column] }
            #expect(cells.contains { $0 != " " }, "column \(column) has no dot: \(plot)")
        }
        #expect(Array(plot[1])[0] != " ")
        #expect(Array(plot[0])[2] != " ")
    }

    @Test func logScaleTicksArePowersOfTen() {
        let chart = LineChart(
            series: [ChartSeries(name: "lat", color: red, points: [(0, 1), (1, 1000)])],
            yScale: .logarithmic, showLegend: false)
        let lines = draw(chart, width: 20, height: 6)
        #expect(lines.prefix(4).map { String($0.prefix(4)) } == [" 1k┤", "100┤", " 10┤", "  1┤"])
    }

    @Test func tooSmallAreasDrawNothing() {
        #expect(draw(flatChart(), width: 3, height: 2) == ["   ", "   "])
    }

    @Test func niceScaleFollowsHeckbert() {
        let scale = NiceScale(minimum: 0, maximum: 97, maxTicks: 5)
        #expect(scale.step == 20)
        #expect(scale.ticks == [0, 20, 40, 60, 80, 100])
        #expect(NiceScale(minimum: 3, maximum: 3).ticks.count >= 2)
        #expect(NiceScale.niceNumber(4, round: true) == 5)
        #expect(NiceScale.niceNumber(1.2, round: false) == 2)
        #expect(NiceScale.niceNumber(240, round: true) == 200)
    }

    @Test func axisFormats() {
        #expect(AxisFormat.seconds(0) == "0s")
        #expect(AxisFormat.seconds(90) == "1m30s")
        #expect(AxisFormat.seconds(120) == "2m")
        #expect(AxisFormat.seconds(3900) == "1h5m")
        #expect(AxisFormat.seconds(0.25) == "250ms")
        #expect(AxisFormat.compact(0) == "0")
        #expect(AxisFormat.compact(0.25) == "0.25")
        #expect(AxisFormat.compact(12.5) == "12.5")
        #expect(AxisFormat.compact(950) == "950")
        #expect(AxisFormat.compact(1200) == "1.2k")
        #expect(AxisFormat.compact(15000) == "15k")
        #expect(AxisFormat.compact(3_400_000) == "3.4M")
        #expect(AxisFormat.compact(-2000) == "-2k")
        #expect(AxisFormat.milliseconds(0.52) == "0.52 ms")
        #expect(AxisFormat.milliseconds(24.3) == "24.3 ms")
        #expect(AxisFormat.milliseconds(999.4) == "999 ms")
        #expect(AxisFormat.milliseconds(9020) == "9.02 s")
        #expect(AxisFormat.milliseconds(125_000) == "125 s")
    }
}

@Suite struct LineChartRobustnessTests {
    @Test func extremeValuesNeitherCrashNorHang() {
        let chart = LineChart(
            series: [
                ChartSeries(
                    name: "wild", color: .default,
                    points: [(0, 1e300), (1e-300, -1e300), (.nan, 3), (2, .infinity), (1e18, 5), (3, 0)])
            ], yScale: .linear)
        _ = draw(chart, width: 40, height: 10)
        var log = chart
        log.yScale = .logarithmic
        _ = draw(log, width: 40, height: 10)
        #expect(AxisFormat.compact(1.5e21) == "1.5e21")
        #expect(AxisFormat.seconds(1e20).hasSuffix("s"))
    }

    @Test func emptySeriesDrawAxesOnly() {
        let lines = draw(LineChart(series: [], showLegend: false), width: 10, height: 4)
        #expect(lines[2].hasPrefix(" └") || lines[2].contains("└"))
    }
    /// A logarithmic x axis puts 1, 10 and 100 at the start, the middle and the end of the
    /// plot, and 2, 5, 20 and 50 at log10(x)/2 of its width: a plot of 40 cells is 80 dots,
    /// x sits at dot round(79 · log10(x)/2), cell dot/2, each label centred on its cell.
    @Test func aLogXAxisSpacesDecadesEvenly() {
        let chart = LineChart(
            series: [
                ChartSeries(
                    name: "y", color: Color(rgb: 0xff0000), points: [(0, 5), (1, 10), (10, 10), (100, 10)])
            ],
            xBounds: 1...100, yBounds: 0...10, xScale: .logarithmic, xLabel: { AxisFormat.compact($0) },
            showLegend: false)
        let lines = draw(chart, width: 43, height: 6)
        let plotX = 3
        let labels = Array(lines[5])
        let ticks: [(Double, String)] = [
            (1, "1"), (2, "2"), (5, "5"), (10, "10"), (20, "20"), (50, "50"), (100, "100"),
        ]
        for (x, text) in ticks {
            let cell = Int((79 * log10(x) / 2).rounded()) / 2
            let start = Swift.min(Swift.max(plotX + cell - text.count / 2, plotX), 43 - text.count)
            #expect(String(labels[start..<start + text.count]) == text, "\(text) in \(lines[5])")
        }
        // Narrower, the powers of ten keep their labels and the others only where they
        // do not touch one.
        let narrow = draw(chart, width: 23, height: 6)[5]
        #expect(narrow.split(separator: " ") == ["1", "2", "5", "10", "100"], "\(narrow)")
        // The line is flat at the top from x = 1 on; the point at x = 0 has no place on it.
        #expect(lines[0].dropFirst(plotX).allSatisfy { $0 == "⠉" }, "\(lines[0])")
        #expect(lines[1...3].allSatisfy { line in line.dropFirst(plotX).allSatisfy { $0 == " " } })
    }

    @Test func logTicksAreOneTwoAndFiveTimesPowersOfTen() {
        #expect(LineChart.logTicks(100, 10_000) == [100, 200, 500, 1000, 2000, 5000, 10_000])
        #expect(LineChart.logTicks(3, 40) == [5, 10, 20])
        #expect(LineChart.logTicks(0, 10) == [])
    }

    /// An axis of whole numbers (a pool of 8 to 10 connections) is labelled at whole
    /// numbers only, where Heckbert's nice steps put 8.2, 8.4 … between them; a long range
    /// keeps its nice steps.
    @Test func aWholeNumberAxisIsLabelledAtWholeNumbers() {
        func labels(_ bounds: ClosedRange<Double>, step: Double?) -> [Substring] {
            let chart = LineChart(
                series: [
                    ChartSeries(name: "y", color: Color(rgb: 0xff0000), points: [(bounds.lowerBound, 1)])
                ],
                xBounds: bounds, yBounds: 0...10, xLabel: { AxisFormat.compact($0) }, showLegend: false,
                xStep: step)
            return draw(chart, width: 60, height: 6)[5].split(separator: " ")
        }
        #expect(labels(8...10, step: nil).contains("8.2"))
        #expect(labels(8...10, step: 1) == ["8", "9", "10"])
        #expect(labels(1...7, step: 1) == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(labels(10...100, step: 1) == labels(10...100, step: nil))
    }
}
