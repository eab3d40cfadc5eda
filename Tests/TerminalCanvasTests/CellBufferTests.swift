import Testing

@testable import TerminalCanvas

@Suite struct CellBufferTests {
    @Test func writesAreClippedToTheRectAndTheBuffer() {
        var buffer = CellBuffer(width: 8, height: 2)
        let end = buffer.write("hello world", x: 2, y: 0, clip: Rect(x: 0, y: 0, width: 6, height: 2))
        buffer.write("xyz", x: -1, y: 1)
        #expect(end == 6)
        #expect(buffer.lines == ["  hell  ", "yz      "])
    }

    @Test func wideCharactersTakeTwoCellsAndAreNotSplitAtTheEdge() {
        var buffer = CellBuffer(width: 5, height: 1)
        buffer.write("a日本", x: 0, y: 0)
        #expect(buffer[1, 0].scalar == "日")
        #expect(buffer[2, 0].isContinuation)
        #expect(buffer.lines == ["a日本"])
        #expect(buffer.lines[0].terminalWidth == 5)
        var narrow = CellBuffer(width: 4, height: 1)
        narrow.write("a日本", x: 0, y: 0)
        #expect(narrow.lines == ["a日 "])
    }

    @Test func combiningMarksAndControlCharactersTakeNoCell() {
        var buffer = CellBuffer(width: 4, height: 1)
        buffer.write("e\u{301}\tx", x: 0, y: 0)
        #expect(buffer.lines == ["ex  "])
    }

    @Test func alignedWriteCutsWithAnEllipsis() {
        var buffer = CellBuffer(width: 6, height: 3)
        buffer.write("abcdefgh", in: buffer.area, row: 0)
        buffer.write("ab", in: buffer.area, row: 1, alignment: .right)
        buffer.write("ab", in: buffer.area, row: 2, alignment: .center)
        #expect(buffer.lines == ["abcde…", "    ab", "  ab  "])
    }

    @Test func stylesPatchColoursAndAttributes() {
        var buffer = CellBuffer(width: 3, height: 1)
        let red = Color(rgb: 0xff0000), blue = Color(rgb: 0x0000ff)
        buffer.fill(buffer.area, style: Style(background: blue))
        buffer.write("a", x: 0, y: 0, style: Style(foreground: red, attributes: .bold))
        #expect(buffer[0, 0] == Cell(scalar: "a", foreground: red, background: blue, attributes: .bold))
        buffer.setStyle(buffer.area, Style(attributes: .reverse))
        #expect(buffer[0, 0].attributes == [.bold, .reverse])
        #expect(buffer[2, 0].attributes == .reverse)
    }

    @Test func cellsAreCompact() {
        #expect(MemoryLayout<Cell>.stride <= 16)
    }

    @Test func diffFindsRunsOfChangedCells() {
        let old = CellBuffer(width: 6, height: 3)
        var new = old
        new.write("ab", x: 1, y: 0)
        new.write("z", x: 5, y: 0)
        new.write("q", x: 0, y: 2)
        #expect(
            new.diff(from: old) == [
                CellRun(x: 1, y: 0, count: 2), CellRun(x: 5, y: 0, count: 1), CellRun(x: 0, y: 2, count: 1),
            ])
        #expect(new.diff(from: new).isEmpty)
        #expect(new.changedCellCount(from: old) == 4)
    }

    @Test func diffCountsStyleOnlyChanges() {
        let old = CellBuffer(width: 3, height: 1)
        var new = old
        new.setStyle(Rect(x: 1, y: 0, width: 1, height: 1), Style(foreground: Color(rgb: 0x123456)))
        #expect(new.diff(from: old) == [CellRun(x: 1, y: 0, count: 1)])
    }

    @Test func diffKeepsWideCharactersWhole() {
        let old = CellBuffer(width: 4, height: 1)
        var new = old
        new.write("日", x: 1, y: 0)
        #expect(new.diff(from: old) == [CellRun(x: 1, y: 0, count: 2)])
    }

    @Test func diffAgainstAnotherSizeRedrawsEverything() {
        let new = CellBuffer(width: 3, height: 2)
        #expect(
            new.diff(from: CellBuffer(width: 2, height: 2)) == [
                CellRun(x: 0, y: 0, count: 3), CellRun(x: 0, y: 1, count: 3),
            ])
    }
}
