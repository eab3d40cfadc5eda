import ArgumentParser
import Foundation
import PerfModel
import SimKernel

/// `perflab run`: simulate headless, then print a summary.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate without the dashboard, then print a summary (statistics leave out the warm-up).")

    @Option(help: "A preset (perflab scenarios) or a scenario file.") var scenario = "checkout"
    @Option(help: "Simulated time to measure, after the warm-up (like 60s, 2m).") var duration = "60s"
    @Option(help: "Simulated warm-up left out of the statistics.") var warmup = "0s"
    @Option(help: "Seed of every random stream.") var seed: UInt64 = 42
    @Option(name: .customLong("set"), help: "KNOB=VALUE, repeatable.") var settings: [String] = []
    @Flag(help: "Print the summary as JSON.") var json = false
    @Option(help: "Timed knob changes, one 'AT KNOB=VALUE' per line.") var script: String?
    @Option(help: "Record the session to this file (JSON Lines: knob changes, a sample per second, events).")
    var record: String?

    func run() throws {
        let sc = try Scenario.load(scenario)
        var knobs = try sc.knobs()
        for s in settings {
            do { try knobs.apply(assignment: s) } catch let e as InputError {
                throw InputError(field: "--set \(e.field ?? s)", e.message)
            }
        }
        let dur = try KnobSpec.parseDuration(duration, field: "--duration")
        let warm = try KnobSpec.parseDuration(warmup, field: "--warmup")
        guard dur > 0 else { throw InputError(field: "--duration", "must be more than 0") }
        var runSpec = HeadlessRun(scenarioName: sc.name, topology: sc.topology, knobs: knobs, seed: seed, duration: SimTime(dur), warmup: SimTime(warm))
        if let script { runSpec.script = try KnobScript.parse(file: script) }
        let simulation = try Simulation(topology: sc.topology, knobs: knobs, seed: seed)
        var recorder: SessionWriter?
        if let record {
            let header = SessionHeader(
                source: .run, scenario: sc.name, topology: sc.topology, seed: seed, knobs: knobs, duration: runSpec.duration,
                warmup: runSpec.warmup, drainLimit: runSpec.drainLimit)
            let w = try SessionWriter(path: record, header: header)
            w.attach(to: simulation)
            recorder = w
        }
        let (p, wall, drained) = try runSpec.execute(simulation: simulation) { t, name, old, new in
            recorder?.record(knob: name, old: old, new: new, at: t)
        }
        let summary = RunSummary.json(scenario: sc.name, simulation: p, simSeconds: dur / 1e9, wallSeconds: wall, drained: drained)
        try recorder?.finish(summary: SessionWriter.summary(withoutTimeline: summary), at: p.now)
        if json {
            print(summary.pretty())
        } else {
            print(SummaryTable.render(summary))
        }
    }
}
