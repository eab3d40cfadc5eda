/// Writes a ``JSON`` value as UTF-8 bytes (``JSON/text`` and ``JSON/pretty(indent:)`` are
/// these bytes), without building a `String` piece by piece: the sample lines of a session
/// are written once per simulated second, and a run's summary holds a sample a second.
enum JSONBytes {
    /// The bytes of `value`'s compact text.
    static func bytes(of value: JSON, reserving capacity: Int = 1024) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(capacity)
        write(value, into: &out)
        return out
    }

    static func write(_ value: JSON, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i):
            if i < 0 {
                out.append(UInt8(ascii: "-"))
                appendDigits(i.magnitude, to: &out)
            } else {
                appendDigits(UInt64(i), to: &out)
            }
        case .number(let x):
            if x.isFinite, x == x.rounded(), abs(x) < 1e15 {
                // JSON.format's whole numbers ("12.0"), without building its string.
                let i = Int64(x)
                if i < 0 { out.append(UInt8(ascii: "-")) }
                appendDigits(i.magnitude, to: &out)
                out.append(contentsOf: ".0".utf8)
            } else {
                out.append(contentsOf: JSON.format(x).utf8)
            }
        case .string(let s): quote(s, into: &out)
        case .array(let xs):
            out.append(UInt8(ascii: "["))
            for (k, x) in xs.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                write(x, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (k, p) in pairs.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                quote(p.0, into: &out)
                out.append(UInt8(ascii: ":"))
                write(p.1, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A string in quotes; plain printable ASCII is copied as is, anything else goes
    /// through ``JSON``'s own escaping.
    static func quote(_ s: String, into out: inout [UInt8]) {
        let plain = s.utf8.allSatisfy {
            $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\")
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: JSON.quote(s).utf8)
        }
    }

    static func appendDigits(_ x: UInt64, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 20))
        let end = out.withUnsafeMutableBufferPointer { SampleCodec.writeDigits(x, into: $0, at: start) }
        out.removeLast(out.count - end)
    }
}
