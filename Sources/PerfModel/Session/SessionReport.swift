import Foundation
import SimKernel

/// What `perflab report` prints about a session over a stretch of time: a text summary, a
/// CSV timeline (one row per sample) or a JSON object.
///
/// Without bounds a run's stretch is its measured span (after the warm-up, up to the end
/// of arrivals; the drain's samples are left out), and a dashboard session's stretch is
/// all of it.
public struct SessionReport {
    public let session: Session
    public let samples: [RecordedSample]
    public let stretch: SessionStretch

    /// The report over `from`…`to` (simulated seconds). Throws when the bounds are reversed
    /// or no sample lies between them.
    public init(_ session: Session, from: Double? = nil, to: Double? = nil) throws {
        self.session = session
        var lo = from
        var hi = to
        if let span = session.measuredSpan {
            lo = lo ?? span.from
            hi = hi ?? span.to
        }
        if let lo, let hi, lo > hi {
            let end = to == nil ? "the end of the measured span," : "--to"
            throw InputError(
                file: to == nil ? session.file : nil, field: "--from",
                "\(SessionFormat.seconds(lo)) s is after \(end) \(SessionFormat.seconds(hi)) s")
        }
        samples = session.samples(from: lo, to: hi)
        if samples.isEmpty, !session.samples.isEmpty, from != nil || to != nil {
            let first = session.samples.first!.sample
            throw InputError(
                file: session.file, field: from != nil ? "--from" : "--to",
                "no sample lies wholly between \(lo.map { SessionFormat.seconds($0) } ?? "the start") and "
                    + "\(hi.map { SessionFormat.seconds($0) } ?? "the end") s; the samples span "
                    + "\(SessionFormat.seconds(first.t - first.interval))…"
                    + "\(SessionFormat.seconds(session.samples.last!.sample.t)) s"
            )
        }
        let t = session.header.topology
        stretch = SessionStretch(samples, entry: t.isSingle ? nil : t.entry)
    }

    /// The knobs whose starting value differs from the scenario's (or from the defaults
    /// when the scenario is not a preset), as `KNOB=VALUE`.
    public var knobsSet: [(name: String, value: String)] {
        let k = session.header.knobs
        let preset =
            session.header.topology == .single ? try? Presets.named(session.header.scenario)?.knobs() : nil
        let base = preset ?? KnobSet(layout: k.layout)
        return k.allNames.filter { k[$0] != base[$0] }.map { ($0, k.formatted($0)) }
    }

    /// Each service's own figures over the stretch (``ServiceTotals``); empty but for a
    /// topology of several.
    public var serviceTotals: [ServiceTotals] {
        guard let first = samples.first?.sample.services else { return [] }
        return first.indices.map { k in
            var c = Counters()
            var busy = 0.0
            var workers = 0.0
            var open = 0.0
            var succeeded: UInt64 = 0
            var timeSum = 0.0
            var worst: Double?
            for r in samples where k < r.sample.services.count {
                let v = r.sample.services[k]
                c = c + v.counters
                // Busy worker seconds over worker seconds (``ServiceSample/utilization``).
                let w = Double(v.workers) * r.sample.interval
                busy += v.utilization * w
                workers += w
                if CircuitBreaker.State.refuses(v.breakerState) { open += r.sample.interval }
                if v.latency.count > 0 {
                    succeeded &+= v.latency.count
                    timeSum += v.latency.mean * Double(v.latency.count)
                    worst = Swift.max(worst ?? 0, v.latency.p99)
                }
            }
            return ServiceTotals(
                name: first[k].name, counters: c, utilization: workers > 0 ? busy / workers : nil,
                breakerOpenSeconds: open, latencyMeanMs: succeeded > 0 ? timeSum / Double(succeeded) : nil,
                worstSampleP99Ms: worst)
        }
    }

    /// Each service's own figures over the stretch, for `compare`: its succeeded visits a
    /// second, its visits that did not succeed, its workers' utilisation, and the time its
    /// succeeded visits spent in it (the mean, and the worst sample's p99).
    public var serviceMetrics: [SessionMetric] {
        let seconds = stretch.seconds
        return serviceTotals.flatMap { v -> [SessionMetric] in
            let c = v.counters
            var m = [
                SessionMetric(
                    "\(v.name).throughput_rps", "\(v.name) throughput",
                    seconds > 0 ? Double(c.succeeded) / seconds : 0,
                    unit: "req/s", better: .higher, digits: 1),
                SessionMetric(
                    "\(v.name).not_succeeded", "\(v.name) not succeeded",
                    Double(c.failed + c.timedOut + c.rejected + c.dropped), better: .lower, digits: 0),
            ]
            if let u = v.utilization {
                m.append(
                    SessionMetric(
                        "\(v.name).utilization", "\(v.name) workers busy", u, better: .neither, digits: 3))
            }
            m.append(
                SessionMetric(
                    "\(v.name).mean_ms", "\(v.name) latency mean", v.latencyMeanMs ?? 0, unit: "ms",
                    better: .lower, missing: v.latencyMeanMs == nil))
            m.append(
                SessionMetric(
                    "\(v.name).p99_worst_sample_ms", "\(v.name) p99 worst sample", v.worstSampleP99Ms ?? 0,
                    unit: "ms", better: .lower, missing: v.worstSampleP99Ms == nil))
            return m
        }
    }

    /// Each service's calls to each callee over the stretch, in the topology's order and
    /// each plan's; empty for a session whose samples do not list calls.
    public var callTotals: [(from: String, to: String, counters: CallCounters)] {
        guard let first = samples.first?.sample.services else { return [] }
        var out: [(from: String, to: String, counters: CallCounters)] = []
        for (k, v) in first.enumerated() {
            for (u, c) in v.calls.enumerated() {
                var total = CallCounters()
                for r in samples where k < r.sample.services.count && u < r.sample.services[k].calls.count {
                    total = total + r.sample.services[k].calls[u].counters
                }
                out.append((v.name, c.to, total))
            }
        }
        return out
    }

    /// The knob changes as `12.5 s load.rate 720 -> 900`.
    public var knobChangeLines: [String] {
        session.knobChanges.map { c in
            let spec = KnobRegistry.lookup(c.name)
            return
                "\(SessionFormat.seconds(Time.seconds(c.at))) s  \(c.name) \(spec?.format(c.old) ?? "") -> "
                + "\(spec?.format(c.new) ?? "")"
        }
    }

    /// `text` right-aligned in `width` columns.
    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// Milliseconds with 3 decimals, or 3 significant digits (up to 6 decimals) below
    /// 0.1 ms, so that cache hits do not all read 0.000.
    static func ms(_ x: Double) -> String {
        guard x > 0, x < 0.1 else { return fixed(x, 3) }
        return fixed(x, Swift.min(6, 2 - Int(Foundation.floor(Foundation.log10(x)))))
    }

    // MARK: text

    /// The text summary.
    public var text: String {
        let h = session.header
        let st = stretch
        var out: [String] = []
        var what = "\(h.source.rawValue)"
        if let d = h.duration {
            what +=
                ", \(SessionFormat.seconds(Time.seconds(d))) s after "
                + "\(SessionFormat.seconds(Time.seconds(h.warmup))) s warm-up"
        }
        out.append(
            "session \(session.file): scenario \(h.scenario), seed \(h.seed), \(what), written by "
                + "\(h.program)"
        )
        if session.endMissing {
            out.append("the end is missing: the session was cut off after \(session.samples.count) samples")
        }
        out.append(
            "stretch \(SessionFormat.seconds(st.from)) … \(SessionFormat.seconds(st.to)) s: "
                + "\(st.sampleCount) samples of \(session.samples.count)"
        )
        // The knobs set, wrapped at 110 columns under one another (a topology sets dozens).
        let set = knobsSet.map { "\($0.name)=\($0.value)" }
        var line = "knobs      " + (set.isEmpty ? "as the scenario" : "")
        for (i, k) in set.enumerated() {
            if i > 0 && line.count + 1 + k.count > 110 {
                out.append(line)
                line = "           " + k
            } else {
                line += (i > 0 ? " " : "") + k
            }
        }
        out.append(line)
        for (i, line) in knobChangeLines.enumerated() {
            out.append((i == 0 ? "changes    " : "           ") + line)
        }
        out.append("")
        let c = st.counters
        out.append(
            "requests   offered \(c.offered)  succeeded \(c.succeeded)  failed \(c.failed)  timed out "
                + "\(c.timedOut)  rejected \(c.rejected)  dropped \(c.dropped)  retried \(c.retried)"
        )
        out.append(
            "throughput \(Self.fixed(st.throughput, 1)) req/s  (offered \(Self.fixed(st.offeredRate, 1)) "
                + "req/s)"
        )
        let l = st.latency
        let ps = l.values(atPercentiles: [50, 90, 95, 99, 99.9]).map { Self.ms(Double($0) / 1e6) }
        if l.count > 0 {
            out.append(
                "latency ms mean \(Self.ms(l.meanMs))  p50 \(ps[0])  p90 \(ps[1])  p95 \(ps[2])  "
                    + "p99 \(ps[3])  p99.9 \(ps[4])  max \(Self.ms(l.maxMs))"
                    + (st.histogramsComplete ? "" : "  (some samples lack histograms)"))
        } else {
            // Zeros would read as the fastest stretch there is.
            out.append(
                "latency ms none: "
                    + (c.succeeded > 0
                        ? "the samples lack histograms" : "no request succeeded in the stretch"))
        }
        out.append(
            "cache      L1 hit ratio \(Self.fixed(c.l1HitRatio, 4))  L2 hit ratio "
                + "\(Self.fixed(c.l2HitRatio, 4))"
        )
        out.append(
            "breaker    "
                + st.breakerSeconds.map { "\($0.state) \(SessionFormat.seconds($0.seconds)) s" }.joined(
                    separator: ", "))
        out.append(
            "in flight  mean \(Self.fixed(st.meanInFlight, 1))  max \(st.maxInFlight)    channel depth mean "
                + "\(Self.fixed(st.meanChannelDepth, 1))  max \(st.maxChannelDepth)"
        )
        let events = eventsInStretch
        if !events.isEmpty {
            out.append("events     \(events.count)")
            for e in events.prefix(20) {
                out.append("           \(SessionFormat.seconds(e.t)) s  \(e.text)")
            }
            if events.count > 20 { out.append("           … and \(events.count - 20) more") }
        }
        let services = serviceTotals
        if !services.isEmpty {
            // A topology: each service's own counts over the stretch.
            out.append("")
            out.append(
                "service       visits  succeeded     failed  timed out   rejected    dropped     wasted"
                    + "  workers busy  breaker open s")
            for v in services {
                let c = v.counters
                out.append(
                    v.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                        + String(
                            format: "%10llu %10llu %10llu %10llu %10llu %10llu %10llu", c.offered,
                            c.succeeded,
                            c.failed, c.timedOut, c.rejected, c.dropped, c.wastedVisits) + "  "
                        + Self.right(v.utilization.map { Self.fixed($0, 4) } ?? "-", 12)
                        + Self.right(Self.fixed(v.breakerOpenSeconds, 1), 16))
            }
            // The time succeeded visits spent in each service, calls included.
            out.append("")
            out.append("service    latency mean ms  p99 worst sample ms")
            for v in services {
                out.append(
                    v.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                        + Self.right(v.latencyMeanMs.map { Self.fixed($0, 3) } ?? "-", 16)
                        + Self.right(v.worstSampleP99Ms.map { Self.fixed($0, 3) } ?? "-", 21))
            }
        }
        let calls = callTotals
        if !calls.isEmpty {
            // Each service's calls to the others, as the caller counted them.
            out.append("")
            out.append("call                   attempts     errors  timed out   rejected    retried")
            for c in calls {
                out.append(
                    "\(c.from) -> \(c.to)".padding(toLength: 20, withPad: " ", startingAt: 0)
                        + String(
                            format: "%11llu %10llu %10llu %10llu %10llu", c.counters.attempts,
                            c.counters.errors,
                            c.counters.timedOut, c.counters.rejected, c.counters.retried))
            }
        }
        if !st.backends.isEmpty {
            out.append("")
            out.append("backend   requests    errors  utilization")
            for (i, b) in st.backends.enumerated() {
                out.append(
                    "db-\(i + 1)".padding(toLength: 8, withPad: " ", startingAt: 0)
                        + String(format: "%10llu  %8llu  %11.4f", b.requests, b.errors, b.utilization))
            }
        }
        return out.joined(separator: "\n")
    }

    var eventsInStretch: [RecordedEvent] {
        session.events.filter { $0.t > stretch.from - 1e-9 && $0.t <= stretch.to + 1e-9 }
    }

    // MARK: csv

    /// The timeline: a header row, then one row per sample of the stretch.
    public var csv: String {
        let backendCount = samples.map(\.sample.backends.count).max() ?? 0
        var head = [
            "t", "interval_s", "throughput_rps", "offered_rps", "offered", "succeeded", "failed", "timed_out",
            "rejected", "dropped", "retried", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms",
            "mean_ms", "l1_hit_ratio", "l2_hit_ratio", "breaker", "in_flight", "channel_depth",
        ]
        for b in 0..<backendCount {
            head += ["db\(b + 1)_requests", "db\(b + 1)_errors", "db\(b + 1)_utilization"]
        }
        // A topology: each service's succeeded visits a second, p99 (ms), and the share of its
        // workers busy at t.
        let services = samples.first?.sample.services.map(\.name) ?? []
        for n in services { head += ["\(n)_throughput_rps", "\(n)_p99_ms", "\(n)_workers_busy"] }
        var rows = [head.joined(separator: ",")]
        let t = session.header.topology
        let entry = t.isSingle ? nil : t.entry
        for r in samples {
            let s = r.sample
            let c = s.counters
            let l = s.latency
            // A second in which nothing succeeded has no latency: empty cells, not zeros that
            // a spreadsheet would draw as the fastest second.
            let latency =
                l.count > 0
                ? ["\(l.p50)", "\(l.p90)", "\(l.p95)", "\(l.p99)", "\(l.p999)", "\(l.max)", "\(l.mean)"]
                : Array(repeating: "", count: 7)
            var row: [String] =
                [
                    "\(s.t)", "\(s.interval)", "\(s.throughput)", "\(s.offeredRate)", "\(c.offered)",
                    "\(c.succeeded)",
                    "\(c.failed)", "\(c.timedOut)", "\(c.rejected)", "\(c.dropped)", "\(c.retried)",
                ] + latency + [
                    "\(c.l1HitRatio)", "\(c.l2HitRatio)", SessionStretch.breakerState(s, entry: entry),
                    "\(s.inFlight)", "\(s.channelDepth)",
                ]
            for b in 0..<backendCount {
                if b < s.backends.count {
                    let bc = s.backends[b].counters
                    row += ["\(bc.requests)", "\(bc.errors)", "\(bc.utilization)"]
                } else {
                    row += ["", "", ""]
                }
            }
            for k in services.indices {
                guard k < s.services.count else {
                    row += ["", "", ""]
                    continue
                }
                let v = s.services[k]
                let rate = s.interval > 0 ? Double(v.counters.succeeded) / s.interval : 0
                row += [
                    "\(rate)", v.latency.count > 0 ? "\(v.latency.p99)" : "",
                    v.workers > 0 ? "\(v.utilization)" : "",
                ]
            }
            rows.append(row.joined(separator: ","))
        }
        return rows.joined(separator: "\n")
    }

    // MARK: json

    /// The report as one JSON object.
    public var json: JSON {
        let h = session.header
        let allCalls = callTotals
        let st = stretch
        let c = st.counters
        let l = st.latency
        let ps = l.values(atPercentiles: [50, 90, 95, 99, 99.9]).map { JSON.number(Double($0) / 1e6) }
        return .object([
            ("file", .string(session.file)), ("scenario", .string(h.scenario)),
            ("seed", .int(Int64(bitPattern: h.seed))),
            ("source", .string(h.source.rawValue)), ("program", .string(h.program)),
            ("end_missing", .bool(session.endMissing)),
            ("from_s", .number(st.from)), ("to_s", .number(st.to)), ("sim_seconds", .number(st.seconds)),
            ("samples", .int(Int64(st.sampleCount))),
            ("knobs_set", .object(knobsSet.map { ($0.name, .string($0.value)) })),
            (
                "knob_changes",
                .array(
                    session.knobChanges.map { k in
                        let spec = KnobRegistry.lookup(k.name)
                        return .object([
                            ("t", .number(Time.seconds(k.at))), ("name", .string(k.name)),
                            ("old", .string(spec?.format(k.old) ?? "")),
                            ("new", .string(spec?.format(k.new) ?? "")),
                        ])
                    })
            ),
            (
                "requests",
                .object([
                    ("offered", SampleCodec.int(c.offered)), ("completed", SampleCodec.int(c.completed)),
                    ("succeeded", SampleCodec.int(c.succeeded)), ("failed", SampleCodec.int(c.failed)),
                    ("rejected", SampleCodec.int(c.rejected)), ("dropped", SampleCodec.int(c.dropped)),
                    ("timed_out", SampleCodec.int(c.timedOut)), ("retried", SampleCodec.int(c.retried)),
                ])
            ),
            ("throughput_rps", .number(st.throughput)), ("offered_rps", .number(st.offeredRate)),
            (
                "latency_ms",
                .object([
                    ("mean", .number(l.meanMs)), ("p50", ps[0]), ("p90", ps[1]), ("p95", ps[2]),
                    ("p99", ps[3]),
                    ("p999", ps[4]), ("max", .number(l.maxMs)), ("count", SampleCodec.int(l.count)),
                ])
            ),
            (
                "cache",
                .object([
                    (
                        "l1",
                        .object([
                            ("hits", SampleCodec.int(c.l1Hits)), ("misses", SampleCodec.int(c.l1Misses)),
                            ("hit_ratio", .number(c.l1HitRatio)),
                        ])
                    ),
                    (
                        "l2",
                        .object([
                            ("hits", SampleCodec.int(c.l2Hits)), ("misses", SampleCodec.int(c.l2Misses)),
                            ("hit_ratio", .number(c.l2HitRatio)),
                        ])
                    ),
                ])
            ),
            (
                "breaker",
                .object([("seconds", .object(st.breakerSeconds.map { ($0.state, .number($0.seconds)) }))])
            ),
            (
                "in_flight",
                .object([("mean", .number(st.meanInFlight)), ("max", .int(Int64(st.maxInFlight)))])
            ),
            (
                "channel",
                .object([
                    ("mean_depth", .number(st.meanChannelDepth)),
                    ("max_depth", .int(Int64(st.maxChannelDepth))),
                ])
            ),
            (
                "backends",
                .array(
                    st.backends.enumerated().map { i, b in
                        .object([
                            ("name", .string("db-\(i + 1)")), ("requests", SampleCodec.int(b.requests)),
                            ("errors", SampleCodec.int(b.errors)), ("utilization", .number(b.utilization)),
                        ])
                    })
            ),
            (
                "services",
                .array(
                    serviceTotals.map { v in
                        let c = v.counters
                        let calls = allCalls.filter { $0.from == v.name }.map {
                            SampleCodec.encode(call: $0.to, $0.counters, breaker: nil)
                        }
                        return .object([
                            ("name", .string(v.name)),
                            (
                                "requests",
                                .object([
                                    ("offered", SampleCodec.int(c.offered)),
                                    ("succeeded", SampleCodec.int(c.succeeded)),
                                    ("failed", SampleCodec.int(c.failed)),
                                    ("timed_out", SampleCodec.int(c.timedOut)),
                                    ("rejected", SampleCodec.int(c.rejected)),
                                    ("dropped", SampleCodec.int(c.dropped)),
                                    ("retried", SampleCodec.int(c.retried)),
                                    ("wasted", SampleCodec.int(c.wastedVisits)),
                                ])
                            ),
                            ("utilization", v.utilization.map { .number($0) } ?? .null),
                            ("breaker_open_s", .number(v.breakerOpenSeconds)),
                            ("latency_mean_ms", v.latencyMeanMs.map { .number($0) } ?? .null),
                            ("p99_worst_sample_ms", v.worstSampleP99Ms.map { .number($0) } ?? .null),
                            ("calls", .array(calls)),
                        ])
                    })
            ),
            (
                "events",
                .array(
                    eventsInStretch.map { e in
                        .object([
                            ("t", .number(e.t)), ("kind", .string(e.kind)), ("detail", .string(e.detail)),
                            ("service", e.service.map { .string($0) } ?? .null),
                            ("subject", e.subject.map { .string($0) } ?? .null),
                        ])
                    })
            ),
        ])
    }
}

/// A service's own figures over a stretch of a session.
public struct ServiceTotals: Sendable {
    public var name: String
    /// Its visits and their outcomes, and its stage counts.
    public var counters: Counters
    /// Its workers' utilisation: busy worker seconds over worker seconds (nil with none).
    public var utilization: Double?
    /// Seconds one of its breakers was open.
    public var breakerOpenSeconds: Double
    /// The mean time its succeeded visits spent in it (exact: each sample's mean weighted
    /// by its count), nil when none succeeded.
    public var latencyMeanMs: Double?
    /// The highest of its samples' p99. A session keeps a service's percentiles per sample,
    /// not its histogram, so its p99 over a stretch is not known; the worst sample's is.
    public var worstSampleP99Ms: Double?
}
