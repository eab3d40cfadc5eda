import Testing

@testable import TerminalCanvas

@Suite("Wrapped columns")
struct WrappedColumnsTests {
    /// A knob list's shape: a long list of choices and a long meaning.
    static let rows = [
        ["knob", "value", "range", "meaning"],
        ["load.rate", "400", "0…20M", "offered requests per second (open model)"],
        [
            "lb.algorithm", "p2c", "round_robin|weighted_round_robin|interleaved_wrr|least_connections|p2c",
            "how a host is picked: round robin, weighted, least connections, the power of two choices",
        ],
        ["x", "1", "a_choice_far_longer_than_any_column_allows_it_to_be", "short"],
    ]

    @Test("a list of choices breaks after its bars and a meaning between words, under their columns")
    func layout() {
        let lines = WrappedColumns.render(Self.rows, width: 74, caps: [nil, nil, 20])
        // Columns: knob 12, value 5, range capped at 20 but as wide as its longest word
        // (`weighted_round_robin|`, 21), meaning 74 - (12 + 5 + 21 + 3 gaps of 2) = 30.
        #expect(
            lines.prefix(8) == [
                "knob          value  range                  meaning",
                "load.rate     400    0…20M                  offered requests per second",
                "                                            (open model)",
                "lb.algorithm  p2c    round_robin|           how a host is picked: round",
                "                     weighted_round_robin|  robin, weighted, least",
                "                     interleaved_wrr|       connections, the power of two",
                "                     least_connections|p2c  choices",
                "x             1      a_choice_far_longer_t  short",
            ])
    }

    @Test("with less than 30 columns left for the last one, it goes under its row, indented")
    func lastColumnBelow() {
        let lines = WrappedColumns.render(Self.rows, width: 50, caps: [nil, nil, 20])
        #expect(
            lines.prefix(9) == [
                "knob          value  range",
                "    meaning",
                "load.rate     400    0…20M",
                "    offered requests per second (open model)",
                "lb.algorithm  p2c    round_robin|",
                "                     weighted_round_robin|",
                "                     interleaved_wrr|",
                "                     least_connections|p2c",
                "    how a host is picked: round robin, weighted,",
            ])
    }

    @Test("every line fits, and every cell's text is all there, in order", arguments: [40, 60, 80, 120, 200])
    func fitsAndKeepsEverything(width: Int) {
        let lines = WrappedColumns.render(Self.rows, width: width, caps: [nil, nil, 24])
        // The first three columns (12 + 5 + 24 and their gaps) take 47: within the width
        // unless the width is narrower than them.
        for line in lines { #expect(line.terminalWidth <= Swift.max(width, 47)) }
        guard width - 47 >= WrappedColumns.minimumLastWidth else {
            // The meanings go under their rows: read back from the lines indented by four.
            let meanings = lines.filter { $0.hasPrefix("    ") && !$0.hasPrefix("     ") }
            #expect(
                meanings.joined().filter { $0 != " " }
                    == Self.rows.map { $0[3] }.joined().filter { $0 != " " })
            return
        }
        // Each row's cells, read back column by column from its lines, are its text with
        // only the spaces where lines broke changed.
        let starts = [0, 14, 21, 21 + 24 + 2]
        var at = 0
        for row in Self.rows {
            var height = 1
            while at + height < lines.count, lines[at + height].hasPrefix(" ") { height += 1 }
            for (i, cell) in row.enumerated() {
                let text = lines[at..<at + height].map { line -> String in
                    let chars = Array(line)
                    guard chars.count > starts[i] else { return "" }
                    let end = i + 1 < starts.count ? Swift.min(chars.count, starts[i + 1]) : chars.count
                    return String(chars[starts[i]..<end])
                }
                .joined()
                #expect(text.filter { $0 != " " } == cell.filter { $0 != " " }, "row \(row[0]) column \(i)")
            }
            at += height
        }
        #expect(at == lines.count)
    }

    @Test("a word longer than its line is cut where the line ends")
    func longWord() {
        #expect(WrappedColumns.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(WrappedColumns.wrap("ab cdefghij k", width: 4) == ["ab", "cdef", "ghij", "k"])
        #expect(WrappedColumns.wrap("a|b|c", width: 2) == ["a|", "b|", "c"])
        #expect(WrappedColumns.wrap("fits", width: 4) == ["fits"])
        #expect(WrappedColumns.wrap("", width: 4) == [""])
        // Degenerate widths neither crash nor lose text: a wide character in a column of one.
        #expect(WrappedColumns.wrap("日本", width: 1) == ["日", "本"])
        let tiny = WrappedColumns.render([["日本", "x"], ["a", "meaning"]], width: 1, caps: [1], gap: 0)
        #expect(tiny.joined().filter { $0 != " " } == "日本xameaning")
    }
}
