import ArgumentParser
import Foundation
import PerfModel

/// `perflab compare`: two sessions side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Two sessions side by side: the knobs that differ, and each metric with the change.",
        discussion:
            "Each side's stretch is its measured span (a run's, after the warm-up and before the drain), "
            + "or --from/--to for both. Changes are green when better and red when worse on a terminal; "
            + "NO_COLOR turns colour off.")

    @Argument(help: "The first session (A).") var a: String
    @Argument(help: "The second session (B).") var b: String
    @OptionGroup var stretch: StretchOptions

    func run() throws {
        let sa = try SessionFile.read(a)
        let sb = try SessionFile.read(b)
        let color = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let (lo, hi) = try stretch.seconds()
        print(try SessionComparison(a: sa, b: sb, from: lo, to: hi).text(color: color))
    }
}
