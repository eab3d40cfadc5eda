import Foundation
import PerfModel
import TerminalCanvas
import Testing

@testable import Dashboard

@Suite("Dashboard replay")
struct ReplayTests {
    /// Records 10 s of checkout with load.rate stepped up at t = 4 s.
    func recorded() throws -> (String, Session, KnobValue, KnobValue) {
        let path = temporaryPath("replay.jsonl")
        var m = try DashboardModel(scenario: try Scenario.load("checkout"), seed: 42)
        try m.startRecording(path: path)
        ticks(&m, seconds: 4)
        DashboardUpdate.handle(&m, .key(KeyPress(.down)))
        let before = m.simulation.knobs["load.rate"]
        DashboardUpdate.handle(&m, .key(KeyPress(.right)))
        let after = m.simulation.knobs["load.rate"]
        ticks(&m, seconds: 6)
        m.stopRecording()
        return (path, try SessionReader.read(path: path), before, after)
    }

    /// A topology's session plays back with its services: the map, a service's knobs as
    /// they were at each moment, and its calls card (it would not open at all: the replay
    /// laid the knobs out for services it had not been given).
    @Test("a topology's session replays with its service map, knobs and calls")
    func topologyReplays() throws {
        let path = temporaryPath("topology-replay.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scenario = try TopologyFile.parse(text: ServiceMapTests.text, file: "t.toml")
        var m = try DashboardModel(scenario: scenario, seed: 5)
        try m.startRecording(path: path)
        ticks(&m, seconds: 3)
        DashboardUpdate.handle(&m, .key(.char("s")))  // cart
        let i = try #require(m.knobNames.firstIndex(of: "cart.db.pool"))
        while m.selected < i { DashboardUpdate.handle(&m, .key(KeyPress(.down))) }
        DashboardUpdate.handle(&m, .key(KeyPress(.right)))
        let stepped = m.simulation.knobs["cart.db.pool"]
        #expect(stepped != .number(8))
        ticks(&m, seconds: 3)
        m.stopRecording()
        let session = try SessionReader.read(path: path)
        var r = try DashboardModel(replay: session, file: path, width: 120, height: 40)
        #expect(r.topology == scenario.topology)
        DashboardUpdate.handle(&r, .key(KeyPress(.end)))
        #expect(r.knobs["cart.db.pool"] == stepped)
        DashboardUpdate.handle(&r, .key(KeyPress(.home)))
        #expect(r.knobs["cart.db.pool"] == .number(8))
        DashboardUpdate.handle(&r, .key(KeyPress(.end)))
        var buffer = CellBuffer(width: 120, height: 40)
        DashboardView.render(r, into: &buffer)
        let lines = buffer.lines
        #expect(lines.contains { $0.contains("● pricing ×3") })
        #expect(lines.contains { $0.contains("calls · api") })
        let calls = try #require(session.samples.last?.sample.services[0].calls)
        let cart = try #require(calls.first { $0.to == "cart" })
        #expect(lines.contains { $0.contains("│cart ") && $0.contains(" \(cart.counters.attempts) ") })
        // Its help names the keys that choose a service, and they do.
        DashboardUpdate.handle(&r, .key(.char("?")))
        DashboardView.render(r, into: &buffer)
        #expect(buffer.lines.contains { $0.contains("s Tab   select the next service") })
        DashboardUpdate.handle(&r, .key(.char("?")))
        DashboardUpdate.handle(&r, .key(KeyPress(.tab)))
        #expect(r.selectedService == 1)
        DashboardUpdate.handle(&r, .key(.char("S")))
        #expect(r.selectedService == 0)
    }

    @Test("ticks, pause, seeking, Home/End and speed move the replay position")
    func timeTravel() throws {
        let (path, session, before, after) = try recorded()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var m = try DashboardModel(replay: session, file: path, speed: 2)
        let r = { m.replay! }
        #expect(r().start == 0)
        #expect(r().end == 10)
        #expect(r().position == 0)
        #expect(m.speed == 2)
        DashboardUpdate.handle(&m, .tick(wallElapsed: 0.2))
        #expect(abs(r().position - 0.4) < 1e-9)
        DashboardUpdate.handle(&m, .key(.char(" ")))
        #expect(m.paused)
        DashboardUpdate.handle(&m, .tick(wallElapsed: 0.2))
        #expect(abs(r().position - 0.4) < 1e-9)
        DashboardUpdate.handle(&m, .key(KeyPress(.right)))
        #expect(abs(r().position - 5.4) < 1e-9)
        #expect(m.samples.count == 5)
        #expect(m.knobs["load.rate"] == after)
        #expect(m.knobMarks == [4])
        #expect(m.log.contains { $0.text.hasPrefix("load.rate = ") })
        DashboardUpdate.handle(&m, .key(KeyPress(.left)))
        DashboardUpdate.handle(&m, .key(KeyPress(.left)))
        #expect(r().position == 0)
        #expect(m.samples.isEmpty)
        DashboardUpdate.handle(&m, .key(KeyPress(.pageDown)))
        #expect(r().position == 10)
        DashboardUpdate.handle(&m, .key(KeyPress(.home)))
        #expect(r().position == 0)
        #expect(m.knobs["load.rate"] == before)
        #expect(m.knobMarks.isEmpty)
        DashboardUpdate.handle(&m, .key(KeyPress(.end)))
        #expect(r().position == 10)
        #expect(m.samples.count == 10)
        #expect(m.samples.last == session.samples.last?.sample)
        DashboardUpdate.handle(&m, .key(.char("]")))
        #expect(m.speed == 5)
        for _ in 0..<20 { DashboardUpdate.handle(&m, .key(.char("["))) }
        #expect(m.speed == 0.1)
        for _ in 0..<20 { DashboardUpdate.handle(&m, .key(.char("]"))) }
        #expect(m.speed == 100)
        // Resuming at the end plays from the start again.
        DashboardUpdate.handle(&m, .key(.char(" ")))
        #expect(!m.paused)
        #expect(r().position == 0)
        DashboardUpdate.handle(&m, .key(.char("q")))
        #expect(m.quitRequested)
    }

    @Test("the knobs are read-only in replay")
    func readOnly() throws {
        let (path, session, _, _) = try recorded()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var m = try DashboardModel(replay: session, file: path)
        let knobs = m.knobs
        for key in [KeyPress.char("+"), .char("-"), KeyPress(.enter), .char("f"), .char("p"), .char("r")] {
            DashboardUpdate.handle(&m, .key(key))
            #expect(m.status.hasPrefix("replay: the knobs are read-only"))
            #expect(m.input == nil)
        }
        #expect(m.knobs == knobs)
        #expect(m.recorder == nil)
        #expect(m.scenarioName == "checkout")
    }

    @Test("120×40 shows REPLAY, the file name, position/length and the recorded values")
    func render() throws {
        let (path, session, _, after) = try recorded()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var m = try DashboardModel(replay: session, file: path)
        DashboardUpdate.handle(&m, .key(KeyPress(.right)))
        DashboardUpdate.handle(&m, .key(KeyPress(.right)))
        DashboardUpdate.handle(&m, .key(.char(" ")))
        var buffer = CellBuffer(width: 120, height: 40)
        DashboardView.render(m, into: &buffer)
        let lines = buffer.lines
        let text = lines.joined(separator: "\n")
        let name = (path as NSString).lastPathComponent
        #expect(lines[0].contains("REPLAY"))
        #expect(lines[0].contains(name))
        #expect(lines[0].contains("t 0:10.0 / 0:10.0"))
        #expect(lines[0].contains("end"))
        #expect(text.contains("throughput (req/s)"))
        #expect(text.contains("▲"))
        var k = session.header.knobs
        try k.set("load.rate", after)
        let rate = k.formatted("load.rate")
        #expect(lines.contains { $0.contains("rate") && $0.contains(rate) })
        let ok = AxisFormat.compact(session.samples.last!.sample.throughput)
        #expect(text.contains("\(ok) ok/s"))
        #expect(text.contains("load.rate = \(rate)"))
        #expect(text.contains("as recorded"))
        DashboardUpdate.handle(&m, .key(.char("?")))
        DashboardView.render(m, into: &buffer)
        #expect(buffer.lines.joined(separator: "\n").contains("seek back / forward 5 s"))
    }
}
