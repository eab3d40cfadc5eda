/// Writes a ``Sample`` as a session `sample` line and reads it back, exactly.
///
/// This is the one place that knows the fields of a sample line: to record a new field of
/// ``Counters``, add a row to ``Counters/groups``; a new gauge goes in ``encode(_:)`` and
/// ``decode(_:)`` side by side. Fields missing from a line read as zero, so older sessions
/// stay readable; fields a reader does not know are ignored.
public enum SampleCodec {
    /// The `sample` line of `s`. Its `latency` holds the interval's histogram when the
    /// pipeline kept it (``Simulation/keepsSampleHistograms``); without it percentiles over
    /// a stretch cannot be merged.
    public static func encode(_ s: Sample) -> JSON {
        encode(s, histogram: s.histogram.map(CompactHistogram.init))
    }

    /// The `sample` line of `s` with `histogram` as its latency (a recorded sample keeps
    /// its histogram compact, beside the sample).
    public static func encode(_ s: Sample, histogram: CompactHistogram?) -> JSON {
        var line: [(String, JSON)] = [
            ("type", .string("sample")), ("t", .number(s.t)), ("interval_s", .number(s.interval)),
        ]
        line += encode(counters: s.counters)
        line.append(("breaker", .string(s.breakerState)))
        line.append(("in_flight", .int(Int64(s.inFlight))))
        line.append(
            (
                "channel",
                .object([
                    ("depth", .int(Int64(s.channelDepth))),
                    ("blocked_writers", .int(Int64(s.blockedWriters))),
                ])
            ))
        line.append(("behind_queue", .int(Int64(s.behindQueue))))
        line.append(
            (
                "backends",
                .array(
                    s.backends.map(encode(backend:)))
            ))
        if !s.services.isEmpty {
            line.append(("services", .array(s.services.map(encode(service:)))))
        }
        // Last, as ``text(_:)`` relies on: the bulk of the line.
        line.append(("latency", histogram.map(encode(histogram:)) ?? .null))
        return .object(line)
    }

    /// Counters as one object per group of ``Counters/groups``.
    static func encode(counters c: Counters) -> [(String, JSON)] {
        Counters.groups.map { group, fields in
            (group, .object(fields.map { ($0.name, int(c[keyPath: $0.path])) }))
        }
    }

    static func decodeCounters(_ f: JSONFields) throws -> Counters {
        var c = Counters()
        for (group, fields) in Counters.groups {
            for (name, path) in fields { c[keyPath: path] = try f.uint("\(group).\(name)") }
        }
        return c
    }

    static func encode(backend b: BackendSample) -> JSON {
        .object([
            ("requests", int(b.counters.requests)), ("errors", int(b.counters.errors)),
            ("waited", int(b.counters.waited)), ("wait_ns", .number(b.counters.waitTime)),
            ("busy_area", .number(b.counters.busyArea)),
            ("pool_area", .number(b.counters.poolArea)),
            ("in_flight", .int(Int64(b.inFlight))), ("waiting", .int(Int64(b.waiting))),
            ("down", .bool(b.down)), ("slowdown", .number(b.slowdown)),
            ("ejected", .bool(b.ejected)),
        ])
    }

    static func decodeBackends(_ bs: JSON?, prefix: String) throws -> [BackendSample] {
        var backends: [BackendSample] = []
        guard let bs, bs != .null else { return backends }
        guard let list = bs.array else { throw InputError(field: prefix + "backends", "expected a list") }
        for (k, b) in list.enumerated() {
            let g = JSONFields(b, prefix: prefix + "backends[\(k)].")
            var bc = BackendCounters()
            bc.requests = try g.uint("requests")
            bc.errors = try g.uint("errors")
            bc.waited = try g.uint("waited")
            bc.waitTime = try g.double("wait_ns")
            bc.busyArea = try g.double("busy_area")
            bc.poolArea = try g.double("pool_area")
            backends.append(
                BackendSample(
                    counters: bc, inFlight: try g.int("in_flight"), waiting: try g.int("waiting"),
                    down: try g.bool("down"), slowdown: try g.double("slowdown", default: 1),
                    ejected: try g.bool("ejected")))
        }
        return backends
    }

    /// One service of a topology's sample: its counts, latency figures and gauges.
    static func encode(service v: ServiceSample) -> JSON {
        var fields: [(String, JSON)] = [("name", .string(v.name))] + encode(counters: v.counters)
        let l = v.latency
        fields += [
            (
                "latency_ms",
                .object([
                    ("count", int(l.count)), ("mean", .number(l.mean)), ("p50", .number(l.p50)),
                    ("p90", .number(l.p90)),
                    ("p95", .number(l.p95)), ("p99", .number(l.p99)), ("p999", .number(l.p999)),
                    ("max", .number(l.max)),
                ])
            ),
            ("busy_workers", .int(Int64(v.busyWorkers))), ("workers", .int(Int64(v.workers))),
            ("channel_depth", .int(Int64(v.channelDepth))), ("breaker", .string(v.breakerState)),
            ("instances", .int(Int64(v.instances))),
        ]
        if let u = v.intervalUtilization { fields.append(("utilization", .number(u))) }
        if !v.backends.isEmpty { fields.append(("backends", .array(v.backends.map(encode(backend:))))) }
        if !v.calls.isEmpty { fields.append(("calls", .array(v.calls.map(encode(call:))))) }
        return .object(fields)
    }

    static func decode(service j: JSON, index k: Int) throws -> ServiceSample {
        let g = JSONFields(j, prefix: "services[\(k)].")
        let c = try decodeCounters(g)
        var l = LatencySummary()
        l.count = try g.uint("latency_ms.count")
        l.mean = try g.double("latency_ms.mean")
        l.p50 = try g.double("latency_ms.p50")
        l.p90 = try g.double("latency_ms.p90")
        l.p95 = try g.double("latency_ms.p95")
        l.p99 = try g.double("latency_ms.p99")
        l.p999 = try g.double("latency_ms.p999")
        l.max = try g.double("latency_ms.max")
        var utilization: Double? = nil
        if g.value("utilization") != nil {
            let u = try g.double("utilization")
            guard u >= 0, u <= 1 else {
                throw InputError(
                    field: "services[\(k)].utilization",
                    "expected a number from 0 to 1, found \(JSON.number(u).text)")
            }
            utilization = u
        }
        return ServiceSample(
            name: try g.string("name"), counters: c, latency: l, busyWorkers: try g.int("busy_workers"),
            workers: try g.int("workers"), channelDepth: try g.int("channel_depth"),
            breakerState: try g.string("breaker", default: "closed"), instances: try g.int("instances"),
            backends: try decodeBackends(j["backends"], prefix: "services[\(k)]."),
            calls: try decodeCalls(j["calls"], prefix: "services[\(k)]."), intervalUtilization: utilization)
    }

    static func encode(call c: CallSample) -> JSON {
        encode(call: c.to, c.counters, breaker: c.breakerState)
    }

    /// One call target's counts as every summary writes them (a sample, `run --json`,
    /// `report --format json`): `to`, the counts, and the breaker's state when given.
    static func encode(call to: String, _ c: CallCounters, breaker: String?) -> JSON {
        .object(callFields(to, c, breaker: breaker))
    }

    /// The fields of ``encode(call:_:breaker:)``, for a summary that adds its own.
    static func callFields(_ to: String, _ c: CallCounters, breaker: String?) -> [(String, JSON)] {
        [
            ("to", .string(to)), ("attempts", int(c.attempts)), ("errors", int(c.errors)),
            ("timed_out", int(c.timedOut)), ("rejected", int(c.rejected)), ("retried", int(c.retried)),
        ] + (breaker.map { [("breaker", JSON.string($0))] } ?? [])
    }

    /// A service's calls; a session written before they were recorded has none.
    static func decodeCalls(_ cs: JSON?, prefix: String) throws -> [CallSample] {
        guard let cs, cs != .null else { return [] }
        guard let list = cs.array else { throw InputError(field: prefix + "calls", "expected a list") }
        return try list.enumerated().map { k, c in
            let g = JSONFields(c, prefix: prefix + "calls[\(k)].")
            var n = CallCounters()
            n.attempts = try g.uint("attempts")
            n.errors = try g.uint("errors")
            n.timedOut = try g.uint("timed_out")
            n.rejected = try g.uint("rejected")
            n.retried = try g.uint("retried")
            return CallSample(to: try g.string("to"), counters: n, breakerState: try g.string("breaker"))
        }
    }

    /// The text of the `sample` line of `s`, newline included: byte for byte
    /// `encode(s).text + "\n"`, but with the histogram written straight into bytes from
    /// its buckets. A one-second histogram has hundreds to thousands of non-empty buckets,
    /// and building a ``JSON`` value for each made recording cost a third of the
    /// simulation's time; this way it costs a few per cent.
    public static func text(_ s: Sample) -> [UInt8] {
        var buffer: [UInt8] = []
        let n = write(s, into: &buffer)
        return Array(buffer[..<n])
    }

    /// Writes the text of ``text(_:)`` at the start of `buffer`, growing it only when it is
    /// too short, and returns the number of bytes written: a recorder that keeps its buffer
    /// allocates nothing per line in the steady state.
    public static func write(_ s: Sample, into buffer: inout [UInt8]) -> Int {
        var head = JSONBytes.bytes(of: encode(s, histogram: nil))
        head.removeLast(#","latency":null}"#.utf8.count)
        var tail: [UInt8] = []
        if s.histogram == nil || s.histogram!.count == 0 {
            tail = Array(
                ((s.histogram == nil ? #","latency":null}"# : #","latency":{"count":0}}"#) + "\n").utf8)
        }
        let h = s.histogram ?? LatencyHistogram()
        let sum = JSON.format(h.sum)
        // No more non-empty buckets than values or than the span of buckets; each is two
        // numbers of at most 20 digits and two commas.
        let most = h.count == 0 ? 0 : Int(Swift.min(UInt64(h.top - h.bottom + 1), h.count))
        let capacity = head.count + tail.count + sum.utf8.count + 160 + most * 42
        if buffer.count < capacity {
            buffer.append(
                contentsOf: repeatElement(0, count: Swift.max(capacity, 2 * buffer.count) - buffer.count))
        }
        return h.counts.withUnsafeBufferPointer { counts in
            buffer.withUnsafeMutableBufferPointer { out in
                var n = 0
                func put(_ text: String) {
                    var t = text
                    t.withUTF8 { bytes in
                        guard let from = bytes.baseAddress else { return }
                        (out.baseAddress! + n).update(from: from, count: bytes.count)
                        n += bytes.count
                    }
                }
                func put(_ bytes: [UInt8]) {
                    bytes.withUnsafeBufferPointer { b in
                        (out.baseAddress! + n).update(from: b.baseAddress!, count: b.count)
                        n += b.count
                    }
                }
                func put(_ x: UInt64) { n = writeDigits(x, into: out, at: n) }
                put(head)
                guard tail.isEmpty else {
                    put(tail)
                    return n
                }
                put(#","latency":{"count":"#)
                put(h.count)
                put(#","sum_ns":"#)
                put(sum)
                put(#","min_ns":"#)
                put(h.minValue)
                put(#","max_ns":"#)
                put(h.maxValue)
                put(#","buckets":["#)
                // The first bucket's index, then (gap, count) pairs: the scan over the empty
                // buckets between them is most of the work, so it is a bare loop.
                // Blocks of buckets with nothing in them (the histogram counts per block) are skipped whole.
                let base = counts.baseAddress!
                let shift = LatencyHistogram.blockShift
                var last = -1
                h.blocks.withUnsafeBufferPointer { blocks in
                    for block in (h.bottom >> shift)...(h.top >> shift) where blocks[block] != 0 {
                        var i = Swift.max(block << shift, h.bottom)
                        let end = Swift.min(((block &+ 1) << shift) &- 1, h.top)
                        while i <= end {
                            let c = base[i]
                            if c != 0 {
                                if last < 0 {
                                    n = writeDigits(UInt64(i), into: out, at: n)
                                } else {
                                    out[n] = UInt8(ascii: ",")
                                    n = writeDigits(UInt64(i &- last), into: out, at: n &+ 1)
                                }
                                out[n] = UInt8(ascii: ",")
                                n = writeDigits(c, into: out, at: n &+ 1)
                                last = i
                            }
                            i &+= 1
                        }
                    }
                }
                put("]}}\n")
                return n
            }
        }
    }

    /// Writes the decimal digits of `x` (as `String(x)` does) at `out[i...]`; returns the
    /// index after them.
    @inline(__always)
    static func writeDigits(_ x: UInt64, into out: UnsafeMutableBufferPointer<UInt8>, at i: Int) -> Int {
        // Most bucket gaps and counts have one or two digits.
        if x < 10 {
            out[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: x)
            return i + 1
        }
        if x < 100 {
            out[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: x / 10)
            out[i + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: x % 10)
            return i + 2
        }
        var digits = 3
        var power: UInt64 = 1000
        while digits < 20 && x >= power {
            digits += 1
            power = power &* 10
        }
        var v = x
        var k = i + digits - 1
        repeat {
            out[k] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: v % 10)
            v /= 10
            k -= 1
        } while v > 0
        return i + digits
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
        let c = try decodeCounters(f)
        var histogram: CompactHistogram?
        var summary = LatencySummary()
        if let h = line["latency"], h != .null {
            let compact = try decode(histogram: h, field: "latency")
            histogram = compact
            summary = LatencySummary(try compact.histogram())
        }
        let backends = try decodeBackends(line["backends"], prefix: "")
        var services: [ServiceSample] = []
        if let list = line["services"]?.array {
            for (k, v) in list.enumerated() { services.append(try decode(service: v, index: k)) }
        }
        let s = Sample(
            t: try f.seconds("t"), interval: try f.seconds("interval_s"), counters: c,
            latency: summary, histogram: nil,
            backends: backends, breakerState: try f.string("breaker", default: "disabled"),
            channelDepth: try f.int("channel.depth"), blockedWriters: try f.int("channel.blocked_writers"),
            inFlight: try f.int("in_flight"), behindQueue: try f.int("behind_queue"), services: services)
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
        var total: UInt64 = 0
        var k = 0
        while k < flat.count {
            guard case .int(let di) = flat[k], case .int(let n) = flat[k + 1], di >= 0, n >= 0 else {
                throw InputError(field: field + ".buckets", "expected whole numbers at position \(k + 1)")
            }
            let from = k == 0 ? 0 : index
            guard di < LatencyHistogram.length - from else {
                let at = k == 0 ? "\(di)" : "\(from) + \(di)"
                throw InputError(
                    field: field + ".buckets",
                    "bucket index \(at) is out of range (0…\(LatencyHistogram.length - 1))")
            }
            index = from + Int(di)
            let (sum, overflow) = total.addingReportingOverflow(UInt64(n))
            guard !overflow, sum <= SampleCodec.countLimit else {
                throw InputError(field: field + ".buckets", "the bucket counts add up to more than 2^62")
            }
            total = sum
            pairs.append((index, UInt64(n)))
            k += 2
        }
        let hist = CompactHistogram(
            buckets: pairs, sum: try f.double("sum_ns"), min: try f.uint("min_ns"),
            max: try f.uint("max_ns"))
        guard hist.count == count else {
            throw InputError(
                field: field + ".count", "\(count) is not the sum of the bucket counts (\(hist.count))")
        }
        return hist
    }

    static func int(_ x: UInt64) -> JSON { .int(Int64(clamping: x)) }

    /// The most any count of a session may add up to, over all its samples: 2^62, far
    /// beyond what a simulation counts, and low enough that sums of a few such counts
    /// (completed = succeeded + failed + timed out) cannot overflow.
    public static let countLimit: UInt64 = 1 << 62
}
