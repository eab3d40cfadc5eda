import Foundation
import PerfModel
import TerminalCanvas
import Testing

@testable import Dashboard

/// A fresh path in the temporary folder.
func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("perflab-\(UUID().uuidString)-\(name)").path
}

func ticks(_ m: inout DashboardModel, seconds: Double) {
    for _ in 0..<Int((seconds * 4).rounded()) { DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25)) }
}

@Suite("Dashboard recording")
struct RecordingTests {
    @Test("a session recorded from the start with knob steps and a fault re-simulates exactly")
    func recordFromStart() throws {
        let path = temporaryPath("a.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var m = try DashboardModel(scenario: try Scenario.load("checkout"), seed: 7)
        try m.startRecording(path: path)
        #expect(m.recording)
        ticks(&m, seconds: 2)
        DashboardUpdate.handle(&m, .key(KeyPress(.down)))  // load.rate
        DashboardUpdate.handle(&m, .key(KeyPress(.right)))
        ticks(&m, seconds: 1.5)
        DashboardUpdate.handle(&m, .key(.char("f")))  // backend 1 down
        ticks(&m, seconds: 2)
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        for c in "3000" { DashboardUpdate.handle(&m, .key(.char(c))) }
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        ticks(&m, seconds: 1)
        DashboardUpdate.handle(&m, .key(.char("q")))
        m.stopRecording()
        #expect(!m.recording)

        let session = try SessionReader.read(path: path)
        #expect(!session.endMissing)
        #expect(session.header.source == .dashboard)
        #expect(session.knobChanges.map(\.name) == ["load.rate", "backend.1.down", "load.rate"])
        #expect(session.knobChanges.last?.new == .number(3000))
        #expect(session.samples.count == 6)
        let result = try SessionVerifier.verify(session)
        #expect(result.mismatch == nil)
        #expect(result.samplesChecked == 6)
        #expect(result.knobChangesApplied == 3)
    }

    @Test("r starts recording mid-run (earlier changes after the header) and r again stops it; it verifies")
    func toggle() throws {
        let path = temporaryPath("b.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var m = try DashboardModel(scenario: try Scenario.load("checkout"), seed: 42)
        m.defaultRecordPath = { path }
        ticks(&m, seconds: 1.5)
        DashboardUpdate.handle(&m, .key(KeyPress(.down)))
        DashboardUpdate.handle(&m, .key(KeyPress(.right)))  // before recording
        ticks(&m, seconds: 1)
        DashboardUpdate.handle(&m, .key(.char("r")))
        #expect(m.recorder != nil)
        #expect(m.status == "recording to \(path)")
        #expect(m.log.last?.text == "recording to \(path)")
        var buffer = CellBuffer(width: 120, height: 40)
        DashboardView.render(m, into: &buffer)
        #expect(buffer.lines[0].contains("● REC"))
        ticks(&m, seconds: 2)
        DashboardUpdate.handle(&m, .key(KeyPress(.right)))  // while recording
        ticks(&m, seconds: 2)
        DashboardUpdate.handle(&m, .key(.char("r")))
        #expect(m.recorder == nil)
        #expect(m.status == "recording stopped: \(path)")
        DashboardView.render(m, into: &buffer)
        #expect(!buffer.lines[0].contains("REC"))
        ticks(&m, seconds: 1)  // not recorded

        let session = try SessionReader.read(path: path)
        #expect(!session.endMissing)
        #expect(session.header.startedAt == 2_500_000_000)
        #expect(session.knobChanges.count == 2)
        #expect(session.knobChanges.first?.at == 1_500_000_000)
        #expect(session.samples.first?.sample.t == 3)
        #expect(session.samples.last?.sample.t == 6)
        #expect(try SessionVerifier.verify(session).mismatch == nil)
    }

    @Test("r with a file that cannot be created says so in the footer")
    func unwritable() throws {
        var m = try DashboardModel(scenario: try Scenario.load("mm1"), seed: 42)
        m.defaultRecordPath = { "/nonexistent-dir/x.jsonl" }
        DashboardUpdate.handle(&m, .key(.char("r")))
        #expect(m.recorder == nil)
        #expect(m.status.hasPrefix("cannot record: "))
        #expect(m.status.contains("/nonexistent-dir/x.jsonl"))
    }

    @Test("r stops a recording and says so whatever the footer said before (a warning too)")
    func stopAfterAWarning() throws {
        let path = temporaryPath("w.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var m = try DashboardModel(scenario: try Scenario.load("mm1"), seed: 42)
        m.defaultRecordPath = { "/nonexistent-dir/x.jsonl" }
        DashboardUpdate.handle(&m, .key(.char("r")))
        #expect(m.status.hasPrefix("cannot record: "))
        try m.startRecording(path: path)  // --record, while the warning is still shown
        ticks(&m, seconds: 1)
        DashboardUpdate.handle(&m, .key(.char("r")))
        #expect(m.recorder == nil)
        #expect(m.status == "recording stopped: \(path)")
        #expect(!m.statusWarns)
        #expect(m.recordingFailures.isEmpty)
    }

    @Test("a recording whose reader goes away fails in the footer, once, and is kept for the exit")
    func failureIsSaidAndKept() throws {
        let path = temporaryPath("pipe")
        guard mkfifo(path, 0o600) == 0 else { throw InputError("mkfifo failed") }
        defer { unlink(path) }
        // With no reader left a write raises SIGPIPE, which would end the test process.
        signal(SIGPIPE, SIG_IGN)
        let reader = open(path, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        var m = try DashboardModel(scenario: try Scenario.load("mm1"), seed: 42)
        try m.startRecording(path: path)
        close(reader)
        ticks(&m, seconds: 3)
        #expect(m.recorder == nil)
        #expect(m.statusWarns)
        #expect(m.status.hasPrefix("recording failed: \(path): "))
        #expect(m.status.contains("Broken pipe"))
        #expect(m.recordingFailures == [m.status])
        #expect(m.log.filter { $0.isWarning }.map(\.text) == [m.status])
        // Stopping again (q, or r) finds nothing to stop and says nothing more.
        #expect(m.stopRecording() == nil)
        #expect(m.recordingFailures.count == 1)
    }

    @Test("p (a new preset) stops the recording; the file stays valid")
    func presetStops() throws {
        let path = temporaryPath("c.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var m = try DashboardModel(scenario: try Scenario.load("checkout"), seed: 42)
        try m.startRecording(path: path)
        ticks(&m, seconds: 2)
        DashboardUpdate.handle(&m, .key(.char("p")))
        #expect(m.recorder == nil)
        #expect(m.status.hasPrefix("recording stopped (new scenario)"))
        let session = try SessionReader.read(path: path)
        #expect(!session.endMissing)
        #expect(try SessionVerifier.verify(session).mismatch == nil)
    }

    /// Verifies the session at `path`, expecting it to match with every event checked, then
    /// a copy without its first `kind` event, expecting verify to name that event.
    static func verifiesEventByEvent(_ path: String, dropping kind: String) throws -> SessionVerifier.Result {
        let session = try SessionReader.read(path: path)
        let result = try SessionVerifier.verify(session)
        #expect(result.mismatch == nil)
        #expect(result.eventsChecked == session.events.count)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let k = try #require(lines.firstIndex { $0.contains("\"type\":\"event\"") && $0.contains(kind) })
        lines.remove(at: k)
        let copy = path + ".altered"
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: copy, atomically: true, encoding: .utf8)
        let altered = try #require(try SessionVerifier.verify(try SessionReader.read(path: copy)).mismatch)
        #expect(altered.message.contains(kind))
        return result
    }

    @Test("a fault set just before r and cleared just after, at the same instant, verifies event by event")
    func changesAtTheInstantRecordingStarts() throws {
        let path = temporaryPath("d.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var m = try DashboardModel(scenario: try Scenario.load("checkout"), seed: 3)
        m.defaultRecordPath = { path }
        ticks(&m, seconds: 1.5)
        // No frame between the three keys: the simulation stays at one instant.
        DashboardUpdate.handle(&m, .key(.char("f")))  // backend 1 down: before recording
        DashboardUpdate.handle(&m, .key(.char("r")))
        DashboardUpdate.handle(&m, .key(.char("f")))  // backend 1 up: recorded
        ticks(&m, seconds: 2)
        DashboardUpdate.handle(&m, .key(.char("r")))

        let session = try SessionReader.read(path: path)
        #expect(session.header.startedAt == 1_500_000_000)
        #expect(session.knobChanges.map(\.at) == [1_500_000_000, 1_500_000_000])
        let first = try #require(session.events.first)
        #expect(first.kind == "backend_up" && first.t == 1.5)
        // Re-simulated, the backend goes down and up again at 1.5 s: only the second is in
        // the file, and it is checked (a verifier that left out every event at the instant
        // recording began compared the file's backend_up with whatever came next).
        _ = try Self.verifiesEventByEvent(path, dropping: "backend_up")
    }

    @Test("a recording stopped before its first sample still checks its knob changes and events")
    func recordingShorterThanASample() throws {
        let path = temporaryPath("e.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var m = try DashboardModel(scenario: try Scenario.load("checkout"), seed: 3)
        m.defaultRecordPath = { path }
        DashboardUpdate.handle(&m, .key(.char("r")))
        ticks(&m, seconds: 0.25)
        DashboardUpdate.handle(&m, .key(.char("f")))
        ticks(&m, seconds: 0.5)
        DashboardUpdate.handle(&m, .key(.char("r")))

        let session = try SessionReader.read(path: path)
        #expect(session.samples.isEmpty)
        #expect(session.endTime == 750_000_000)
        #expect(session.events.first?.kind == "backend_down")
        let result = try Self.verifiesEventByEvent(path, dropping: "backend_down")
        #expect(result.knobChangesApplied == 1)
    }

    @Test("a knob typed to the value it has is no change: not recorded, and the session verifies")
    func typingTheSameValue() throws {
        let path = temporaryPath("f.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var m = try DashboardModel(scenario: try Scenario.load("checkout"), seed: 5)
        try m.startRecording(path: path)
        ticks(&m, seconds: 1.25)
        DashboardUpdate.handle(&m, .key(KeyPress(.down)))  // load.rate
        #expect(m.selectedName == "load.rate")
        let value = m.simulation.knobs.formatted("load.rate")
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        for c in value { DashboardUpdate.handle(&m, .key(.char(c))) }
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        ticks(&m, seconds: 2)
        m.stopRecording()
        let session = try SessionReader.read(path: path)
        #expect(session.knobChanges.isEmpty)
        #expect(session.samples.count == 3)
        #expect(try SessionVerifier.verify(session).mismatch == nil)
    }

    @Test("the default file name is perflab-YYYYMMDD-HHMMSS.jsonl")
    func defaultName() {
        let name = DashboardModel.timestampedRecordPath(exists: { _ in false })
        #expect(name.wholeMatch(of: /perflab-\d{8}-\d{6}\.jsonl/) != nil)
    }

    /// `r`, `r`, `r` within one second: the second recording took the first one's name and
    /// replaced it.
    @Test("a recording never takes the name of a file that exists")
    func defaultNameIsNeverTaken() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var taken: Set<String> = []
        var names: [String] = []
        for _ in 0..<3 {
            let name = DashboardModel.timestampedRecordPath(now: now, exists: { taken.contains($0) })
            taken.insert(name)
            names.append(name)
        }
        #expect(Set(names).count == 3)
        let stem = String(names[0].dropLast(6))
        #expect(names[1] == stem + "-2.jsonl" && names[2] == stem + "-3.jsonl")
    }
}
