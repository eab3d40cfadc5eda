import ArgumentParser
import Foundation
import PerfModel
import SimKernel

/// `perflab run`: simulate headless, then print a summary.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate without the dashboard, then print a summary (statistics leave out the warm-up).",
        discussion: """
            Simulates --warmup, then --duration, then stops arrivals and lets the requests in flight \
            finish (at most 60 simulated seconds). The summary counts the requests that arrived \
            after the warm-up: the client's end-to-end figures, and with --json every service's \
            too ("services").
            """)

    @Option(
        help: ArgumentHelp(
            "A preset, an example topology, a topology file (.toml) or a scenario file"
                + " (perflab scenarios lists the presets and examples).",
            valueName: "NAME-or-FILE"))
    var scenario = "checkout"
    @Option(
        help: ArgumentHelp("Simulated time to measure, after the warm-up (like 60s, 2m).", valueName: "TIME"))
    var duration = "60s"
    @Option(help: ArgumentHelp("Simulated warm-up left out of the statistics (like 10s).", valueName: "TIME"))
    var warmup = "0s"
    @Option(help: ArgumentHelp("Seed of every random stream.", valueName: "N")) var seed: UInt64 = 42
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Set a knob (repeatable; SERVICE.KNOB=VALUE in a topology).", valueName: "KNOB=VALUE"))
    var settings: [String] = []
    @Flag(help: "Print the summary as JSON.") var json = false
    @Option(
        help: ArgumentHelp(
            "Timed knob changes, one 'AT KNOB=VALUE' per line (like 30s l1.capacity=5000).",
            valueName: "FILE"))
    var script: String?
    @Option(
        help: ArgumentHelp(
            "Record the session to FILE (JSON Lines: knob changes, a sample per second, events).",
            valueName: "FILE"))
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
        var runSpec = HeadlessRun(
            scenarioName: sc.name, topology: sc.topology, knobs: knobs, seed: seed, duration: SimTime(dur),
            warmup: SimTime(warm))
        if let script { runSpec.script = try KnobScript.parse(file: script, knobs: knobs) }
        let simulation = try Simulation(topology: sc.topology, knobs: knobs, seed: seed)
        var recorder: SessionWriter?
        if let record {
            let header = SessionHeader(
                source: .run, scenario: sc.name, topology: sc.topology, seed: seed, knobs: knobs,
                duration: runSpec.duration,
                warmup: runSpec.warmup, drainLimit: runSpec.drainLimit)
            let w = try SessionWriter(path: record, header: header)
            w.attach(to: simulation)
            recorder = w
        }
        Interrupt.install(saying: "perflab run: stopping at the next simulated second (again to quit now)\n")
        let end = runSpec.warmup + runSpec.duration
        // A run that takes more than a second of wall time shows how far it has come.
        let progress = ProgressLine("run", unit: "simulated s", after: 1)
        runSpec.stop = {
            let t = Time.seconds(simulation.now)
            let e = Time.seconds(end)
            progress?.show(Swift.min(t, e), of: e, note: t > e ? ", draining for \(Int(t - e)) s" : "")
            return Interrupt.requested
        }
        let (p, wall, drained) = try runSpec.execute(simulation: simulation) { t, name, old, new in
            recorder?.record(knob: name, old: old, new: new, at: t)
        }
        progress?.clear()
        guard let sig = Interrupt.caught, p.now < end || !drained else {
            let summary = RunSummary.json(
                scenario: sc.name, simulation: p, simSeconds: dur / 1e9, wallSeconds: wall, drained: drained)
            try recorder?.finish(summary: SessionWriter.summary(withoutTimeline: summary), at: p.now)
            print(json ? summary.pretty() : SummaryTable.render(summary))
            return
        }
        // Stopped: the summary of what ran (the measured span so far, requests still in
        // flight), marked; a recording is left as a cut-off session (its samples kept, no
        // end line), which `report` and `replay --verify` read; the exit status is the
        // signal's.
        let measured = Swift.max(0, Time.seconds(Swift.min(p.now, end) - runSpec.warmup))
        let summary = RunSummary.json(
            scenario: sc.name, simulation: p, simSeconds: measured, wallSeconds: wall, drained: false,
            interruptedAt: p.now)
        if measured > 0 { print(json ? summary.pretty() : SummaryTable.render(summary)) }
        let whereStopped =
            p.now >= end
            ? " s, in the drain after its \(KnobSpec.trim(Time.seconds(end))) s, its summary above"
            : " s of \(KnobSpec.trim(Time.seconds(end))) s"
                + (measured > 0 ? ", its summary so far above" : ", in the warm-up: no summary")
        Interrupt.exit(
            signal: sig,
            "run interrupted at t=\(KnobSpec.trim(Time.seconds(p.now)))" + whereStopped
                + (record.map { "; \($0) ends there, without its end line" } ?? ""))
    }
}
