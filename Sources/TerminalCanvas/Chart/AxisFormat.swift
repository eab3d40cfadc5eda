import Foundation

/// Default label formats for chart axes.
public enum AxisFormat {
    /// Seconds as a short time: `0s`, `45s`, `1m30s`, `2m`, `1h5m`, or `250ms` below a
    /// second.
    @Sendable public static func seconds(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return value.isNaN ? "" : compact(value) + "s" }
        if value != 0 && abs(value) < 1 { return compact(value * 1000) + "ms" }
        let total = Int(value.rounded())
        let sign = total < 0 ? "-" : ""
        let t = abs(total)
        if t < 60 { return "\(sign)\(t)s" }
        if t < 3600 {
            let s = t % 60
            return s == 0 ? "\(sign)\(t / 60)m" : "\(sign)\(t / 60)m\(s)s"
        }
        let m = (t % 3600) / 60
        return m == 0 ? "\(sign)\(t / 3600)h" : "\(sign)\(t / 3600)h\(m)m"
    }

    /// A latency in milliseconds as a person reads it: `0.52 ms`, `24.3 ms`, `950 ms`, then
    /// seconds from a second up (`9.02 s`, `125 s`), where `9k ms` had to be worked out.
    @Sendable public static func milliseconds(_ ms: Double) -> String {
        abs(ms) < 1000 || !ms.isFinite ? compact(ms) + " ms" : compact(ms / 1000) + " s"
    }

    /// A number in at most four or five characters: `0`, `0.25`, `12.5`, `950`, `1.2k`,
    /// `15k`, `3.4M`, `1.2G`.
    @Sendable public static func compact(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        let a = abs(value)
        let sign = value < 0 ? "-" : ""
        func trimmed(_ v: Double, decimals: Int) -> String {
            var scaled = (v * pow(10, Double(decimals))).rounded()
            var d = decimals
            while d > 0 && scaled.truncatingRemainder(dividingBy: 10) == 0 {
                scaled /= 10
                d -= 1
            }
            let whole = Int(scaled) / Int(pow(10, Double(d)))
            if d == 0 { return "\(whole)" }
            let frac = Int(scaled) % Int(pow(10, Double(d)))
            let fracText = String(frac)
            return "\(whole)." + String(repeating: "0", count: d - fracText.count) + fracText
        }
        if a >= 1e12 {
            // Beyond giga: scientific notation (`1.5e12`), keeping integers in range.
            let exponent = log10(a).rounded(.down)
            return sign + trimmed(a / pow(10, exponent), decimals: 1) + "e\(Int(exponent))"
        }
        let units: [(Double, String)] = [(1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, suffix) in units where a >= scale {
            let v = a / scale
            return sign + trimmed(v, decimals: v < 10 ? 1 : 0) + suffix
        }
        if a == 0 { return "0" }
        if a >= 100 { return sign + trimmed(a, decimals: 0) }
        if a >= 10 { return sign + trimmed(a, decimals: 1) }
        if a >= 0.01 { return sign + trimmed(a, decimals: 2) }
        return sign + trimmed(a, decimals: 4)
    }
}
