/// The constants of the session file format and the way knob values are written in it.
///
/// A knob value is written as the user would type it (`20ms`, `5.1%`, `p2c`). Where that
/// text does not read back to exactly the same value (a ratio stepped to
/// 0.051000000000000004 prints as `5.1%`), the line carries the exact value as well, so a
/// replay re-simulates with the very same numbers. See `docs/sessions.md`.
public enum SessionFormat {
    /// The `format` field of every session header.
    public static let name = "perflab-session"
    /// The newest format version this perflab writes and reads.
    public static let version: Int64 = 1
    /// The program that writes sessions, as the header names it.
    public static let programVersion = "perflab 0.1.0"

    /// The value of `name` as text, and the exact value when the text does not read back
    /// to the same value.
    static func knobText(_ name: String, _ value: KnobValue) -> (text: String, exact: JSON?) {
        guard let spec = KnobRegistry.lookup(name) else { return ("", exact(value)) }
        let text = spec.format(value)
        if let back = try? spec.parse(text), back == value { return (text, nil) }
        return (text, exact(value))
    }

    /// A knob value in exact JSON: numbers in stored units (nanoseconds, fractions), flags
    /// as booleans, words as strings, lists as arrays.
    static func exact(_ value: KnobValue) -> JSON {
        switch value {
        case .number(let x): return .number(x)
        case .flag(let b): return .bool(b)
        case .text(let s): return .string(s)
        case .list(let l): return .array(l.map { .number($0) })
        }
    }

    /// Reads a knob value back: the exact form when there is one, else the text. The
    /// exact form must be of the knob's kind (a word one of its choices, a count whole, a
    /// list not empty); the caller checks the range.
    static func knobValue(_ name: String, text: JSON?, exact: JSON?) throws -> KnobValue {
        let spec = try KnobRegistry.spec(name)
        if let exact, exact != .null {
            switch (spec.unit, exact) {
            case (.flag, .bool(let b)): return .flag(b)
            case (.choice, .string(let s)), (.path, .string(let s)), (.window, .string(let s)):
                return try spec.parse(s)
            case (.durations, .array(let xs)):
                let l = xs.compactMap(\.double)
                guard l.count == xs.count else { break }
                return .list(l)
            case (.list, .array(let xs)):
                let l = xs.compactMap(\.double)
                guard l.count == xs.count, !l.isEmpty else { break }
                return .list(l)
            case (.duration, _), (.count, _), (.rate, _), (.ratio, _), (.number, _):
                guard let x = exact.double else { break }
                if case .count = spec.unit, x != x.rounded() { break }
                return .number(x)
            default:
                break
            }
            throw InputError(field: name, "the exact value \(exact.text) does not fit this knob")
        }
        guard let s = text?.string else { throw InputError(field: name, "expected the value as text") }
        return try spec.parse(s)
    }

    /// Seconds of simulated time as text for messages: `12`, `12.5`.
    public static func seconds(_ t: Double) -> String { KnobSpec.trim(t) }
}
