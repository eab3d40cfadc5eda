import Foundation

/// A JSON value that keeps its object keys in order, with a compact writer and a reader.
///
/// Order matters here: summaries and session lines are read by people as well as programs,
/// and `docs/interface.md` lays their fields out in an order worth keeping.
public indirect enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case int(Int64)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.int(let x), .int(let y)): return x == y
        case (.int(let x), .number(let y)), (.number(let y), .int(let x)): return Double(x) == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public subscript(key: String) -> JSON? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    public var double: Double? {
        switch self {
        case .number(let x): return x
        case .int(let i): return Double(i)
        default: return nil
        }
    }
    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var array: [JSON]? { if case .array(let a) = self { return a }; return nil }
    public var objectPairs: [(String, JSON)]? { if case .object(let o) = self { return o }; return nil }

    /// Compact text (one line).
    public var text: String {
        String(decoding: JSONBytes.bytes(of: self, reserving: 256), as: UTF8.self)
    }

    /// Indented text: objects and arrays of objects at the first two levels one member a
    /// line, anything deeper (or an array of plain values) on one line.
    public func pretty(indent: Int = 0) -> String {
        var out = [UInt8]()
        out.reserveCapacity(4096)
        writePretty(into: &out, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    func writePretty(into out: inout [UInt8], indent: Int) {
        func pad(_ n: Int) {
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * n))
        }
        switch self {
        case .array(let xs) where !xs.isEmpty:
            if xs.allSatisfy({
                if case .object = $0 { return false }; if case .array = $0 { return false }; return true
            }) {
                JSONBytes.write(self, into: &out)
                return
            }
            out.append(contentsOf: "[\n".utf8)
            for (i, x) in xs.enumerated() {
                if i > 0 { out.append(contentsOf: ",\n".utf8) }
                pad(indent + 1)
                x.writePretty(into: &out, indent: indent + 1)
            }
            out.append(UInt8(ascii: "\n"))
            pad(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let ps) where !ps.isEmpty:
            if indent >= 2 {
                JSONBytes.write(self, into: &out)
                return
            }
            out.append(contentsOf: "{\n".utf8)
            for (i, p) in ps.enumerated() {
                if i > 0 { out.append(contentsOf: ",\n".utf8) }
                pad(indent + 1)
                JSONBytes.quote(p.0, into: &out)
                out.append(contentsOf: ": ".utf8)
                p.1.writePretty(into: &out, indent: indent + 1)
            }
            out.append(UInt8(ascii: "\n"))
            pad(indent)
            out.append(UInt8(ascii: "}"))
        default:
            JSONBytes.write(self, into: &out)
        }
    }

    /// Shortest text that reads back to the same double (Swift's description does this).
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) + ".0" }
        return "\(x)"
    }

    static func quote(_ s: String) -> String {
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
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// The deepest nesting of arrays and objects ``parse(_:)`` accepts: the parser is
    /// recursive, and a line of a million `[` would otherwise overflow the stack.
    public static let maximumDepth = 512

    /// Parses JSON text; throws a message naming the problem. Numbers too large for a
    /// double (`1e999`) and nesting deeper than ``maximumDepth`` are errors.
    public static func parse(_ text: String) throws -> JSON {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses JSON text given as UTF-8 bytes (a line of a file, without making a `String` of
    /// it first); invalid UTF-8 inside a string reads as U+FFFD, as `String(decoding:)` does.
    public static func parse(bytes: [UInt8]) throws -> JSON {
        var p = Parser(bytes: bytes)
        p.skip()
        let v = try p.value()
        p.skip()
        guard p.i == p.bytes.count else {
            throw ParseError(message: "unexpected text after the value", offset: p.i)
        }
        return v
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at character \(offset + 1)" }
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0
        /// Arrays and objects open around the current position.
        var depth = 0

        mutating func skip() {
            while i < bytes.count,
                bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09
            { i += 1 }
        }

        func fail(_ m: String) -> ParseError { ParseError(message: m, offset: i) }

        mutating func value() throws -> JSON {
            guard i < bytes.count else { throw fail("unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < JSON.maximumDepth else {
                    throw fail("arrays and objects nested more than \(JSON.maximumDepth) deep")
                }
                depth += 1
                defer { depth -= 1 }
                return bytes[i] == UInt8(ascii: "{") ? try object() : try array()
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true"); return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false"); return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null"); return .null
            default:
                return try number()
            }
        }

        mutating func object() throws -> JSON {
            i += 1
            var pairs: [(String, JSON)] = []
            skip()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skip()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let k = try string()
                skip()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skip()
                pairs.append((k, try value()))
                skip()
                guard i < bytes.count else { throw fail("unexpected end") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func array() throws -> JSON {
            i += 1
            var xs: [JSON] = []
            skip()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(xs) }
            while true {
                skip()
                xs.append(try value())
                skip()
                guard i < bytes.count else { throw fail("unexpected end") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(xs) }
                throw fail("expected ',' or ']'")
            }
        }

        mutating func literal(_ s: StaticString) throws {
            let n = s.utf8CodeUnitCount
            guard i + n <= bytes.count,
                bytes[i..<i + n].elementsEqual(UnsafeBufferPointer(start: s.utf8Start, count: n))
            else {
                throw fail("unexpected text")
            }
            i += n
        }

        mutating func number() throws -> JSON {
            let start = i
            var isInt = true
            while i < bytes.count {
                let c = bytes[i]
                if (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
                    i += 1
                } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    isInt = false
                    i += 1
                } else {
                    break
                }
            }
            // Digits, signs, points and exponents only: ASCII.
            guard i > start else { throw fail("expected a value") }
            let s = String(decoding: bytes[start..<i], as: UTF8.self)
            if isInt, let v = Int64(s) { return .int(v) }
            guard let d = Double(s) else { throw fail("bad number \"\(s)\"") }
            guard d.isFinite else { throw fail("number \"\(s)\" is out of range") }
            return .number(d)
        }

        mutating func string() throws -> String {
            i += 1
            // Most strings have no escape: made from their bytes at once.
            var end = i
            while end < bytes.count && bytes[end] != UInt8(ascii: "\"") && bytes[end] != UInt8(ascii: "\\") {
                end += 1
            }
            if end < bytes.count && bytes[end] == UInt8(ascii: "\"") {
                defer { i = end + 1 }
                return String(decoding: bytes[i..<end], as: UTF8.self)
            }
            var out = [UInt8](bytes[i..<end])
            i = end
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    let e = bytes[i]
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard i + 4 < bytes.count,
                            let s = String(bytes: bytes[(i + 1)...(i + 4)], encoding: .ascii),
                            let v = UInt32(s, radix: 16), let scalar = Unicode.Scalar(v)
                        else { throw fail("bad escape") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        i += 4
                    default: out.append(e)
                    }
                    i += 1
                    continue
                }
                out.append(c)
                i += 1
            }
            throw fail("unterminated string")
        }
    }
}
