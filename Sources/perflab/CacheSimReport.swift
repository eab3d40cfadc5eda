import CachePolicies
import PerfModel

/// What `perflab cachesim` prints: a text table, or the JSON object of docs/interface.md.
struct CacheSimReport {
    let trace: String
    let requests: Int
    let distinctKeys: Int
    let results: [SimulationResult]
    /// Stopped by a signal: the runs that ran to the end, of those planned.
    var interrupted: (done: Int, planned: Int)?

    /// `{ "trace", "requests", "distinct_keys", "results": [ { "policy", "size", "hits",
    /// "misses", "miss_ratio", "wall_seconds", "requests_per_second" } ] }`.
    func json() -> String {
        JSON.object(
            [
                ("trace", .string(trace)), ("requests", .int(Int64(requests))),
                ("distinct_keys", .int(Int64(distinctKeys))),
                (
                    "results",
                    .array(
                        results.map { r in
                            .object([
                                ("policy", .string(r.policy.rawValue)), ("size", .int(Int64(r.size))),
                                ("hits", .int(Int64(r.hits))), ("misses", .int(Int64(r.misses))),
                                ("miss_ratio", .number(r.missRatio)),
                                ("wall_seconds", .number(r.wallSeconds)),
                                ("requests_per_second", .number(r.requestsPerSecond)),
                            ])
                        })
                ),
            ]
                + (interrupted.map { i in
                    [
                        (
                            "interrupted",
                            JSON.object([
                                ("runs_done", .int(Int64(i.done))), ("runs_planned", .int(Int64(i.planned))),
                            ])
                        )
                    ]
                } ?? [])
        ).pretty()
    }

    func table() -> String {
        var out = "trace \(trace): \(requests) requests, \(distinctKeys) distinct keys\n\n"
        let header = ["policy", "size", "hits", "misses", "miss ratio", "wall s", "requests/s"]
        var rows: [[String]] = [header]
        for r in results {
            rows.append([
                r.policy.rawValue, String(r.size), String(r.hits), String(r.misses),
                fixed(r.missRatio, 4), fixed(r.wallSeconds, 3), grouped(Int(r.requestsPerSecond.rounded())),
            ])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        for (n, row) in rows.enumerated() {
            var line = ""
            for (i, c) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - c.count)
                line += i == 0 ? c + pad : "  " + pad + c
            }
            out += line + "\n"
            if n == 0 {
                out +=
                    widths.enumerated().map { String(repeating: "-", count: $1) }.joined(separator: "  ")
                    + "\n"
            }
        }
        if let i = interrupted {
            out += "interrupted: \(i.done) of \(i.planned) runs ran to the end; the others did not run\n"
        }
        return out
    }
}

/// `x` with exactly `digits` decimals.
func fixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let n = Int((abs(x) * scale).rounded())
    let whole = n / Int(scale)
    var frac = String(n % Int(scale))
    frac = String(repeating: "0", count: digits - frac.count) + frac
    return (x < 0 && n != 0 ? "-" : "") + (digits > 0 ? "\(whole).\(frac)" : "\(whole)")
}

/// `n` with thousands separated by commas.
func grouped(_ n: Int) -> String {
    let s = String(abs(n))
    var out = ""
    for (i, ch) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out += "," }
        out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
}
