import ArgumentParser
import Foundation
import PerfModel

/// The `perflab` command: the dashboard by default, and the headless subcommands.
@main
struct Perflab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perflab",
        abstract:
            "See how performance patterns behave: a terminal dashboard over a discrete-event simulation.",
        discussion: """
            Without a subcommand perflab runs the dashboard: 'perflab --scenario shop' is \
            'perflab dashboard --scenario shop' (see 'perflab help dashboard').

            Exit codes: 0 success; 1 the run itself failed; 2 bad usage or bad input.

            Shell completions: perflab --generate-completion-script bash|zsh|fish.
            """,
        subcommands: [
            DashboardCommand.self, RunCommand.self, ReplayCommand.self, ReportCommand.self,
            CompareCommand.self,
            SweepCommand.self, KnobsCommand.self, ScenariosCommand.self, ThemesCommand.self,
            CacheSimCommand.self, BenchFrameCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self)

    /// Runs the command, turning every user mistake into one line on stderr and exit code 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
            checkStandardOutput()
        } catch let e as InputError {
            fail(e.description)
        } catch let e as ExitCode {
            checkStandardOutput()
            Foundation.exit(e.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            let message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message)
        }
    }

    /// What was printed reached its file: a full disk (`perflab run --json > out.json` on
    /// a full file system) is one line and exit 1, where the output was lost in silence
    /// and the exit status said all was well.
    static func checkStandardOutput() {
        // fflush(nil) flushes every stream (Swift 6 does not let this code name `stdout`); on
        // a full disk the last of the output fails as the earlier did.
        guard fflush(nil) != 0 else { return }
        let reason = String(cString: strerror(errno))
        FileHandle.standardError.write(Data("perflab: standard output: write error: \(reason)\n".utf8))
        Foundation.exit(1)
    }

    static func fail(_ line: String) -> Never {
        FileHandle.standardError.write(("perflab: " + InputError.clipped(line) + "\n").data(using: .utf8)!)
        Foundation.exit(2)
    }
}
