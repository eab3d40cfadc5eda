import ArgumentParser
import Dashboard
import Foundation
import PerfModel

/// `perflab replay`: re-simulates a session to check it (`--verify`), or plays it on screen.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract:
            "Play a recorded session in the dashboard, or re-simulate it and check every sample (--verify).",
        discussion: "With --verify: exit 0 when every sample matches, 1 naming the first that differs.")

    @Argument(help: "A session file (perflab run --record FILE, or the dashboard's --record / r).") var file:
        String
    @Flag(help: "Re-simulate from the header and the knob changes and check every sample matches exactly.")
    var verify = false
    @Option(
        help: ArgumentHelp(
            "Playback speed on screen (simulated seconds per second, 0.1 to 100).", valueName: "X"))
    var speed: Double = 1
    @Option(help: ArgumentHelp("A theme name or a theme file.", valueName: "NAME-or-FILE")) var theme: String?
    @Option(help: ArgumentHelp("Record the screen as an asciicast v2 file.", valueName: "FILE")) var cast:
        String?

    func validate() throws {
        guard speed >= 0.1, speed <= 100 else {
            throw InputError(field: "--speed", "must be from 0.1 to 100")
        }
    }

    func run() throws {
        let session = try SessionFile.read(file)
        guard verify else {
            if isatty(STDOUT_FILENO) == 0 || isatty(STDIN_FILENO) == 0 {
                throw InputError(
                    file: file,
                    "replay on screen needs a terminal; use --verify to check it, or perflab report \(file)")
            }
            var app = try DashboardApp(replay: session, file: file, speed: speed, theme: theme)
            let recorder = try cast.map { try CastRecorder(path: $0) }
            try app.run(cast: recorder)
            return
        }
        // A verification that takes more than a second shows how far it has come.
        let total = session.samples.last?.sample.t ?? 0
        let bar = ProgressLine("verify", unit: "simulated s", after: 1)
        let result = try { () throws -> SessionVerifier.Result in
            defer { bar?.clear() }
            return try SessionVerifier.verify(session) { t in bar?.show(Swift.min(t, total), of: total) }
        }()
        if let m = result.mismatch {
            let line = InputError.clipped("\(file):\(m.line): \(m.message)")
            FileHandle.standardError.write(Data("perflab: \(line)\n".utf8))
            throw ExitCode(1)
        }
        print(
            "\(file): all \(result.samplesChecked) samples match "
                + "(\(Self.count(result.knobChangesApplied, "knob change")), "
                + "\(Self.count(result.eventsChecked, "event")); re-simulated "
                + "\(SessionFormat.seconds(result.simulatedSeconds)) s in "
                + "\(String(format: "%.2f", result.wallSeconds)) s)"
        )
    }

    static func count(_ n: Int, _ thing: String) -> String { "\(n) \(thing)\(n == 1 ? "" : "s")" }
}
