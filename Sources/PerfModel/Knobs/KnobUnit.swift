/// What kind of quantity a knob holds, which fixes how its values are written and read.
///
/// The syntax is `docs/interface.md`'s: durations take `ns`, `us`, `ms`, `s`, `m` (a bare number
/// is seconds; `0` or `off` switches a timeout or TTL off); counts and rates take `k` and
/// `M`; ratios take `0.25` or `25%`.
public enum KnobUnit: Sendable, Equatable {
    /// A span of simulated time, stored in nanoseconds.
    case duration
    /// A whole number of things (`unitName` says of what).
    case count(String)
    /// Per second.
    case rate(String)
    /// A fraction in [0, 1], written as `0.25` or `25%`.
    case ratio
    /// A plain real number.
    case number
    /// On or off.
    case flag
    /// One word of a fixed set.
    case choice([String])
    /// A comma-separated list of numbers.
    case list
    /// A comma-separated list of durations (`100ms,500ms,1s`), or `off` for none.
    case durations
    /// A file path, or empty for none.
    case path
    /// A sliding window: a count of calls (`100`) or a span of time (`10s`).
    case window

    /// The unit as shown next to a value.
    public var label: String {
        switch self {
        case .duration: return "time"
        case .count(let u): return u
        case .rate(let u): return "\(u)/s"
        case .ratio: return "ratio"
        case .number: return ""
        case .flag: return "on/off"
        case .choice: return "choice"
        case .list: return "list"
        case .durations: return "times"
        case .path: return "file"
        case .window: return "calls|time"
        }
    }
}
