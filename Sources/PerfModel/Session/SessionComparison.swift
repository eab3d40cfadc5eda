import Foundation
import SimKernel

/// Two sessions side by side: the knobs that differ (starting values and changes), then
/// each headline figure of A and B with the change from A to B.
///
/// Each side is summarised over its default stretch (see ``SessionReport``), or both over
/// the same `from`…`to`: the minutes of a retry storm in a run with retries and in one
/// without.
public struct SessionComparison {
    public let a: SessionReport
    public let b: SessionReport

    /// The two sessions over `from`…`to` (simulated seconds; each side's default stretch
    /// where not given). Throws when the bounds are reversed or a side has no sample
    /// between them, naming that side's file.
    public init(a: Session, b: Session, from: Double? = nil, to: Double? = nil) throws {
        self.a = try SessionReport(a, from: from, to: to)
        self.b = try SessionReport(b, from: from, to: to)
    }

    /// Starting values that differ, with the scenario and seed first, as (name, A, B).
    public var startDifferences: [(name: String, a: String, b: String)] {
        let ha = a.session.header
        let hb = b.session.header
        var out: [(String, String, String)] = []
        if ha.scenario != hb.scenario { out.append(("scenario", ha.scenario, hb.scenario)) }
        if ha.seed != hb.seed { out.append(("seed", "\(ha.seed)", "\(hb.seed)")) }
        let span = { (h: SessionHeader) in
            h.duration.map { SessionFormat.seconds(Time.seconds($0)) + " s" } ?? h.source.rawValue
        }
        if span(ha) != span(hb) { out.append(("duration", span(ha), span(hb))) }
        if ha.warmup != hb.warmup {
            out.append(
                (
                    "warm-up", SessionFormat.seconds(Time.seconds(ha.warmup)) + " s",
                    SessionFormat.seconds(Time.seconds(hb.warmup)) + " s"
                ))
        }
        if ha.topology != hb.topology {
            // Up to six services by name; a larger graph by its ends and its size (a
            // 300-service chain had made a line of 1,800 characters).
            let shape = { (t: Topology) -> String in
                if t == .single { return "one service" }
                let names = t.services.map(\.name)
                guard names.count > 6 else { return names.joined(separator: ",") }
                return names.prefix(3).joined(separator: ",") + ",…," + names.last!
                    + " (\(names.count) services)"
            }
            let (sa, sb) = (shape(ha.topology), shape(hb.topology))
            out.append(("topology", sa, sa == sb ? sb + " (other calls)" : sb))
        }
        // Every knob both have, by its full name (`pricing.db.service`): the client's, then
        // each service's in the order of A's topology.
        let inB = Set(hb.knobs.allNames)
        for name in ha.knobs.allNames where inB.contains(name) && ha.knobs[name] != hb.knobs[name] {
            out.append((name, ha.knobs.formatted(name), hb.knobs.formatted(name)))
        }
        return out
    }

    /// One figure of both sides with the change from A to B.
    public struct Row: Sendable {
        public var a: SessionMetric
        public var b: SessionMetric
        public var change: Double { b.value - a.value }
        /// The change as a percentage of A, or nil when A is 0.
        public var percent: Double? { a.value == 0 ? nil : change / abs(a.value) * 100 }
        /// Whether B is better than A (nil when equal or when neither way is better).
        public var improved: Bool? {
            guard change != 0, !a.isMissing, !b.isMissing else { return nil }
            switch a.better {
            case .higher: return change > 0
            case .lower: return change < 0
            case .neither: return nil
            }
        }
    }

    /// The headline figures, then, when both sessions have the same services, each
    /// service's own.
    public var rows: [Row] {
        let (sa, sb) = (a.serviceMetrics, b.serviceMetrics)
        return zip(a.stretch.headline, b.stretch.headline).map { Row(a: $0, b: $1) }
            + (sa.map(\.key) == sb.map(\.key) ? zip(sa, sb).map { Row(a: $0, b: $1) } : [])
    }

    /// The comparison as text; `color` paints each change green when better, red when worse
    /// (ANSI escapes: only for a terminal, and not when NO_COLOR is set).
    public func text(color: Bool) -> String {
        var out: [String] = []
        for (tag, r) in [("A", a), ("B", b)] {
            let h = r.session.header
            out.append(
                "\(tag)  \(r.session.file): scenario \(h.scenario), seed \(h.seed), "
                    + "\(SessionFormat.seconds(r.stretch.from))…\(SessionFormat.seconds(r.stretch.to)) s, "
                    + "\(r.stretch.sampleCount) samples"
                    + (r.session.endMissing ? " (the end is missing)" : ""))
        }
        out.append("")
        let diffs = startDifferences
        if diffs.isEmpty {
            out.append("same starting knobs")
        } else {
            out.append(Self.table([["knob", "A", "B"]] + diffs.map { [$0.name, $0.a, $0.b] }))
        }
        let ca = a.knobChangeLines
        let cb = b.knobChangeLines
        if ca == cb {
            out.append(ca.isEmpty ? "no knob changes" : "same knob changes: " + ca.joined(separator: "; "))
        } else {
            out.append("knob changes A: " + (ca.isEmpty ? "none" : ca.joined(separator: "; ")))
            out.append("knob changes B: " + (cb.isEmpty ? "none" : cb.joined(separator: "; ")))
        }
        out.append("")
        var table: [[String]] = [["metric", "A", "B", "change", ""]]
        var paint: [Bool?] = [nil]
        for r in rows {
            let d = r.a.digits
            let unit = r.a.unit.isEmpty || r.a.unit == "%" ? r.a.unit : " " + r.a.unit
            let pct =
                r.percent.map { String(format: "%@%.1f%%", r.change > 0 ? "+" : "", $0) }
                ?? (r.change == 0 ? "" : "new")
            let f = { (x: Double) in
                r.a.unit == "ms" ? SessionReport.ms(Swift.abs(x)) : SessionReport.fixed(Swift.abs(x), d)
            }
            let minus = { (x: Double) in x < 0 ? "-" : "" }
            let cell = { (m: SessionMetric) in m.isMissing ? "none" : minus(m.value) + f(m.value) + unit }
            if r.a.isMissing || r.b.isMissing {
                // A side on which nothing succeeded has no latency: nothing to subtract.
                table.append([
                    r.a.label, cell(r.a), cell(r.b), r.a.isMissing && r.b.isMissing ? "=" : "n/a", "",
                ])
            } else {
                table.append([
                    r.a.label, cell(r.a), cell(r.b),
                    r.change == 0 ? "=" : (r.change > 0 ? "+" : "-") + f(r.change),
                    r.change == 0 ? "" : "(\(pct))",
                ])
            }
            paint.append(r.improved)
        }
        let lines = Self.table(table, right: [1, 2, 3]).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        for (line, good) in zip(lines, paint) {
            guard color, let good else { out.append(line); continue }
            // Colour from the change column to the end of the line.
            let cut = Self.columnStart(table, column: 3)
            let head = String(line.prefix(cut))
            let tail = String(line.dropFirst(cut))
            out.append(head + (good ? "\u{1B}[32m" : "\u{1B}[31m") + tail + "\u{1B}[0m")
        }
        return out.joined(separator: "\n")
    }

    static func widths(_ rows: [[String]]) -> [Int] {
        var w = [Int](repeating: 0, count: rows.map(\.count).max() ?? 0)
        for r in rows { for (i, c) in r.enumerated() { w[i] = max(w[i], c.count) } }
        return w
    }

    static func columnStart(_ rows: [[String]], column: Int) -> Int {
        widths(rows).prefix(column).reduce(0) { $0 + $1 + 2 }
    }

    /// Columns padded to their widest cell, two spaces apart, the `right` ones right-aligned.
    static func table(_ rows: [[String]], right: Set<Int> = []) -> String {
        let w = widths(rows)
        return rows.map { r in
            r.enumerated().map { i, c in
                let pad = String(repeating: " ", count: w[i] - c.count)
                return right.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }
}
