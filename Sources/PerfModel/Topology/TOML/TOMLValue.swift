/// A value read from a TOML document, with the line it was written on.
///
/// Integers are 64-bit, floats are `Double`; date-times (which no perflab file uses) are
/// kept as the text written. Arrays and tables hold values of their own, each with its line.
public struct TOMLValue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        case datetime(String)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var kind: Kind
    /// The 1-based line the value (or, for a table, its header or first key) starts on.
    public var line: Int

    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    public var string: String? {
        if case .string(let s) = kind { return s }
        return nil
    }
    public var int: Int? {
        if case .integer(let i) = kind { return i }
        return nil
    }
    /// A float; an integer is not a float (`number` reads either).
    public var double: Double? {
        if case .float(let d) = kind { return d }
        return nil
    }
    /// A float or an integer, as a `Double`.
    public var number: Double? { double ?? int.map(Double.init) }
    public var bool: Bool? {
        if case .boolean(let b) = kind { return b }
        return nil
    }
    public var array: [TOMLValue]? {
        if case .array(let a) = kind { return a }
        return nil
    }
    public var table: TOMLTable? {
        if case .table(let t) = kind { return t }
        return nil
    }

    /// The value as TOML would write it (for messages).
    public var text: String {
        switch kind {
        case .string(let s):
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default:
                    if u.value < 0x20 || u.value == 0x7F {
                        out += "\\u" + String(u.value, radix: 16, uppercase: true).leftPadded(to: 4)
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
            return out + "\""
        case .integer(let i): return String(i)
        case .float(let d): return d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : String(d)
        case .boolean(let b): return b ? "true" : "false"
        case .datetime(let s): return s
        case .array(let a): return "[" + a.map(\.text).joined(separator: ", ") + "]"
        case .table(let t):
            return "{" + t.keys.map { "\($0) = \(t[$0]!.text)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A TOML table: its keys in the order the document first wrote them, each with its value.
public struct TOMLTable: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    public init() {}

    public subscript(key: String) -> TOMLValue? { values[key] }
    public var isEmpty: Bool { keys.isEmpty }
    public var count: Int { keys.count }

    /// Adds `key`; it must not be there already (the parser checks).
    mutating func append(_ key: String, _ value: TOMLValue) {
        precondition(values[key] == nil, "TOML key \(key) added twice")
        keys.append(key)
        values[key] = value
    }
}

extension String {
    func leftPadded(to n: Int, with c: Character = "0") -> String {
        count >= n ? self : String(repeating: c, count: n - count) + self
    }
}
