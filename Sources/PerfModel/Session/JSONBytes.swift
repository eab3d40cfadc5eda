/// Writes a ``JSON`` value as UTF-8 bytes, exactly as ``JSON/text`` writes it, but without
/// building a `String` piece by piece: the sample lines of a session are written once per
/// simulated second, and their text is most of what recording costs.
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
        case .number(let x): out.append(contentsOf: JSON.format(x).utf8)
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
