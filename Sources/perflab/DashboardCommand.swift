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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Record the session to FILE from the start (r toggles recording).", valueName: "FILE"))
    var record: String?

    @Option(name: .long, help: ArgumentHelp("Record the screen as an asciicast v2 file.", valueName: "FILE"))
    var cast: String?

    /// Checks the options before touching the terminal, then runs the dashboard.
    func run() throws {
        var app: DashboardApp
        let crash: ((DashboardModel) -> Void)?
        do {
            app = try DashboardApp(scenario: scenario, seed: seed, assignments: assignments, theme: theme)
            crash = try Self.testCrash()
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
        try app.run(cast: recorder, afterFrame: crash)
        for failure in app.model.recordingFailures {
            FileHandle.standardError.write(Data("perflab: \(failure)\n".utf8))
        }
    }

    /// The test-only crash trigger: `PERFLAB_TEST_CRASH=SIGNAL[:SECONDS]` makes the
    /// dashboard crash after the first frame drawn once the simulation has reached SECONDS
    /// (default 0), so that the end-to-end tests can check that a crash leaves the
    /// terminal restored and the session readable. SIGNAL is `segv`, `abrt`, `bus`, `ill`
    /// or `fpe` (raised as that signal), or `trap` (a Swift runtime failure).
    static func testCrash(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ((DashboardModel) -> Void)? {
        guard let spec = environment["PERFLAB_TEST_CRASH"], !spec.isEmpty else { return nil }
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            .map(String.init)
        let signals: [String: Int32] = [
            "segv": SIGSEGV, "abrt": SIGABRT, "bus": SIGBUS, "ill": SIGILL, "fpe": SIGFPE,
        ]
        guard parts[0] == "trap" || signals[parts[0]] != nil,
            let after = parts.count > 1 ? Double(parts[1]) : 0, after.isFinite, after >= 0
        else {
            throw InputError(
                field: "PERFLAB_TEST_CRASH",
                "\"\(spec)\" is not SIGNAL[:SECONDS] (segv, abrt, bus, ill, fpe or trap)")
        }
        let signal = signals[parts[0]]
        return { model in
            guard model.simSeconds >= after else { return }
            guard let signal else { fatalError("PERFLAB_TEST_CRASH=\(spec)") }
            raise(signal)
        }
    }
}
