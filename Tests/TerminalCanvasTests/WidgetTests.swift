import Testing

@testable import TerminalCanvas

/// Renders `widget` into a fresh buffer of the given size and returns its lines, like
/// ratatui's `it_draws` tests with a `TestBackend`.
func draw(_ widget: some Widget, width: Int, height: Int) -> [String] {
    var buffer = CellBuffer(width: width, height: height)
    widget.render(into: &buffer, area: buffer.area)
    return buffer.lines
}

@Suite struct BlockTests {
    @Test func drawsABoxWithATitle() {
        #expect(
            draw(Block(title: "Top"), width: 10, height: 4) == [
                "┌Top─────┐",
                "│        │",
                "│        │",
                "└────────┘",
            ])
    }

    @Test func roundedWithARightTitle() {
        let block = Block(title: "Top", rightTitle: "F1", borderType: .rounded)
        #expect(
            draw(block, width: 10, height: 3) == [
                "╭Top───F1╮",
                "│        │",
                "╰────────╯",
            ])
    }

    @Test func longTitlesAreCut() {
        #expect(
            draw(Block(title: "a very long title"), width: 8, height: 2) == [
                "┌a ver…┐",
                "└──────┘",
            ])
    }

    @Test func innerAreaIsInsideTheBorder() {
        #expect(
            Block().inner(Rect(x: 0, y: 0, width: 10, height: 4)) == Rect(x: 1, y: 1, width: 8, height: 2))
    }

    @Test func borderTakesItsStyle() {
        var buffer = CellBuffer(width: 4, height: 3)
        let green = Color(rgb: 0x00ff00)
        Block(borderStyle: Style(foreground: green)).render(into: &buffer, area: buffer.area)
        #expect(buffer[0, 0].foreground == green)
        #expect(buffer[1, 1].foreground == .default)
    }
}

@Suite struct ParagraphTests {
    @Test func alignsAndTruncatesLines() {
        let paragraph = Paragraph([
            "hello", "a long line here", Line("right", alignment: .right),
        ])
        #expect(
            draw(paragraph, width: 8, height: 3) == [
                "hello   ",
                "a long …",
                "   right",
            ])
    }

    @Test func styledSpansKeepTheirStyles() {
        let red = Color(rgb: 0xff0000)
        var buffer = CellBuffer(width: 6, height: 1)
        Paragraph([Line([Span("ab"), Span("cd", style: Style(foreground: red, attributes: .bold))])])
            .render(into: &buffer, area: buffer.area)
        #expect(buffer.lines == ["abcd  "])
        #expect(buffer[1, 0].foreground == .default)
        #expect(buffer[2, 0].foreground == red)
        #expect(buffer[3, 0].attributes == .bold)
    }

    @Test func scrollsAndDropsLinesBeyondTheArea() {
        let paragraph = Paragraph(text: "1\n2\n3\n4", scroll: 1)
        #expect(draw(paragraph, width: 2, height: 2) == ["2 ", "3 "])
    }

    @Test func centredText() {
        #expect(draw(Paragraph(text: "ab", alignment: .center), width: 6, height: 1) == ["  ab  "])
    }
}

@Suite struct SparklineTests {
    @Test func drawsEightLevelsNewestOnTheRight() {
        let spark = Sparkline(data: [0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(draw(spark, width: 12, height: 1) == ["    ▁▂▃▄▅▆▇█"])
    }

    @Test func dropsTheOldestValuesWhenTooMany() {
        let spark = Sparkline(data: [8, 8, 8, 0, 4, 8], maximum: 8)
        #expect(draw(spark, width: 3, height: 1) == [" ▄█"])
    }

    @Test func usesSeveralRowsWhenTaller() {
        let spark = Sparkline(data: [0, 4, 8, 16], maximum: 16)
        #expect(
            draw(spark, width: 4, height: 2) == [
                "   █",
                " ▄██",
            ])
    }

    @Test func clampsValuesAboveTheMaximum() {
        #expect(draw(Sparkline(data: [100, -3], maximum: 8), width: 2, height: 1) == ["█ "])
    }
}

@Suite struct GaugeTests {
    @Test func fillsWithEighthsAndCentresThePercentage() {
        #expect(draw(Gauge(ratio: 0.45), width: 10, height: 1) == ["███45%    "])
        #expect(draw(Gauge(ratio: 0.45, label: ""), width: 10, height: 1) == ["████▌     "])
    }

    @Test func labelOverTheFillTakesTheFillColour() {
        let fill = Color(rgb: 0x00ff00)
        var buffer = CellBuffer(width: 10, height: 3)
        Gauge(ratio: 1, label: "full", fill: fill).render(into: &buffer, area: buffer.area)
        #expect(buffer.lines == ["██████████", "███full███", "██████████"])
        #expect(buffer[3, 1].background == fill)
    }

    @Test func barGaugeHasLabelBarAndValue() {
        let bar = BarGauge(label: "l1", ratio: 0.5, valueText: "50%")
        #expect(draw(bar, width: 20, height: 1) == ["l1 ██████▌       50%"])
        let padded = BarGauge(label: "db", ratio: 1, valueText: "9", labelWidth: 4, trackSymbol: "·")
        #expect(draw(padded, width: 10, height: 1) == ["db   ███ 9"])
        let empty = BarGauge(label: "x", ratio: 0, trackSymbol: "·")
        #expect(draw(empty, width: 6, height: 1) == ["x ····"])
    }

    @Test func gradientColoursTheBarByPosition() {
        let start = Color(rgb: 0x000000), end = Color(rgb: 0xffffff)
        var buffer = CellBuffer(width: 5, height: 1)
        BarGauge(label: "", ratio: 1, gradient: Gradient(start: start, end: end)).render(
            into: &buffer, area: buffer.area)
        #expect(buffer[0, 0].foreground == start)
        #expect(buffer[4, 0].foreground == end)
    }
}

@Suite struct TableTests {
    let table = Table(
        columns: [TableColumn(.length(5)), TableColumn(.fill(1), alignment: .right)],
        header: TableRow(texts: ["name", "rps"], style: Style(attributes: .bold)),
        rows: [
            TableRow(texts: ["db-1", "120"]), TableRow(texts: ["db-2", "80"]),
            TableRow(texts: ["db-3", "5"]),
        ],
        highlightSymbol: "> ")

    @Test func drawsHeaderAndRows() {
        #expect(
            draw(table, width: 12, height: 4) == [
                "  name   rps",
                "  db-1   120",
                "  db-2    80",
                "  db-3     5",
            ])
    }

    @Test func scrollsToKeepTheSelectionInView() {
        var selected = table
        selected.selected = 2
        var buffer = CellBuffer(width: 12, height: 3)
        selected.render(into: &buffer, area: buffer.area)
        #expect(
            buffer.lines == [
                "  name   rps",
                "  db-2    80",
                "> db-3     5",
            ])
        #expect(buffer[5, 2].attributes.contains(.reverse))
        #expect(!buffer[5, 1].attributes.contains(.reverse))
        #expect(buffer[0, 0].attributes.contains(.bold))
    }

    @Test func cutsCellsWiderThanTheirColumn() {
        let t = Table(
            columns: [TableColumn(.length(4)), TableColumn(.length(3))],
            rows: [TableRow(texts: ["backend", "1234"])])
        #expect(draw(t, width: 8, height: 1) == ["bac… 12…"])
    }
}
