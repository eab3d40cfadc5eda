import Foundation
import SimKernel

/// A sweep's results as JSON (the form shards are merged in), CSV and a text table.
public struct SweepReport: Sendable {
    /// The sweep's identity (``Sweep/fingerprint``).
    public var fingerprint: JSON
    /// `I/N` of the shard these points came from, `1/1` for a whole sweep.
    public var shard: String
    /// Each point as JSON: index, knobs, metrics (mean and ci95), theory, services.
    public var points: [JSON]
    /// Set when the sweep was stopped (Ctrl-C, SIGTERM) before every point of its share had
    /// run: the points that had (`done`, all of them in `points`) of the `planned`. Such a
    /// result is shown, but not merged.
    public var interrupted: (done: Int, planned: Int)?

    /// The whole grid's points and the replications of each, from the fingerprint (a file
    /// is refused on reading unless both are whole numbers within the sweep's limits).
    var gridPoints: Int { Self.whole(fingerprint["grid_points"]) }
    var replications: Int { Self.whole(fingerprint["replications"]) }
    static func whole(_ j: JSON?) -> Int { if case .int(let i)? = j { Int(i) } else { 0 } }

    public init(sweep: Sweep, points: [SweepPoint], shard: String = "1/1") {
        fingerprint = sweep.fingerprint
        self.shard = shard
        self.points = points.map { Self.json($0, sweep: sweep) }
    }

    /// The mean and 95% interval of a figure over the replications that have it (`xs`, of
    /// `runs`); `n` says how many when some had none (a latency when nothing succeeded):
    /// with `n` 0 the mean and interval are 0 and mean nothing.
    static func stat(_ xs: [Double], of runs: Int) -> JSON {
        let (m, lo, hi) = StudentT.interval(xs)
        return .object(
            [
                ("mean", .number(RunSummary.round4(m))),
                ("ci95", .array([.number(RunSummary.round4(lo)), .number(RunSummary.round4(hi))])),
            ] + (xs.count < runs ? [("n", .int(Int64(xs.count)))] : []))
    }

    static func json(_ p: SweepPoint, sweep: Sweep) -> JSON {
        var knobs: [(String, JSON)] = []
        for (name, v) in p.knobs {
            knobs.append((name, .string(KnobRegistry.lookup(name)?.format(v) ?? "\(v)")))
        }
        var exact: [(String, JSON)] = []
        for (name, v) in p.knobs { if case .number(let x) = v { exact.append((name, .number(x))) } }
        var fields: [(String, JSON)] = [
            ("index", .int(Int64(p.index))), ("knobs", .object(knobs)), ("knobs_exact", .object(exact)),
            (
                "metrics",
                .object(
                    RunMetrics.names.map { n in
                        (n, stat(p.runs.compactMap { $0.values[n] }, of: p.runs.count))
                    })
            ),
        ]
        if let t = p.theory {
            fields.append(
                (
                    "theory",
                    .object(
                        ["mean_ms", "p50_ms", "p99_ms"].compactMap { n in
                            t[n].map { (n, .number(RunSummary.round4($0))) }
                        })
                ))
        }
        if let first = p.runs.first, !first.services.isEmpty {
            fields.append(
                (
                    "services",
                    .object(
                        first.services.indices.map { k in
                            (
                                first.services[k].name,
                                .object([
                                    (
                                        "p99_ms",
                                        stat(p.runs.compactMap { $0.services[k].p99 }, of: p.runs.count)
                                    ),
                                    (
                                        "utilization",
                                        stat(p.runs.map { $0.services[k].utilization }, of: p.runs.count)
                                    ),
                                ])
                            )
                        })
                ))
        }
        return .object(fields)
    }

    /// The `--format json` document.
    public var json: JSON {
        var f = fingerprint.objectPairs ?? []
        f.append(("shard", .string(shard)))
        if let interrupted {
            f.append(
                (
                    "interrupted",
                    .object([
                        ("points_done", .int(Int64(interrupted.done))),
                        ("points_planned", .int(Int64(interrupted.planned))),
                    ])
                ))
        }
        f.append(("points", .array(points)))
        return .object(f)
    }

    /// Reads a document written by ``json`` (a shard), naming `file` in errors.
    public init(json j: JSON, file: String) throws {
        guard let pairs = j.objectPairs, let shard = j["shard"]?.string, let points = j["points"]?.array
        else {
            throw InputError(file: file, "not a perflab sweep result (expected scenario, shard and points)")
        }
        self.shard = shard
        self.points = points
        fingerprint = .object(pairs.filter { !["shard", "points", "interrupted"].contains($0.0) })
        if let i = j["interrupted"] {
            guard case .int(let done) = i["points_done"], case .int(let planned) = i["points_planned"],
                done >= 0, done <= planned
            else {
                throw InputError(
                    file: file, field: "interrupted",
                    "expected points_done and points_planned (whole numbers)")
            }
            interrupted = (Int(done), Int(planned))
        }
        try validate(file: file)
    }

    /// Checks that every point is whole, as ``json(_:sweep:)`` writes it: the text, CSV and
    /// plot read these fields without asking again. A point edited by hand or cut short is
    /// refused with its path (`points[3].metrics.p99_ms.ci95`).
    func validate(file: String) throws {
        func fail(_ field: String, _ message: String) -> InputError {
            InputError(file: file, field: field, message)
        }
        guard let vary = fingerprint["vary"]?.array?.compactMap(\.string),
            vary.count == fingerprint["vary"]?.array?.count
        else { throw fail("vary", "expected the list of varied knobs") }
        guard case .int(let total) = fingerprint["grid_points"], total >= 0, total <= Sweep.maxPoints else {
            throw fail(
                "grid_points", "expected the number of points of the grid (at most \(Sweep.maxPoints))")
        }
        let range = Sweep.replicationRange
        guard case .int(let reps) = fingerprint["replications"], range.contains(Int(reps)) else {
            throw fail(
                "replications", "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        func stat(_ v: JSON?, _ field: String) throws {
            guard let v else { throw fail(field, "missing") }
            guard v["mean"]?.double != nil else { throw fail(field + ".mean", "expected a number") }
            guard let ci = v["ci95"]?.array, ci.count == 2, ci.allSatisfy({ $0.double != nil }) else {
                throw fail(field + ".ci95", "expected [low, high]")
            }
            if let n = v["n"] {
                guard case .int(let k) = n, k >= 0, k <= reps else {
                    throw fail(field + ".n", "expected how many replications had the figure")
                }
            }
        }
        var seen = Set<Int64>()
        var serviceNames: [String]?
        for (k, p) in points.enumerated() {
            let at = "points[\(k)]"
            guard p.objectPairs != nil else { throw fail(at, "expected a point (an object)") }
            guard case .int(let i) = p["index"], i >= 0, i < total else {
                throw fail(at + ".index", "expected a whole number from 0 to \(total - 1)")
            }
            guard seen.insert(i).inserted else { throw fail(at + ".index", "point \(i) is listed twice") }
            let knobs = p["knobs"]?.objectPairs ?? []
            guard knobs.map(\.0) == vary, knobs.allSatisfy({ $0.1.string != nil }) else {
                throw fail(at + ".knobs", "expected the values of \(vary.joined(separator: ", ")) as text")
            }
            for m in RunMetrics.names { try stat(p["metrics"]?[m], at + ".metrics." + m) }
            if let t = p["theory"] {
                guard let pairs = t.objectPairs, pairs.allSatisfy({ $0.1.double != nil }) else {
                    throw fail(at + ".theory", "expected numbers")
                }
            }
            let services = p["services"]?.objectPairs ?? []
            for (name, v) in services {
                for f in SweepMetric.serviceFigures { try stat(v[f], at + ".services.\(name).\(f)") }
            }
            let names = services.map(\.0)
            if let serviceNames, serviceNames != names {
                throw fail(at + ".services", "lists other services than points[0]")
            }
            serviceNames = names
        }
    }

    /// Reads a shard's text as ``sweep --format json`` wrote it, naming `file` and the line
    /// of a JSON mistake in errors.
    public init(text: String, file: String) throws {
        let json: JSON
        do { json = try JSON.parse(text) } catch let e as JSON.ParseError {
            let line = 1 + text.utf8.prefix(e.offset).lazy.filter { $0 == UInt8(ascii: "\n") }.count
            throw InputError(file: file, line: line, "not JSON: \(e.message)")
        }
        try self.init(json: json, file: file)
    }

    /// Joins shards into the result of the whole sweep: same sweep, shards 1…N of one N,
    /// each once, every point present.
    public static func merge(_ parts: [(file: String, report: SweepReport)]) throws -> SweepReport {
        guard let first = parts.first else { throw InputError(field: "merge", "no shard files given") }
        var seen: [Int: String] = [:]
        var n: Int?
        let services = first.report.serviceNames
        for (file, r) in parts {
            if let i = r.interrupted {
                throw InputError(
                    file: file, field: "interrupted",
                    "this shard was stopped after \(i.done) of its \(i.planned) points; "
                        + "run it again to merge it"
                )
            }
            guard r.fingerprint == first.report.fingerprint else {
                throw InputError(
                    file: file, field: "shard",
                    "comes from another sweep than \(first.file) (its scenario, seed, grid or settings "
                        + "differ)"
                )
            }
            guard let part = Sweep.shard(parsing: r.shard) else {
                throw InputError(
                    file: file, field: "shard",
                    "\"\(r.shard)\" is not I/N with 1 ≤ I ≤ N ≤ \(Sweep.maxPoints)")
            }
            if let n, n != part.of {
                throw InputError(
                    file: file, field: "shard", "is a share of \(part.of), \(first.file) of \(n)")
            }
            n = part.of
            if let other = seen[part.index] {
                throw InputError(file: file, field: "shard", "shard \(r.shard) is also in \(other)")
            }
            seen[part.index] = file
            // Its points are its share's (each once: the reader saw to that), with the same
            // services as the first file's.
            for (k, p) in r.points.enumerated() {
                guard case .int(let x) = p["index"],
                    Sweep.shard(ofPoint: Int(x), shards: part.of) == part.index
                else {
                    throw InputError(
                        file: file, field: "points[\(k)].index", "is not a point of shard \(r.shard)")
                }
                guard (p["services"]?.objectPairs ?? []).map(\.0) == services else {
                    throw InputError(
                        file: file, field: "points[\(k)].services", "lists other services than \(first.file)")
                }
            }
            // Points i with i % N = I - 1, i < the grid's size.
            let share = (first.report.gridPoints - part.index + part.of) / part.of
            guard r.points.count == share else {
                let held = r.points.count == 1 ? "1 point" : "\(r.points.count) points"
                throw InputError(
                    file: file, field: "points", "holds \(held) where shard \(r.shard) has \(share)")
            }
        }
        var all = parts.flatMap(\.report.points)
        all.sort { ($0["index"]?.double ?? 0) < ($1["index"]?.double ?? 0) }
        // Every file holds all of its shard's points: the shards not given are all that lacks.
        let missing = (1...(n ?? 1)).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            let held = "the files given hold \(all.count) of the sweep's \(first.report.gridPoints) points"
            let listed = missing.prefix(10).map(String.init).joined(separator: ", ")
            let more = missing.count > 10 ? " and \(missing.count - 10) more" : ""
            let which =
                missing.count == 1
                ? "shard \(listed) of \(n ?? 1) is" : "shards \(listed)\(more) of \(n ?? 1) are"
            throw InputError(field: "merge", "\(which) missing: \(held)")
        }
        var merged = first.report
        merged.shard = "1/1"
        merged.points = all
        return merged
    }

    // MARK: text and CSV

    func knobText(_ point: JSON) -> [String] {
        (point["knobs"]?.objectPairs ?? []).map { $0.1.string ?? "" }
    }

    /// The services whose figures each point keeps (a topology's; none for one service).
    public var serviceNames: [String] { (points.first?["services"]?.objectPairs ?? []).map(\.0) }

    /// CSV: one row per point; each metric's mean and interval.
    public var csv: String {
        var header = (points.first?["knobs"]?.objectPairs ?? []).map(\.0)
        for m in RunMetrics.names { header += [m, m + "_lo", m + "_hi"] }
        header += ["theory_mean_ms", "theory_p50_ms", "theory_p99_ms"]
        for s in serviceNames { header += SweepMetric.serviceFigures.map { s + "." + $0 } }
        var rows = [header.joined(separator: ",")]
        for p in points {
            var r = knobText(p)
            for m in RunMetrics.names {
                let v = p["metrics"]?[m]
                let ci = v?["ci95"]?.array ?? []
                // No replication had it (a latency when nothing succeeded): empty cells.
                r +=
                    Self.isMissing(v)
                    ? ["", "", ""]
                    : [v?["mean"], ci.first, ci.count == 2 ? ci[1] : nil].map { $0?.text ?? "" }
            }
            r += ["mean_ms", "p50_ms", "p99_ms"].map { p["theory"]?[$0]?.text ?? "" }
            for s in serviceNames {
                let p99 = p["services"]?[s]?["p99_ms"]
                r += [
                    Self.isMissing(p99) ? "" : p99?["mean"]?.text ?? "",
                    p["services"]?[s]?["utilization"]?["mean"]?.text ?? "",
                ]
            }
            rows.append(r.joined(separator: ","))
        }
        return rows.joined(separator: "\n")
    }

    /// Rows as aligned text: the first `left` columns to the left, the rest to the right.
    static func table(_ rows: [[String]], left: Int) -> [String] {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { r in
            r.enumerated().map { c, s in
                c < left
                    ? s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - s.count) + s
            }.joined(separator: "  ")
        }
    }

    /// Whether no replication had the figure `v` (``stat(_:of:)``'s `n` of 0: a latency
    /// when nothing succeeded), so that its mean means nothing.
    public static func isMissing(_ v: JSON?) -> Bool { v?["n"]?.double == 0 }

    /// `mean ±half`, `-` when no replication had the figure, and `(n=K)` after it when only
    /// K of them did.
    static func pm(_ v: JSON?, _ digits: Int = 2) -> String {
        guard let m = v?["mean"]?.double, !isMissing(v) else { return "-" }
        let ci = v?["ci95"]?.array ?? []
        let lo = ci.count == 2 ? ci[0].double ?? m : m
        let hi = ci.count == 2 ? ci[1].double ?? m : m
        let half = (hi - lo) / 2
        var some = ""
        if case .int(let k)? = v?["n"] { some = " (n=\(k))" }
        return
            (half > 0
            ? String(format: "%.\(digits)f ±%.\(digits)f", m, half) : String(format: "%.\(digits)f", m))
            + some
    }

    /// The widest a table of services' columns grows before the next services go into a
    /// table of their own (a topology of 30 services made one line of 600 characters).
    static let serviceTableWidth = 120

    /// A table: the knob values, then throughput, mean, p50, p99 and error share with their
    /// 95% intervals, and theory's mean and p99 where it has them.
    public var text: String {
        let names = (points.first?["knobs"]?.objectPairs ?? []).map(\.0)
        let theory = points.contains { $0["theory"] != nil }
        var rows: [[String]] = [
            names + ["ok/s", "mean ms", "p50 ms", "p99 ms", "errors"]
                + (theory ? ["theory mean", "theory p99"] : [])
        ]
        for p in points {
            let m = p["metrics"]
            var r = knobText(p)
            r += [
                Self.pm(m?["throughput_rps"], 1), Self.pm(m?["mean_ms"], 3), Self.pm(m?["p50_ms"], 3),
                Self.pm(m?["p99_ms"], 3),
                Self.pm(m?["error_ratio"], 4),
            ]
            if theory {
                r += [
                    p["theory"]?["mean_ms"]?.double.map { String(format: "%.3f", $0) } ?? "-",
                    p["theory"]?["p99_ms"]?.double.map { String(format: "%.3f", $0) } ?? "-",
                ]
            }
            rows.append(r)
        }
        let reps = replications
        var out = [
            "sweep of \(fingerprint["scenario"]?.string ?? "?"), \(reps) replication\(reps == 1 ? "" : "s") "
                + "per point, mean ±95% interval (Student's t)"
        ]
        out += Self.table(rows, left: names.count)
        // A topology: each service's p99 (ms) and its workers' utilisation at each point,
        // to see which one saturates first; as many services a table as fit in
        // `serviceTableWidth` columns, the knobs' columns repeated in each.
        let services = serviceNames
        // Each service's column (its header, then a cell a point), made once; then as many
        // columns a table as fit, by their widths and `table`'s two-space gaps.
        let knobRows = [names] + points.map(knobText)
        let columns = services.map { name in
            ["\(name) p99 ms / util"]
                + points.map { p in
                    let v = p["services"]?[name]
                    let u = v?["utilization"]?["mean"]?.double.map { String(format: "%.2f", $0) } ?? "-"
                    return "\(Self.pm(v?["p99_ms"], 2)) / \(u)"
                }
        }
        let knobWidth =
            names.indices.map { c in knobRows.map { $0[c].count }.max() ?? 0 }.reduce(0, +)
            + 2 * (names.count - 1)
        var start = 0
        while start < columns.count {
            var end = start
            var width = knobWidth
            while end < columns.count {
                let w = 2 + (columns[end].map(\.count).max() ?? 0)
                guard end == start || width + w <= Self.serviceTableWidth else { break }
                width += w
                end += 1
            }
            let rows = knobRows.indices.map { i in knobRows[i] + columns[start..<end].map { $0[i] } }
            out.append("")
            out += Self.table(rows, left: names.count)
            start = end
        }
        if let i = interrupted {
            out.append("")
            out.append(
                "interrupted: \(i.done) of \(i.planned) points ran to the end; the others did not run")
        }
        return out.joined(separator: "\n")
    }
}
