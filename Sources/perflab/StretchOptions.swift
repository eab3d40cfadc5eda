import ArgumentParser
import PerfModel

/// `--from` and `--to`: the stretch of a session that `report` summarises and `compare`
/// sets side by side, in simulated time.
struct StretchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Start of the stretch, simulated time (like 10s).", valueName: "TIME"))
    var from: String?
    @Option(help: ArgumentHelp("End of the stretch, simulated time.", valueName: "TIME")) var to: String?

    /// The bounds in simulated seconds; nil where not given.
    func seconds() throws -> (from: Double?, to: Double?) {
        (
            try from.map { try KnobSpec.parseDuration($0, field: "--from") / 1e9 },
            try to.map { try KnobSpec.parseDuration($0, field: "--to") / 1e9 }
        )
    }
}
