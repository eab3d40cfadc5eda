import CachePolicies

/// What `perflab cachesim` prints: a text table, or the JSON object of interface.md.
struct CacheSimReport {
    let trace: String
    let requests: Int
    let distinctKeys: Int
    let results: [SimulationResult]

    /// `{ "trace", "requests", "distinct_keys", "results": [ { "policy", "size", "hits",
    /// "misses", "miss_ratio", "wall_seconds", "requests_per_second" } ] }`.
    func json() -> String {
        var out = "{ \"trace\": \(jsonString(trace)), \"requests\": \(requests), \"distinct_keys\": \(distinctKeys),\n  \"results\": ["
        for (i, r) in results.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    { \"policy\": \"\(r.policy.rawValue)\", \"size\": \(r.size), \"hits\": \(r.hits), "
            out += "\"misses\": \(r.misses), \"miss_ratio\": \(jsonNumber(r.missRatio)), "
            out += "\"wall_seconds\": \(jsonNumber(r.wallSeconds)), "
            out += "\"requests_per_second\": \(jsonNumber(r.requestsPerSecond)) }"
        }
        out += results.isEmpty ? "] }" : "\n  ] }"
        return out
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
            if n == 0 { out += widths.enumerated().map { String(repeating: "-", count: $1) }.joined(separator: "  ") + "\n" }
        }
        return out
    }
}

func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

func jsonNumber(_ x: Double) -> String {
    x.isFinite ? "\(x)" : "0"
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
