import ArgumentParser
import Dashboard
import Foundation
import PerfModel

/// `perflab` (or `perflab dashboard`): the interactive dashboard, the default command.
///
/// A subcommand rather than options of the root command, so that the root does not take
/// `--scenario`, `--seed` and `--set` away from `perflab run`.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The interactive dashboard (the default command; ? lists its keys).")

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A preset, an example topology, a topology file (.toml) or a scenario file"
                + " (perflab scenarios lists the presets and examples).",
            valueName: "NAME-or-FILE"))
    var scenario = "checkout"

    @Option(name: .long, help: ArgumentHelp("Seed for every random stream.", valueName: "N"))
    var seed: UInt64 = 42

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Set a knob (repeatable; SERVICE.KNOB=VALUE in a topology).", valueName: "KNOB=VALUE"))
    var assignments: [String] = []

    @Option(name: .long, help: ArgumentHelp("A theme name or a theme file.", valueName: "NAME-or-FILE"))
    var theme: String?

    @Option(name: .long, help: ArgumentHelp("Record the session to FILE from the start (r toggles recording).", valueName: "FILE"))
    var record: String?

    @Option(name: .long, help: ArgumentHelp("Record the screen as an asciicast v2 file.", valueName: "FILE"))
    var cast: String?

    /// Checks the options before touching the terminal, then runs the dashboard.
    func run() throws {
        var app: DashboardApp
        do {
            app = try DashboardApp(scenario: scenario, seed: seed, assignments: assignments, theme: theme)
        } catch let e as InputError {
            Perflab.fail(e.description)
        } catch {
            Perflab.fail("\(error)")
        }
        guard DashboardApp.isTerminal else {
            Perflab.fail("the dashboard needs a terminal (try perflab run for a headless run)")
        }
        let recorder: CastRecorder?
        do {
            if let record { try app.model.startRecording(path: record) }
            recorder = try cast.map { try CastRecorder(path: $0) }
        } catch {
            app.model.stopRecording()
            Perflab.fail("\(error)")
        }
        try app.run(cast: recorder)
        if app.model.status.hasPrefix("cannot finish") || app.model.status.hasPrefix("recording failed: ") {
            FileHandle.standardError.write(Data("perflab: \(app.model.status)\n".utf8))
        }
    }
}
