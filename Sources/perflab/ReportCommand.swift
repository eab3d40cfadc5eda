import ArgumentParser
import Foundation
import PerfModel

/// `perflab report`: summarises a recorded session, as text, a CSV timeline or JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarise a recorded session; csv is its timeline, one row per sample.",
        discussion:
            "Percentiles over the stretch come from merging the samples' histograms. A run's default stretch "
            + "is its measured span (after the warm-up, before the drain)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json
    }

    @Argument(help: "A session file.") var file: String
    @Option(help: "text, csv or json.") var format: Format = .text
    @OptionGroup var stretch: StretchOptions

    func run() throws {
        let session = try SessionFile.read(file)
        let (lo, hi) = try stretch.seconds()
        let report = try SessionReport(session, from: lo, to: hi)
        switch format {
        case .text: print(report.text)
        case .csv: print(report.csv)
        case .json: print(report.json.pretty())
        }
    }
}
