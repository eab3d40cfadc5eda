import PerfModel
import TerminalCanvas
import Testing

@testable import Dashboard

@Suite("Dashboard view")
struct DashboardViewTests {
    func frame(
        width: Int, height: Int, seconds: Int = 5, _ configure: (inout DashboardModel) -> Void = { _ in }
    ) throws -> [String] {
        var m = try DashboardModel(
            scenario: try Scenario.load("checkout"), seed: 42, width: width, height: height)
        for _ in 0..<(seconds * 4) { DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25)) }
        configure(&m)
        var buffer = CellBuffer(width: width, height: height)
        DashboardView.render(m, into: &buffer)
        return buffer.lines
    }

    @Test("120×40 shows the header, both charts, the knobs with units, the cards and the log")
    func full() throws {
        let lines = try frame(width: 120, height: 40)
        let text = lines.joined(separator: "\n")
        #expect(lines[0].contains("perflab"))
        #expect(lines[0].contains("scenario checkout"))
        #expect(lines[0].contains("seed 42"))
        #expect(lines[0].contains("0:05.0"))
        #expect(lines[0].contains("running"))
        #expect(text.contains("throughput (req/s)"))
        #expect(text.contains("latency (ms)"))
        #expect(text.contains("knobs"))
        #expect(lines.contains { $0.contains("rate") && $0.contains("req/s") })
        #expect(text.contains("caches"))
        #expect(text.contains("breaker"))
        #expect(text.contains("backends"))
        #expect(text.contains("db-1"))
        #expect(text.contains("events"))
    }

    @Test("80×24 keeps the header, charts and knobs")
    func small() throws {
        let lines = try frame(width: 80, height: 24)
        let text = lines.joined(separator: "\n")
        #expect(lines.count == 24)
        #expect(lines[0].contains("scenario checkout"))
        #expect(text.contains("throughput (req/s)"))
        #expect(text.contains("latency (ms)"))
        #expect(lines.contains { $0.contains("rate") && $0.contains("req/s") })
        #expect(text.contains("backends"))
    }

    @Test("under 60×16 one clear line says the terminal is too small")
    func tooSmall() throws {
        let lines = try frame(width: 20, height: 6)
        #expect(lines[0].hasPrefix("terminal too small"))
        let tiny = try frame(width: 1, height: 1)
        #expect(tiny.count == 1)
        let empty = try frame(width: 0, height: 0)
        #expect(empty.isEmpty)
    }

    @Test("help lists every key; pause shows in the header")
    func overlays() throws {
        let lines = try frame(width: 120, height: 40) { m in
            DashboardUpdate.handle(&m, .key(.char("?")))
            DashboardUpdate.handle(&m, .key(.char(" ")))
        }
        let text = lines.joined(separator: "\n")
        #expect(lines[0].contains("PAUSED"))
        #expect(text.contains("help: keys"))
        for b in KeyMap.standard.bindings { #expect(text.contains(b.help)) }
    }

    @Test("at 80×24 the help shows every key, quit included, in two columns")
    func helpAt80x24() throws {
        let lines = try frame(width: 80, height: 24) { m in DashboardUpdate.handle(&m, .key(.char("?"))) }
        let text = lines.joined(separator: "\n")
        // One column cut the list after `r`: `?`, Ctrl-Z, quit and the mouse were not shown.
        for b in KeyMap.standard.bindings {
            #expect(
                text.contains(b.label.padding(toLength: 7, withPad: " ", startingAt: 0) + " "), "\(b.label)")
        }
        #expect(text.contains("q ^C    quit"))
        #expect(text.contains("mouse   click"))
    }

    @Test("every size from 0×0 to 130×45 renders without trapping")
    func sizes() throws {
        var m = try DashboardModel(scenario: try Scenario.load("checkout"), seed: 42)
        for _ in 0..<8 { DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25)) }
        for w in stride(from: 0, through: 130, by: 7) {
            for h in stride(from: 0, through: 45, by: 3) {
                var buffer = CellBuffer(width: w, height: h)
                DashboardView.render(m, into: &buffer)
            }
        }
    }

    @Test("the knob panel scrolls to keep the selected knob in view")
    func scrolls() throws {
        var last = ""
        let lines = try frame(width: 120, height: 40) { m in
            DashboardUpdate.handle(&m, .key(.char("k")))
            last = String(m.selectedName.split(separator: ".").last!)
        }
        let row = try #require(lines.first { $0.contains("▸") })
        #expect(row.contains(last))
    }

    @Test("typing a value shows the input line with the knob and its current value")
    func inputLine() throws {
        let lines = try frame(width: 120, height: 40) { m in
            DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
            for c in "12" { DashboardUpdate.handle(&m, .key(.char(c))) }
        }
        #expect(lines[39].contains("set load.model (now open) = 12"))
    }
}
