import Foundation
import PerfModel
import TerminalCanvas
import Testing

@testable import Dashboard

@Suite("Dashboard frame loop and effects")
struct FrameLoopTests {
    @Test("update returns the file work it needs instead of doing it")
    func updateReturnsEffects() throws {
        var m = try DashboardModel(scenario: try Scenario.load("checkout"), seed: 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("effects-\(UUID()).jsonl")
            .path
        m.defaultRecordPath = { path }
        let effects = DashboardUpdate.update(&m, .key(.char("r")))
        #expect(effects == [.startRecording(path: path)])
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!m.recording)
        DashboardEffect.perform(effects, on: &m)
        #expect(m.recording)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(DashboardUpdate.update(&m, .key(.char("r"))) == [.stopRecording])
        #expect(DashboardUpdate.update(&m, .key(.char("p"))) == [.loadScenario(1)])
        #expect(m.scenarioName == "checkout")
        DashboardUpdate.handle(&m, .key(.char("r")))
        #expect(!m.recording)
        try? FileManager.default.removeItem(atPath: path)
    }

    @Test("the frame loop draws frames on an in-memory screen and handles its input")
    func frameLoopOnMemoryScreen() throws {
        var app = try DashboardApp(scenario: "checkout", seed: 3, assignments: [], theme: nil)
        let screen = MemoryScreen(width: 120, height: 40)
        screen.feed(.key(.char("]")), .key(.char("]")), .key(KeyPress(.down)))
        app.runLoop(on: screen, maxFrames: 3)
        #expect(screen.frameCount == 3)
        #expect(app.model.speed == DashboardModel.speeds[5])
        #expect(app.model.selected == 1)
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains("scenario checkout"))
        #expect(text.contains("speed 5×"))
        // Quitting ends the loop before the frame limit.
        screen.feed(.key(.char("q")))
        app.runLoop(on: screen, maxFrames: 100)
        #expect(app.model.quitRequested)
        #expect(screen.frameCount < 100)
    }

    @Test("Ctrl-Z suspends the screen, and after it the loop goes on and draws the whole frame")
    func ctrlZSuspends() throws {
        var app = try DashboardApp(scenario: "checkout", seed: 3, assignments: [], theme: nil)
        let screen = MemoryScreen(width: 120, height: 40)
        app.runLoop(on: screen, maxFrames: 2)
        let before = screen.frameCount
        screen.feed(.key(KeyPress(.character("z"), modifiers: .control)), .key(.char("]")))
        app.runLoop(on: screen, maxFrames: 1)
        #expect(screen.suspendCount == 1)
        #expect(!app.model.quitRequested)
        #expect(screen.frameCount == before + 1)
        // The first frame after it is drawn whole (every row), over what the shell wrote.
        #expect(Set(screen.lastChanges.map(\.y)).count == 40)
        // The key after Ctrl-Z is handled once the process is resumed; frames go on.
        app.runLoop(on: screen, maxFrames: 2)
        #expect(app.model.speed == DashboardModel.speeds[4])
        #expect(screen.frameCount == before + 3)
        #expect(Set(screen.lastChanges.map(\.y)).count < 40)
        #expect(KeyMap.standard.action(for: KeyPress(.character("z"), modifiers: .control)) == .suspend)
    }

    @Test("input is handled when every frame is late (a simulation behind the clock): q quits at once")
    func inputIsNotStarvedByLateFrames() throws {
        var app = try DashboardApp(scenario: "checkout", seed: 3, assignments: [], theme: nil)
        let screen = MemoryScreen(width: 120, height: 40)
        // Each frame takes longer than a frame's time, as a simulation that cannot keep up
        // makes it: the next frame is due before input is looked at. A loop that only read
        // input while waiting for a frame read none after the first, and ran to the limit.
        app.runLoop(on: screen, maxFrames: 5) { _ in
            if screen.frameCount == 1 { screen.feed(.key(.char("]")), .key(.char("q"))) }
            Thread.sleep(forTimeInterval: 2 / DashboardApp.framesPerSecond)
        }
        #expect(app.model.quitRequested)
        #expect(app.model.speed == DashboardModel.speeds[4])
        #expect(screen.frameCount == 1)
    }
}

@Suite("Dashboard frame budget")
struct FrameBudgetTests {
    /// 780,996 users of a closed model, each query 1 µs: a quarter of a simulated second is
    /// millions of requests. The frame froze for tens of seconds, q and Ctrl-C unanswered;
    /// with a budget each frame does a slice of it, says the simulation is behind and holds
    /// its target until the simulation catches up. A recording made meanwhile verifies.
    @Test("a flood of work slows the simulated clock, not the frames")
    func floodSlowsTheClockNotTheFrames() throws {
        var m = try DashboardModel(scenario: try Scenario.load("batched"), seed: 1)
        for a in ["load.model=closed", "load.users=780996", "db.service=1us", "load.max_in_flight=2M"] {
            let (name, value) = (String(a.split(separator: "=")[0]), String(a.split(separator: "=")[1]))
            DashboardUpdate.set(&m, name) { try $0.set(name, text: value) }
        }
        m.frameBudget = .zero  // one step of events a frame, whatever the machine
        DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25))
        #expect(m.behind && m.lagging)
        let target = m.simTarget
        #expect(Double(m.simulation.now) < (target * 1e9).rounded())
        // Behind, the target waits for the simulation.
        DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25))
        #expect(m.simTarget == target)
        // Keys are handled between frames as ever; a recording starts after the instant the
        // last frame stopped in, and re-simulates.
        let path = temporaryPath("flood.jsonl")
        try m.startRecording(path: path)
        DashboardUpdate.handle(&m, .key(.char("j")))
        DashboardUpdate.set(&m, "load.users") { try $0.set("load.users", text: "2000") }
        m.frameBudget = nil
        for _ in 0..<8 { DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25)) }
        #expect(!m.behind)
        m.stopRecording()
        let result = try SessionVerifier.verify(try SessionReader.read(path: path))
        #expect(result.mismatch == nil, "\(String(describing: result.mismatch))")
    }
}

@Suite("Dashboard background sweep")
struct BackgroundSweepTests {
    @Test("w sweeps the selected knob in the background while the live simulation runs, and draws the curve")
    func sweepSelectedKnob() async throws {
        var m = try DashboardModel(scenario: try Scenario.load("mm1"), seed: 1)
        let i = try #require(m.knobNames.firstIndex(of: "load.rate"))
        while m.selected < i { DashboardUpdate.handle(&m, .key(KeyPress(.down))) }
        #expect(DashboardUpdate.update(&m, .key(.char("w"))) == [.startSweep(knob: "load.rate")])
        DashboardUpdate.handle(&m, .key(.char("w")))
        let sweep = try #require(m.sweep)
        #expect(sweep.values == [20, 40, 60, 80, 100, 120, 160])
        // The live simulation goes on meanwhile.
        for _ in 0..<8 { DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25)) }
        #expect(m.simSeconds == 2)
        var waited = 0
        while !sweep.isDone && waited < 600 {
            try await Task.sleep(nanoseconds: 100_000_000)
            waited += 1
        }
        #expect(sweep.isDone && sweep.error == nil)
        let p99 = sweep.points.map(\.p99)
        // p99 grows with the load: the hockey stick (ρ = 0.2 … 0.8, then 1.0 and beyond).
        #expect(p99[0] < p99[3] && p99[3] < p99[4])
        var buffer = CellBuffer(width: 120, height: 40)
        DashboardView.render(m, into: &buffer)
        #expect(
            buffer.lines.contains { $0.contains("sweep: p99 (ms) against load.rate") && $0.contains("done") })
        DashboardUpdate.handle(&m, .key(.char("w")))
        #expect(m.sweep == nil)
    }

    /// In a topology, a knob of a service other than the entry's is swept with that
    /// service's own p99 beside the client's: pricing's ten queries a request over three
    /// databases of `db.pool` connections each wait longer the fewer there are (Erlang C: at
    /// a fixed load, waiting grows as servers are taken away), and the entry's own knob
    /// follows no service.
    @Test("a service's knob is swept with that service's p99 beside the client's")
    func sweepFollowsTheKnobsService() async throws {
        let shop = try Scenario.load("shop")
        var m = try DashboardModel(scenario: shop, seed: 1, width: 120, height: 40)
        DashboardUpdate.handle(&m, .key(.char("/")))
        for c in "pricing.db.pool" { DashboardUpdate.handle(&m, .key(.char(c))) }
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        #expect(m.selectedName == "pricing.db.pool")
        DashboardUpdate.handle(&m, .key(.char("w")))
        let sweep = try #require(m.sweep)
        #expect(sweep.service == "pricing")
        var waited = 0
        while !sweep.isDone && waited < 1200 {
            try await Task.sleep(nanoseconds: 100_000_000)
            waited += 1
        }
        #expect(sweep.isDone && sweep.error == nil)
        let points = sweep.points
        #expect(points.map(\.x) == [2, 4, 6, 8, 10, 12, 16])
        #expect(points.allSatisfy { !$0.serviceP99.isNaN && !$0.p99.isNaN })
        #expect(points[0].serviceP99 > points[3].serviceP99)
        #expect(points[3].serviceP99 >= points[6].serviceP99)
        let lines = m.screenLines
        #expect(lines.contains { $0.contains("sweep: p99 (ms) against pricing.db.pool") })
        #expect(lines.contains { $0.contains("pricing p99") })
        // p (another scenario) closes the sweep: its curve and knob were shop's.
        DashboardUpdate.handle(&m, .key(.char("p")))
        #expect(m.scenarioName != "shop")
        #expect(m.sweep == nil)
        #expect(!m.screenLines.contains { $0.contains("sweep: p99") })
        // The entry's knob: the client's p99 alone.
        let entry = try #require(
            BackgroundSweep(
                knob: "api.work.time",
                simulation: try Simulation(topology: shop.topology, knobs: shop.knobs(), seed: 1), seed: 1))
        entry.cancel()
        #expect(entry.service == nil)
    }

    /// A time knob's sweep is drawn against its own unit: `10ms`, not its nanoseconds
    /// (`10M`, as the axis read before).
    @Test("the sweep's x axis speaks the knob's unit")
    func sweepAxisInTheKnobsUnit() async throws {
        var m = try DashboardModel(scenario: try Scenario.load("mm1"), seed: 1)
        let i = try #require(m.knobNames.firstIndex(of: "db.service"))
        while m.selected < i { DashboardUpdate.handle(&m, .key(KeyPress(.down))) }
        DashboardUpdate.handle(&m, .key(.char("w")))
        let sweep = try #require(m.sweep)
        var waited = 0
        while !sweep.isDone && waited < 600 {
            try await Task.sleep(nanoseconds: 100_000_000)
            waited += 1
        }
        #expect(sweep.isDone && sweep.error == nil)
        var buffer = CellBuffer(width: 120, height: 40)
        DashboardView.render(m, into: &buffer)
        let title = try #require(
            buffer.lines.firstIndex { $0.contains("sweep: p99 (ms) against db.service") })
        // The x axis' labels are the line under the axis, right of the knob panel.
        let axis = try #require(buffer.lines[title...].firstIndex { $0.contains("└──") })
        let labels = String(buffer.lines[axis + 1].dropFirst(40))
        #expect(labels.contains("ms"), "\(labels)")
        #expect(!labels.contains("M"), "\(labels)")
    }

    /// A count knob at a small value (one instance of pricing) is swept over whole numbers
    /// around it, where its factors (× 0.25 … × 2) rounded to 1 and 2 only (its axis is
    /// labelled at whole numbers: LineChartTests).
    @Test("a small count is swept over whole numbers")
    func smallCountsSweepWholeNumbers() async throws {
        let instances = try KnobRegistry.spec("instances")
        #expect(BackgroundSweep.values(around: 1, spec: instances) == [1, 2, 3, 4, 5, 6, 7])
        #expect(BackgroundSweep.values(around: 2, spec: instances) == [1, 2, 3, 4, 5, 6, 7])
        #expect(BackgroundSweep.values(around: 3, spec: instances) == [1, 2, 3, 4, 5, 6, 7])
        #expect(BackgroundSweep.values(around: 32, spec: instances) == [8, 16, 24, 32])
        let pool = try KnobRegistry.spec("db.pool")
        #expect(BackgroundSweep.values(around: 8, spec: pool) == [2, 4, 6, 8, 10, 12, 16])
    }

    /// Queries take 10 ms exactly (mmc's mean) and the client waits 8 ms: swept around that
    /// deadline (2 … 16 ms), the points under 10 ms see no request succeed and have no p99
    /// (a gap), where they had drawn 0 ms, the best point of the curve to the eye.
    @Test("a swept point where nothing succeeds has no p99")
    func pointsWithoutSuccessHaveNoP99() async throws {
        var k = try Presets.named("mmc")!.knobs()
        try k.apply(assignment: "db.distribution=const")
        try k.apply(assignment: "load.retries=0")
        try k.apply(assignment: "load.timeout=8ms")
        let sim = try Simulation(knobs: k, seed: 1)
        let sweep = try #require(BackgroundSweep(knob: "load.timeout", simulation: sim, seed: 1))
        var waited = 0
        while !sweep.isDone && waited < 600 {
            try await Task.sleep(nanoseconds: 100_000_000)
            waited += 1
        }
        #expect(sweep.isDone && sweep.error == nil)
        for p in sweep.points {
            if p.x < 10e6 {  // nanoseconds
                #expect(p.p99.isNaN && p.throughput == 0, "deadline \(p.x) ns")
            } else if p.x > 10e6 {  // 10 ms exactly: the deadline and the reply tie
                #expect(p.p99 >= 10 && p.throughput > 0, "deadline \(p.x) ns")
            }
        }
        #expect(sweep.points.contains { $0.x > 10e6 } && sweep.points.contains { $0.x < 10e6 })
    }
}
