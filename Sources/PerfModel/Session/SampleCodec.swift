/// Writes a ``Sample`` as a session `sample` line and reads it back, exactly.
///
/// This is the one place that knows the fields of a sample line: to record a new field of
/// ``Counters``, add a row to ``counterGroups``; a new gauge goes in ``encode(_:)`` and
/// ``decode(_:)`` side by side. Fields missing from a line read as zero, so older sessions
/// stay readable; fields a reader does not know are ignored.
public enum SampleCodec {
    /// The ``Counters`` fields, grouped as the line groups them.
    static var counterGroups: [(group: String, fields: [(name: String, path: WritableKeyPath<Counters, UInt64>)])] {
        [
            ("requests", [
                ("offered", \.offered), ("succeeded", \.succeeded), ("failed", \.failed),
                ("timed_out", \.timedOut), ("rejected", \.rejected), ("dropped", \.dropped),
                ("retried", \.retried), ("attempt_timeouts", \.attemptTimeouts), ("wasted_jobs", \.wastedJobs),
                ("writes", \.writes), ("behind_written", \.behindWritten),
            ]),
            ("cache", [
                ("l1_hits", \.l1Hits), ("l1_misses", \.l1Misses), ("l2_hits", \.l2Hits), ("l2_misses", \.l2Misses),
                ("coalesced", \.coalesced),
            ]),
            ("rejected_by", [("breaker", \.breakerRejected), ("bulkhead", \.bulkheadRejected)]),
        ]
    }

    /// The `sample` line of `s`. Its `latency` holds the interval's histogram when the
    /// pipeline kept it (``Pipeline/keepsSampleHistograms``); without it percentiles over
    /// a stretch cannot be merged.
    public static func encode(_ s: Sample) -> JSON {
        encode(s, histogram: s.histogram.map(CompactHistogram.init))
    }

    /// The `sample` line of `s` with `histogram` as its latency (a recorded sample keeps
    /// its histogram compact, beside the sample).
    public static func encode(_ s: Sample, histogram: CompactHistogram?) -> JSON {
        var line: [(String, JSON)] = [("type", .string("sample")), ("t", .number(s.t)), ("interval_s", .number(s.interval))]
        for (group, fields) in counterGroups {
            line.append((group, .object(fields.map { ($0.name, int(s.counters[keyPath: $0.path])) })))
        }
        line.append(("latency", histogram.map(encode(histogram:)) ?? .null))
        line.append(("breaker", .string(s.breakerState)))
        line.append(("in_flight", .int(Int64(s.inFlight))))
        line.append(("channel", .object([("depth", .int(Int64(s.channelDepth))),
                                          ("blocked_writers", .int(Int64(s.blockedWriters)))])))
        line.append(("behind_queue", .int(Int64(s.behindQueue))))
        line.append(("backends", .array(s.backends.map { b in
            .object([
                ("requests", int(b.counters.requests)), ("errors", int(b.counters.errors)),
                ("waited", int(b.counters.waited)), ("wait_ns", .number(b.counters.waitTime)),
                ("busy_area", .number(b.counters.busyArea)), ("pool_area", .number(b.counters.poolArea)),
                ("in_flight", .int(Int64(b.inFlight))), ("waiting", .int(Int64(b.waiting))),
                ("down", .bool(b.down)), ("slowdown", .number(b.slowdown)), ("ejected", .bool(b.ejected)),
            ])
        })))
        return .object(line)
    }

    /// A histogram as `count`, `sum_ns`, `min_ns`, `max_ns` and `buckets`: its non-empty
    /// buckets as a flat list `[index, count, gap, count, …]`, each index after the first
    /// written as the gap from the one before.
    public static func encode(histogram h: CompactHistogram) -> JSON {
        guard h.count > 0 else { return .object([("count", .int(0))]) }
        var flat: [JSON] = []
        flat.reserveCapacity(h.buckets.count * 2)
        var last = 0
        for (k, (i, c)) in h.buckets.enumerated() {
            flat.append(.int(Int64(k == 0 ? i : i - last)))
            flat.append(int(c))
            last = i
        }
        return .object([
            ("count", int(h.count)), ("sum_ns", .number(h.sum)), ("min_ns", int(h.minValue)),
            ("max_ns", int(h.maxValue)), ("buckets", .array(flat)),
        ])
    }

    /// Reads a `sample` line back into a ``Sample`` with its full histogram (when the line
    /// has one). Errors name the field.
    public static func decode(_ line: JSON) throws -> Sample {
        let (s, compact) = try decodeCompact(line)
        var full = s
        full.histogram = try compact?.histogram()
        return full
    }

    /// Reads a `sample` line into a ``Sample`` whose latency summary is filled in but whose
    /// ``Sample/histogram`` is left out, and the histogram in compact form.
    public static func decodeCompact(_ line: JSON) throws -> (sample: Sample, histogram: CompactHistogram?) {
        let f = JSONFields(line)
        var c = Counters()
        for (group, fields) in counterGroups {
            for (name, path) in fields { c[keyPath: path] = try f.uint("\(group).\(name)") }
        }
        var histogram: CompactHistogram?
        var summary = LatencySummary()
        if let h = line["latency"], h != .null {
            let compact = try decode(histogram: h, field: "latency")
            histogram = compact
            summary = LatencySummary(try compact.histogram())
        }
        var backends: [BackendSample] = []
        if let bs = line["backends"], bs != .null {
            guard let list = bs.array else { throw InputError(field: "backends", "expected a list") }
            for (k, b) in list.enumerated() {
                let g = JSONFields(b, prefix: "backends[\(k)].")
                var bc = BackendCounters()
                bc.requests = try g.uint("requests")
                bc.errors = try g.uint("errors")
                bc.waited = try g.uint("waited")
                bc.waitTime = try g.double("wait_ns")
                bc.busyArea = try g.double("busy_area")
                bc.poolArea = try g.double("pool_area")
                backends.append(BackendSample(
                    counters: bc, inFlight: try g.int("in_flight"), waiting: try g.int("waiting"),
                    down: try g.bool("down"), slowdown: try g.double("slowdown", default: 1), ejected: try g.bool("ejected")))
            }
        }
        let s = Sample(
            t: try f.double("t"), interval: try f.double("interval_s"), counters: c,
            latency: summary, histogram: nil,
            backends: backends, breakerState: try f.string("breaker", default: "disabled"),
            channelDepth: try f.int("channel.depth"), blockedWriters: try f.int("channel.blocked_writers"),
            inFlight: try f.int("in_flight"), behindQueue: try f.int("behind_queue"))
        return (s, histogram)
    }

    /// Reads a histogram written by ``encode(histogram:)``.
    public static func decode(histogram h: JSON, field: String) throws -> CompactHistogram {
        let f = JSONFields(h, prefix: field + ".")
        let count = try f.uint("count")
        guard count > 0 else { return CompactHistogram() }
        guard let flat = h["buckets"]?.array, flat.count % 2 == 0 else {
            throw InputError(field: field + ".buckets", "expected a list of index and count pairs")
        }
        var pairs: [(index: Int, count: UInt64)] = []
        pairs.reserveCapacity(flat.count / 2)
        var index = 0
        var k = 0
        while k < flat.count {
            guard case .int(let di) = flat[k], case .int(let n) = flat[k + 1], di >= 0, n >= 0 else {
                throw InputError(field: field + ".buckets", "expected whole numbers at position \(k + 1)")
            }
            index = k == 0 ? Int(di) : index + Int(di)
            guard index < LatencyHistogram.length else {
                throw InputError(field: field + ".buckets", "bucket index \(index) is out of range")
            }
            pairs.append((index, UInt64(n)))
            k += 2
        }
        let hist = CompactHistogram(buckets: pairs, sum: try f.double("sum_ns"), min: try f.uint("min_ns"),
                                    max: try f.uint("max_ns"))
        guard hist.count == count else {
            throw InputError(field: field + ".count", "\(count) is not the sum of the bucket counts (\(hist.count))")
        }
        return hist
    }

    static func int(_ x: UInt64) -> JSON { .int(Int64(clamping: x)) }
}
