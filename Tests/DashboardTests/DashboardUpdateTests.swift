import PerfModel
import TerminalCanvas
import Testing

@testable import Dashboard

@Suite("Dashboard update")
struct DashboardUpdateTests {
    func model() throws -> DashboardModel {
        try DashboardModel(scenario: try Scenario.load("checkout"), seed: 42)
    }

    @Test("selecting a knob and stepping it changes the pipeline's knob")
    func selectAndStep() throws {
        var m = try model()
        let names = m.knobNames
        DashboardUpdate.handle(&m, .key(KeyPress(.down)))
        #expect(m.selected == 1)
        let name = names[1]
        let spec = try KnobRegistry.spec(name)
        let expected = spec.stepped(m.simulation.knobs[name], by: 1)
        DashboardUpdate.handle(&m, .key(KeyPress(.right)))
        #expect(m.simulation.knobs[name] == expected)
        #expect(m.log.last?.text.hasPrefix(name) == true)
        #expect(m.knobMarks.count == 1)
    }

    @Test("space pauses and the clock stops; space again resumes")
    func pause() throws {
        var m = try model()
        DashboardUpdate.handle(&m, .tick(wallElapsed: 0.1))
        let t = m.simulation.now
        #expect(t == 100_000_000)
        DashboardUpdate.handle(&m, .key(.char(" ")))
        #expect(m.paused)
        DashboardUpdate.handle(&m, .tick(wallElapsed: 0.1))
        #expect(m.simulation.now == t)
        DashboardUpdate.handle(&m, .key(.char(" ")))
        #expect(!m.paused)
    }

    @Test("] speeds up, [ slows down, within 0.1× to 100×")
    func speed() throws {
        var m = try model()
        #expect(m.speed == 1)
        DashboardUpdate.handle(&m, .key(.char("]")))
        #expect(m.speed == 2)
        DashboardUpdate.handle(&m, .tick(wallElapsed: 0.05))
        #expect(m.simulation.now == 100_000_000)
        for _ in 0..<20 { DashboardUpdate.handle(&m, .key(.char("]"))) }
        #expect(m.speed == 100)
        for _ in 0..<20 { DashboardUpdate.handle(&m, .key(.char("["))) }
        #expect(m.speed == 0.1)
    }

    @Test("? toggles the help overlay; Esc closes it")
    func help() throws {
        var m = try model()
        DashboardUpdate.handle(&m, .key(.char("?")))
        #expect(m.showHelp)
        DashboardUpdate.handle(&m, .key(.char("?")))
        #expect(!m.showHelp)
        // Esc closes it too, and does nothing else.
        DashboardUpdate.handle(&m, .key(.char("?")))
        let selected = m.selected
        DashboardUpdate.handle(&m, .key(KeyPress(.escape)))
        #expect(!m.showHelp)
        #expect(m.selected == selected)
    }

    @Test("Enter types a value; an invalid one is refused with a message")
    func typeValue() throws {
        var m = try model()
        let i = try #require(m.knobNames.firstIndex(of: "load.rate"))
        for _ in 0..<i { DashboardUpdate.handle(&m, .key(.char("j"))) }
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        for c in "250" { DashboardUpdate.handle(&m, .key(.char(c))) }
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        #expect(m.simulation.knobs["load.rate"].number == 250)
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        for c in "lots" { DashboardUpdate.handle(&m, .key(.char(c))) }
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        #expect(m.simulation.knobs["load.rate"].number == 250)
        #expect(m.status.hasPrefix("refused"))
    }

    @Test("a refusal is a warning, drawn in the theme's error colour; the next status is not")
    func warningStatus() throws {
        var m = try model()
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        for c in "lots" { DashboardUpdate.handle(&m, .key(.char(c))) }
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        #expect(m.statusWarns)
        func footer() -> Cell {
            var buffer = CellBuffer(width: m.width, height: m.height)
            DashboardView.render(m, into: &buffer)
            return buffer[1, m.height - 1]
        }
        #expect(footer().foreground == m.theme.error)
        DashboardUpdate.handle(&m, .key(.char(" ")))
        #expect(m.status == "paused" && !m.statusWarns)
        #expect(footer().foreground != m.theme.error)
    }

    @Test("the same knob changes at the same simulated times give the same samples, whatever the frame rate")
    func determinism() throws {
        var a = try model()
        var b = try model()
        for _ in 0..<40 { DashboardUpdate.handle(&a, .tick(wallElapsed: 0.05)) }
        for _ in 0..<10 { DashboardUpdate.handle(&b, .tick(wallElapsed: 0.2)) }
        DashboardUpdate.handle(&a, .key(.char("]")))
        DashboardUpdate.handle(&b, .key(.char("]")))
        DashboardUpdate.handle(&a, .key(KeyPress(.right)))
        DashboardUpdate.handle(&b, .key(KeyPress(.right)))
        for _ in 0..<30 { DashboardUpdate.handle(&a, .tick(wallElapsed: 0.05)) }
        for _ in 0..<6 { DashboardUpdate.handle(&b, .tick(wallElapsed: 0.25)) }
        #expect(a.simulation.now == b.simulation.now)
        #expect(a.simulation.samples == b.simulation.samples)
    }

    @Test("a click on a knob row selects it")
    func click() throws {
        var m = try model()
        let layout = DashboardLayout(width: 120, height: 40)
        let panel = KnobPanel(model: m, area: layout.knobs)
        let row = try #require(
            panel.rows.indices.first {
                if case .knob(let i, _) = panel.rows[$0] { return i == 3 } else { return false }
            })
        DashboardUpdate.handle(&m, .mouse(MouseEvent(.leftClick, x: 5, y: panel.inner.y + row)))
        #expect(m.selected == 3)
    }

    @Test("z and Z zoom within 30 s and 10 min; l toggles the log scale; t cycles the themes")
    func viewKeys() throws {
        var m = try DashboardModel(
            scenario: try Scenario.load("checkout"), seed: 42,
            themes: [Theme.standard, Theme.standard, Theme.standard])
        for _ in 0..<9 { DashboardUpdate.handle(&m, .key(.char("z"))) }
        #expect(m.window == 30)
        for _ in 0..<9 { DashboardUpdate.handle(&m, .key(.char("Z"))) }
        #expect(m.window == 600)
        DashboardUpdate.handle(&m, .key(.char("l")))
        #expect(m.logScale)
        DashboardUpdate.handle(&m, .key(.char("t")))
        DashboardUpdate.handle(&m, .key(.char("t")))
        #expect(m.themeIndex == 2)
        DashboardUpdate.handle(&m, .key(.char("t")))
        #expect(m.themeIndex == 0)
    }

    @Test("f takes backend 1 down and the event log says so; f again brings it back")
    func fault() throws {
        var m = try model()
        DashboardUpdate.handle(&m, .key(.char("f")))
        #expect(m.simulation.knobs["backend.1.down"] == .flag(true))
        DashboardUpdate.handle(&m, .tick(wallElapsed: 0.1))
        #expect(m.log.contains { $0.text == "db-1 down" })
        DashboardUpdate.handle(&m, .key(.char("f")))
        #expect(m.simulation.knobs["backend.1.down"] == .flag(false))
    }

    @Test("p moves to the next preset and restarts simulated time")
    func preset() throws {
        var m = try model()
        DashboardUpdate.handle(&m, .tick(wallElapsed: 0.2))
        DashboardUpdate.handle(&m, .key(.char("p")))
        #expect(m.scenarioName == Presets.all[1].name)
        #expect(m.simulation.now == 0)
        #expect(m.log.isEmpty)
    }

    @Test("q and Ctrl-C ask to quit")
    func quit() throws {
        var m = try model()
        DashboardUpdate.handle(&m, .key(.char("q")))
        #expect(m.quitRequested)
        var n = try model()
        DashboardUpdate.handle(&n, .key(.ctrlC))
        #expect(n.quitRequested)
    }
}
