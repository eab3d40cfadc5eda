import ArgumentParser
import Foundation
import PerfModel
import SimKernel
import TerminalCanvas

/// `perflab sweep`: the scenario at every point of a grid of knob values, with
/// replications, confidence intervals and theory where it exists; `sweep merge` joins shards.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over a grid of knob values, with confidence intervals (and merge shards).",
        discussion: """
            Each point runs --replications times with seeds derived from --seed, the point and the
            replication, so results do not depend on --jobs or --shard. Examples:
              perflab sweep --scenario mm1 --vary load.rate=10..90:9 --replications 5 --plot
              perflab sweep --scenario mmc --vary db.pool=8..16:5 --format csv
              perflab sweep --scenario checkout --vary load.rate=1k..20k:6* --shard 2/4 \
                --format json > s2.json
              perflab sweep merge s1.json s2.json s3.json s4.json --plot
            """,
        subcommands: [SweepRunCommand.self, SweepMergeCommand.self],
        defaultSubcommand: SweepRunCommand.self)
}

enum SweepFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}

struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the sweep (the default).")

    @Option(help: "A preset, an example topology or a scenario file.") var scenario = "checkout"
    @Option(
        name: .customLong("vary"),
        help: ArgumentHelp(
            "KNOB=FROM..TO[:POINTS] (add * for a geometric grid) or KNOB=A,B,C; one or two.",
            valueName: "KNOB=RANGE"))
    var vary: [String] = []
    @Option(help: "Runs per point (the confidence interval needs 2 or more).") var replications = 3
    @Option(help: "Simulated time measured per run, after the warm-up.") var duration = "60s"
    @Option(help: "Simulated warm-up per run, left out of the statistics.") var warmup = "5s"
    @Option(help: "Seed the runs' seeds are derived from.") var seed: UInt64 = 42
    @Option(name: .customLong("set"), help: "KNOB=VALUE for every point, repeatable.") var settings:
        [String] = []
    @Option(help: "Runs at once (default: every core).") var jobs: Int = ProcessInfo.processInfo
        .activeProcessorCount
    @Option(
        help: ArgumentHelp(
            "Run only the I-th of N shares of the grid (merge them with sweep merge).", valueName: "I/N"))
    var shard = "1/1"
    @Option(help: "text, csv or json.") var format: SweepFormat = .text
    @Option(
        help: ArgumentHelp(
            "auto (a bar on a terminal, nothing otherwise), bar, lines (a line on standard error "
                + "as each point finishes, for logs of batch jobs) or off."))
    var progress: SweepProgressMode = .auto
    @OptionGroup var plotting: SweepPlotOptions

    func run() throws {
        let sc = try Scenario.load(scenario)
        let metric = try plotting.metric(
            services: sc.topology.isSingle ? [] : sc.topology.services.map(\.name))
        var knobs = try sc.knobs()
        for s in settings {
            do { try knobs.apply(assignment: s) } catch let e as InputError {
                throw InputError(field: "--set \(e.field ?? s)", e.message)
            }
        }
        let axes = try SweepAxis.axes(vary, knobs: knobs)
        guard Sweep.replicationRange.contains(replications) else {
            throw InputError(field: "--replications", "expected 1 to 1000")
        }
        guard jobs >= 1 else { throw InputError(field: "--jobs", "expected 1 or more") }
        let dur = try KnobSpec.parseDuration(duration, field: "--duration")
        let warm = try KnobSpec.parseDuration(warmup, field: "--warmup")
        guard dur > 0 else { throw InputError(field: "--duration", "must be more than 0") }
        guard let part = Sweep.shard(parsing: shard) else {
            throw InputError(field: "--shard", "\"\(shard)\" is not I/N with 1 ≤ I ≤ N ≤ \(Sweep.maxPoints)")
        }
        let sweep = Sweep(
            scenario: sc, base: knobs, axes: axes, replications: replications, duration: SimTime(dur),
            warmup: SimTime(warm), seed: seed, settings: settings)
        try sweep.checkSize()
        let which = sweep.points(shard: part.index, of: part.of)
        let bar: ProgressLine? =
            switch progress {
            case .auto: ProgressLine("sweep", unit: "runs")
            case .bar: ProgressLine("sweep", unit: "runs", always: true)
            case .lines, .off: nil
            }
        let log = progress == .lines ? PointLog(sweep) : nil
        Interrupt.install(saying: "perflab sweep: stopping after the runs under way (again to quit now)\n")
        let points = try sweep.run(points: which, jobs: jobs, stop: { Interrupt.requested }) { p in
            bar?.show(Double(p.runsDone), of: Double(p.runs))
            log?.heard(p)
        }
        bar?.clear()
        var report = SweepReport(sweep: sweep, points: points, shard: "\(part.index)/\(part.of)")
        guard let sig = Interrupt.caught, points.count < which.count else {
            SweepOutput.print(report, format: format, plot: metric)
            return
        }
        // Stopped: what ran is printed (marked, so that `sweep merge` refuses it), and the
        // exit status is the signal's, as if it had ended the process.
        report.interrupted = (points.count, which.count)
        if !points.isEmpty { SweepOutput.print(report, format: format, plot: metric) }
        Interrupt.exit(
            signal: sig,
            "sweep interrupted: \(points.count) of \(which.count) points ran to the end"
                + (points.isEmpty ? "" : ", printed above"))
    }
}

enum SweepProgressMode: String, ExpressibleByArgument, CaseIterable {
    case auto, bar, lines, off
}

/// `--progress lines`: a line on standard error as each point finishes, for a log that is
/// not a terminal (a shard in a batch job): `perflab sweep: load.rate=300 done (2 runs): 3 of
/// 9 points, 6 of 18 runs, 12.4 s`.
final class PointLog: Sendable {
    let sweep: Sweep
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant

    init(_ sweep: Sweep) {
        self.sweep = sweep
        started = clock.now
    }

    func heard(_ p: SweepProgress) {
        guard p.pointDone else { return }
        let s = Time.seconds(clock.now - started)
        let line =
            "perflab sweep: \(sweep.label(point: p.point)) done (\(sweep.replications) "
            + "run\(sweep.replications == 1 ? "" : "s")): \(p.pointsDone) of \(p.points) points, "
            + "\(p.runsDone) of \(p.runs) runs, \(String(format: "%.1f", s)) s\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

struct SweepMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the JSON of a sweep's shards into the result of the whole sweep.")

    @Argument(help: "Shard files (sweep --shard I/N --format json).") var files: [String]
    @Option(help: "text, csv or json.") var format: SweepFormat = .text
    @OptionGroup var plotting: SweepPlotOptions

    func run() throws {
        var parts: [(file: String, report: SweepReport)] = []
        for f in files {
            parts.append((f, try SweepReport(text: InputFile.text(atPath: f, kind: "shard"), file: f)))
        }
        let merged = try SweepReport.merge(parts)
        SweepOutput.print(merged, format: format, plot: try plotting.metric(services: merged.serviceNames))
    }
}

/// `--plot` and `--plot-metric`, the same on `sweep` and `sweep merge`.
struct SweepPlotOptions: ParsableArguments {
    @Flag(help: "Draw p99 against the first varied knob, with its 95% band and theory's line.") var plot =
        false
    @Option(
        name: .customLong("plot-metric"),
        help: ArgumentHelp(
            "The metric --plot draws (implies --plot): \(RunMetrics.names.joined(separator: ", ")); "
                + "in a topology, also \(SweepMetric.serviceForms(" and ")).",
            valueName: "METRIC"))
    var plotMetric: String?

    /// The metric to draw (p99 with a bare --plot), or nil for no chart; a name that is
    /// not one of the run's metrics or of `services`' is refused in one line.
    func metric(services: [String]) throws -> SweepMetric? {
        guard let name = plotMetric else { return plot ? SweepMetric(run: "p99_ms") : nil }
        return try SweepMetric(name, services: services)
    }
}

enum SweepOutput {
    /// A metric's name as a chart's title says it (a service's with the service's name).
    static func title(_ metric: SweepMetric) -> String {
        metric.service.map { "\($0) " + title(metric.name) } ?? title(metric.name)
    }

    static func title(_ metric: String) -> String {
        switch metric {
        case "throughput_rps": return "throughput (req/s)"
        case "error_ratio": return "error share"
        case "l1_hit_ratio": return "L1 hit ratio"
        case "l2_hit_ratio": return "L2 hit ratio"
        default: return metric.hasSuffix("_ms") ? "\(metric.dropLast(3)) (ms)" : metric
        }
    }

    /// The report in `format`, then the chart of `plot` (a metric) if there is one.
    static func print(_ r: SweepReport, format: SweepFormat, plot: SweepMetric?) {
        switch format {
        case .json: Swift.print(r.json.pretty())
        case .csv: Swift.print(r.csv)
        case .text: Swift.print(r.text)
        }
        if let plot { Swift.print(chart(r, metric: plot)) }
    }

    /// `metric` (p99 by default) against the first varied knob: the mean, its 95% band and
    /// theory's line where theory has the metric.
    static func chart(
        _ r: SweepReport, metric: SweepMetric = SweepMetric(run: "p99_ms"), width: Int = 78, height: Int = 18
    )
        -> String
    {
        let title = title(metric)
        var mean: [(x: Double, y: Double)] = []
        var lo: [(x: Double, y: Double)] = []
        var hi: [(x: Double, y: Double)] = []
        var theory: [(x: Double, y: Double)] = []
        // Every metric a sweep reports is a rate, a time or a share: the band is drawn within
        // what the metric can be (Student's t interval of a few wide replications reaches
        // below zero, and would squash the curve to make room for values none can take).
        // The JSON and the table keep the interval as computed.
        let ceiling = metric.isShare ? 1.0 : Double.infinity
        // The x axis spans the whole grid, points with nothing to draw included, so that a
        // curve that stops (nothing succeeded beyond it) is seen to stop short.
        var xs: [Double] = []
        for p in r.points {
            guard let x = p["knobs_exact"]?.objectPairs?.first?.1.double else { continue }
            xs.append(x)
            // A point at which nothing succeeded has no latency to draw.
            guard let m = metric.figure(at: p), !SweepReport.isMissing(m) else { continue }
            mean.append((x, m["mean"]?.double ?? 0))
            lo.append((x, max(0, m["ci95"]?.array?[0].double ?? 0)))
            hi.append((x, min(ceiling, m["ci95"]?.array?[1].double ?? 0)))
            if metric.service == nil, let t = p["theory"]?[metric.name]?.double { theory.append((x, t)) }
        }
        guard !mean.isEmpty, let first = xs.min(), let last = xs.max(), last > first else {
            return "(no chart: the first varied knob needs two or more numeric values)"
        }
        let band = Color(red: 110, green: 110, blue: 140)
        var series = [
            ChartSeries(name: "95% low", color: band, points: lo),
            ChartSeries(name: "95% high", color: band, points: hi),
            ChartSeries(name: title, color: Color(red: 240, green: 180, blue: 60), points: mean),
        ]
        if !theory.isEmpty {
            series.append(
                ChartSeries(name: "theory", color: Color(red: 90, green: 200, blue: 120), points: theory))
        }
        var buffer = CellBuffer(width: width, height: height)
        let name = r.points.first?["knobs"]?.objectPairs?.first?.0 ?? "knob"
        buffer.write("\(title) against \(name)", in: buffer.area.row(0), style: Style())
        // The x axis in the knob's own unit (`2ms`, `25%`), as --vary took it: its values
        // are stored in the knob's base unit (nanoseconds for a time).
        let spec = KnobRegistry.lookup(name)
        let xLabel: @Sendable (Double) -> String = { x in
            spec.map { $0.format(.number(x)) } ?? AxisFormat.compact(x)
        }
        // A geometric grid (`100..10k:9*`) is drawn on a log axis, its points evenly apart.
        let geometric = r.fingerprint["grid"]?.array?.first?.string?.hasSuffix("*") ?? false
        LineChart(
            series: series, xBounds: first...last,
            xScale: geometric && first > 0 ? .logarithmic : .linear,
            xLabel: xLabel, xStep: spec?.axisStep
        ).render(
            into: &buffer, area: Rect(x: 0, y: 1, width: width, height: height - 1))
        guard isatty(1) != 0 else {
            return buffer.lines.map {
                $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
            .joined(separator: "\n")
        }
        // On a terminal, in colour: the band grey, the mean amber, theory green.
        var out: [String] = []
        for y in 0..<buffer.height {
            var line = ""
            var last: Cell?
            for x in 0..<buffer.width {
                let c = buffer[x, y]
                if c.isContinuation { continue }
                if last.map({ $0.foreground != c.foreground || $0.attributes != c.attributes }) ?? true {
                    line += AnsiFrameEncoder.sgr(c)
                }
                line.unicodeScalars.append(c.scalar)
                last = c
            }
            out.append(line + "\u{1B}[0m")
        }
        return out.joined(separator: "\n")
    }
}
