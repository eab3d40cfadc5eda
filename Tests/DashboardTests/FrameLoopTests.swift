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
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("effects-\(UUID()).jsonl").path
        m.defaultRecordPath = { path }
        let effects = DashboardUpdate.update(&m, .key(.char("r")))
        #expect(effects == [.startRecording(path: path)])
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!m.recording)
        DashboardEffect.perform(effects, on: &m)
        #expect(m.recording)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(DashboardUpdate.update(&m, .key(.char("r"))) == [.stopRecording])
        #expect(DashboardUpdate.update(&m, .key(.char("p"))) == [.loadPreset(1)])
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
}
