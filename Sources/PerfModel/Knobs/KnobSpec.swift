import Foundation

/// One knob: its name, unit, range, default and one-line meaning, and how its values are
/// parsed and printed.
public struct KnobSpec: Sendable {
    /// The knob's name, bare (no service prefix): `l1.capacity`, `backend.2.down`.
    public let name: String
    /// Which knob it is.
    public let knob: Knob
    /// For knobs of a family (`backend.N.…`, `instance.N.…`), N (1-based); otherwise 0.
    public let index: Int
    public let unit: KnobUnit
    /// Allowed range for numeric knobs (in stored units: nanoseconds for durations).
    public let range: ClosedRange<Double>?
    public let defaultValue: KnobValue
    public let meaning: String
    /// The step ←/→ applies in the dashboard: multiplicative for knobs spanning decades.
    public let step: Step

    public enum Step: Sendable, Equatable {
        case add(Double)
        case multiply(Double)
        case none
    }

    public init(
        _ knob: Knob, index: Int = 0, _ unit: KnobUnit, range: ClosedRange<Double>? = nil,
        default value: KnobValue,
        step: Step? = nil, _ meaning: String
    ) {
        self.knob = knob
        self.index = index
        self.name = knob.name(index: index)
        self.unit = unit
        self.range = range
        self.defaultValue = value
        self.meaning = meaning
        if let step {
            self.step = step
        } else {
            switch unit {
            case .duration, .rate, .count: self.step = .multiply(1.25)
            case .ratio: self.step = .add(0.05)
            case .number: self.step = .add(0.1)
            default: self.step = .none
            }
        }
    }

    /// The least step between ticks of an axis of its values: 1 for a count (connections,
    /// instances, retries: whole numbers), nil for any other.
    public var axisStep: Double? {
        if case .count = unit { return 1 }
        return nil
    }

    /// The stage a knob belongs to: the part of its name before the first dot.
    public var stage: String {
        name.split(separator: ".").first.map(String.init) ?? name
    }

    // MARK: parsing

    /// Parses `text` as this knob's value, checking the range.
    public func parse(_ text: String) throws -> KnobValue {
        let s = text.trimmingCharacters(in: .whitespaces)
        let value: KnobValue
        switch unit {
        case .duration:
            value = .number(try KnobSpec.parseDuration(s, field: name))
        case .count:
            let x = try KnobSpec.parseScaled(s, field: name)
            guard x == x.rounded() else { throw InputError(field: name, "\"\(s)\" is not a whole number") }
            value = .number(x)
        case .rate:
            value = .number(try KnobSpec.parseScaled(s, field: name))
        case .ratio:
            value = .number(try KnobSpec.parseRatio(s, field: name))
        case .number:
            guard let x = Double(s), x.isFinite else {
                throw InputError(field: name, "\"\(s)\" is not a number")
            }
            value = .number(x)
        case .flag:
            switch s.lowercased() {
            case "true", "on", "yes", "1": value = .flag(true)
            case "false", "off", "no", "0": value = .flag(false)
            default: throw InputError(field: name, "\"\(s)\" is not on or off (true/false)")
            }
        case .choice(let options):
            guard let chosen = KnobSpec.choose(s, from: options) else {
                throw InputError(field: name, "\"\(s)\" is not one of \(options.joined(separator: ", "))")
            }
            value = .text(chosen)
        case .list:
            let parts = s.split(separator: ",", omittingEmptySubsequences: false)
            var xs: [Double] = []
            for p in parts {
                let t = p.trimmingCharacters(in: .whitespaces)
                guard let x = Double(t), x.isFinite else {
                    throw InputError(field: name, "\"\(s)\" is not a comma-separated list of numbers")
                }
                xs.append(x)
            }
            value = .list(xs)
        case .durations:
            if s.isEmpty || s == "off" || s == "none" {
                value = .list([])
            } else {
                value = .list(
                    try s.split(separator: ",", omittingEmptySubsequences: false).map {
                        try KnobSpec.parseDuration($0.trimmingCharacters(in: .whitespaces), field: name)
                    })
            }
        case .path:
            value = .text(s == "off" ? "" : s)
        case .window:
            if let n = Int(s), n >= 1, n <= 1_000_000 {
                value = .text(String(n))
            } else if s.last?.isLetter == true, let ns = try? KnobSpec.parseDuration(s, field: name),
                ns >= 1e9
            {
                value = .text(KnobSpec.formatDuration((ns / 1e9).rounded() * 1e9))
            } else {
                throw InputError(
                    field: name,
                    "\"\(s)\" is neither a count of calls (100) nor a time of whole seconds (10s)")
            }
        }
        try check(value)
        return value
    }

    /// Checks `value` against the range.
    public func check(_ value: KnobValue) throws {
        guard let range else { return }
        let xs: [Double]
        switch value {
        case .number(let x): xs = [x]
        case .list(let l): xs = l
        default: return
        }
        for x in xs where !range.contains(x) {
            throw InputError(
                field: name,
                "\(format(.number(x))) is out of range "
                    + "\(format(.number(range.lowerBound)))…\(format(.number(range.upperBound)))"
            )
        }
    }

    // MARK: printing

    /// The value as a user would type it.
    public func format(_ value: KnobValue) -> String {
        switch (unit, value) {
        case (.duration, .number(let ns)), (.durations, .number(let ns)): return KnobSpec.formatDuration(ns)
        case (.count, .number(let x)), (.rate, .number(let x)): return KnobSpec.formatScaled(x)
        case (.ratio, .number(let x)): return KnobSpec.trim(x * 100) + "%"
        case (.number, .number(let x)): return KnobSpec.trim(x)
        case (_, .flag(let b)): return b ? "true" : "false"
        case (.path, .text(let s)): return s.isEmpty ? "off" : s
        case (_, .text(let s)): return s
        case (.durations, .list(let l)):
            return l.isEmpty ? "off" : l.map(KnobSpec.formatDuration).joined(separator: ",")
        case (_, .list(let l)): return l.map(KnobSpec.trim).joined(separator: ",")
        case (_, .number(let x)): return KnobSpec.trim(x)
        }
    }

    /// Other names people write for a choice, each with the option it means: the long
    /// names of the distributions.
    static let choiceAliases: [String: String] = [
        "exponential": "exp", "constant": "const", "deterministic": "const", "fixed": "const",
    ]

    /// The option `text` names: itself; the same written in another case or with other
    /// separators (`Drop-Newest`, `round robin`, `W-TinyLFU`); or an alias of it. The value
    /// kept (and recorded in sessions) is always the option's own spelling.
    static func choose(_ text: String, from options: [String]) -> String? {
        if options.contains(text) { return text }
        func plain(_ x: String) -> String {
            String(x.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
        }
        let t = plain(text)
        let matches = options.filter { plain($0) == t }
        if matches.count == 1 { return matches[0] }
        if let a = choiceAliases[t], options.contains(a) { return a }
        return nil
    }

    /// The value stepped `times` steps up (or down, for negative `times`), clamped to range.
    public func stepped(_ value: KnobValue, by times: Int) -> KnobValue {
        switch (unit, value) {
        case (.flag, .flag(let b)): return times % 2 == 0 ? value : .flag(!b)
        case (.choice(let options), .text(let s)):
            guard let i = options.firstIndex(of: s) else { return value }
            let n = options.count
            return .text(options[((i + times) % n + n) % n])
        case (_, .number(let x)):
            var y = x
            switch step {
            case .add(let d): y = x + d * Double(times)
            case .multiply(let f):
                if x == 0 && times > 0 {
                    y = unit == .duration ? 1e6 : 1
                } else {
                    y = x * Foundation.pow(f, Double(times))
                }
                y = KnobSpec.roundNicely(y)
            case .none: return value
            }
            if case .count = unit { y = y.rounded() }
            if case .count = unit, y == x, times != 0 { y = x + Double(times.signum()) }
            if let range { y = Swift.min(Swift.max(y, range.lowerBound), range.upperBound) }
            return .number(y)
        default: return value
        }
    }

    // MARK: helpers

    static func roundNicely(_ x: Double) -> Double {
        guard x > 0 else { return x }
        let mag = Foundation.pow(10, Foundation.floor(Foundation.log10(x)) - 2)
        return (x / mag).rounded() * mag
    }

    /// The longest duration accepted: 100 years of simulated time (it must fit in
    /// integer nanoseconds).
    public static let maxDuration = 100 * 365.25 * 86400e9

    /// `250us`, `20ms`, `1.5s`, `2m`, `off`/`0`; a bare number is seconds. Returns ns.
    public static func parseDuration(_ s: String, field: String) throws -> Double {
        let ns = try parseDurationUnchecked(s, field: field)
        guard ns <= maxDuration else { throw InputError(field: field, "\"\(s)\" is longer than 100 years") }
        return ns
    }

    static func parseDurationUnchecked(_ s: String, field: String) throws -> Double {
        if s == "off" || s == "0" { return 0 }
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        for (suffix, scale) in units where s.hasSuffix(suffix) {
            let head = String(s.dropLast(suffix.count))
            if let x = Double(head), x.isFinite, x >= 0 { return (x * scale).rounded() }
        }
        if let x = Double(s), x.isFinite, x >= 0 { return (x * 1e9).rounded() }
        throw InputError(field: field, "\"\(s)\" is not a duration (like 250us, 20ms, 1.5s, 2m)")
    }

    /// `5000`, `5k`, `2.5M`, `1G`.
    public static func parseScaled(_ s: String, field: String) throws -> Double {
        var head = s
        var scale = 1.0
        if let last = s.last {
            switch last {
            case "k", "K": scale = 1e3
            case "M": scale = 1e6
            case "G": scale = 1e9
            default: break
            }
            if scale != 1 { head = String(s.dropLast()) }
        }
        guard let x = Double(head), x.isFinite else {
            throw InputError(field: field, "\"\(s)\" is not a number (like 5000, 5k, 2M)")
        }
        return x * scale
    }

    /// `0.25` or `25%`.
    public static func parseRatio(_ s: String, field: String) throws -> Double {
        if s.hasSuffix("%"), let x = Double(s.dropLast()), x.isFinite { return x / 100 }
        if let x = Double(s), x.isFinite { return x }
        throw InputError(field: field, "\"\(s)\" is not a ratio (like 0.25 or 25%)")
    }

    public static func formatDuration(_ ns: Double) -> String {
        if ns == 0 { return "0" }
        let table: [(Double, String)] = [(60e9, "m"), (1e9, "s"), (1e6, "ms"), (1e3, "us")]
        for (scale, suffix) in table where ns >= scale {
            let v = ns / scale
            if suffix == "m" && v != v.rounded() { continue }
            return trim(v) + suffix
        }
        return trim(ns) + "ns"
    }

    /// A count or rate with a suffix (`200k`, `1.5M`) when one says it exactly, in at most
    /// three decimals, and shorter than the digits would (`1234567`, not `1234.567k`).
    public static func formatScaled(_ x: Double) -> String {
        let plain = trim(x)
        for (scale, suffix, from) in [(1e9, "G", 1e9), (1e6, "M", 1e6), (1e3, "k", 1e4)] where x >= from {
            let v = x / scale
            guard (v * 1000).rounded() == v * 1000 else { continue }
            let scaled = trim(v) + suffix
            return scaled.count < plain.count ? scaled : plain
        }
        return plain
    }

    /// A number without a trailing `.0`, with at most 4 significant decimals; from 10¹⁵ on,
    /// in six significant digits with an exponent (`1e+64`), where a value typed out of range
    /// was written out in full (three hundred digits for `1e300`).
    public static func trim(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        if abs(x) >= 1e15 || !x.isFinite { return String(format: "%.6g", x) }
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
