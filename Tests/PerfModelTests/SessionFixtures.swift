import Foundation
import SimKernel

@testable import PerfModel

/// Short recorded runs in a temporary folder, for the session tests.
enum SessionFixtures {
    /// A fresh temporary file path ending in `.jsonl`.
    static func path(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "perflab-session-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("\(name)-\(UUID().uuidString).jsonl").path
    }

    /// Runs `scenario` headless for `seconds` with `script` (`AT KNOB=VALUE` lines) as
    /// `perflab run --record` does, and returns the file and the samples the pipeline emitted.
    @discardableResult
    static func recordRun(
        _ name: String, scenario: String = "mmc", seconds: Int64 = 20, warmup: Int64 = 0, seed: UInt64 = 42,
        script: String = "", settings: [String] = []
    ) throws -> (path: String, emitted: [Sample], pipeline: Simulation) {
        try recordRun(
            name, scenario: Presets.named(scenario)!, seconds: seconds, warmup: warmup, seed: seed,
            script: script,
            settings: settings)
    }

    /// As ``recordRun(_:scenario:seconds:warmup:seed:script:settings:)`` for a scenario
    /// value (a topology read from a file).
    @discardableResult
    static func recordRun(
        _ name: String, scenario s: Scenario, seconds: Int64 = 20, warmup: Int64 = 0, seed: UInt64 = 42,
        script: String = "", settings: [String] = []
    ) throws -> (path: String, emitted: [Sample], pipeline: Simulation) {
        let file = path(name)
        let scenario = s.name
        var knobs = try s.knobs()
        for s in settings { try knobs.apply(assignment: s) }
        var run = HeadlessRun(
            scenarioName: scenario, topology: s.topology, knobs: knobs, seed: seed,
            duration: seconds * Time.second,
            warmup: warmup * Time.second)
        run.script = try KnobScript.parse(text: script, file: "script")
        let pipeline = try Simulation(topology: s.topology, knobs: knobs, seed: seed)
        var emitted: [Sample] = []
        pipeline.onSample = { emitted.append($0) }
        let writer = try SessionWriter(
            path: file,
            header: SessionHeader(
                source: .run, scenario: scenario, topology: s.topology, seed: seed, knobs: knobs,
                duration: run.duration,
                warmup: run.warmup, drainLimit: run.drainLimit))
        writer.attach(to: pipeline)
        let (p, wall, drained) = try run.execute(simulation: pipeline) { t, name, old, new in
            writer.record(knob: name, old: old, new: new, at: t)
        }
        let summary = RunSummary.json(
            scenario: scenario, simulation: p, simSeconds: Double(seconds), wallSeconds: wall,
            drained: drained)
        try writer.finish(summary: SessionWriter.summary(withoutTimeline: summary), at: p.now)
        return (file, emitted, p)
    }

    /// The file's lines.
    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Writes `lines` (each followed by a newline) to a new file.
    static func write(_ lines: [String], name: String) throws -> String {
        let p = path(name)
        try (lines.joined(separator: "\n") + "\n").write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
}
