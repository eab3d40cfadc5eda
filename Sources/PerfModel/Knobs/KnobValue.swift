/// The value of a knob: a number (durations in nanoseconds, ratios as fractions), a switch,
/// a word or path, or a list of numbers.
public enum KnobValue: Equatable, Hashable, Sendable {
    case number(Double)
    case flag(Bool)
    case text(String)
    case list([Double])

    public var number: Double {
        switch self {
        case .number(let x): return x
        case .flag(let b): return b ? 1 : 0
        case .list(let l): return l.first ?? 0
        case .text: return 0
        }
    }

    public var flag: Bool {
        if case .flag(let b) = self { return b }
        return number != 0
    }

    public var text: String {
        if case .text(let s) = self { return s }
        return ""
    }

    public var list: [Double] {
        switch self {
        case .list(let l): return l
        case .number(let x): return [x]
        default: return []
        }
    }
}
