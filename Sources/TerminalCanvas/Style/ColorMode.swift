/// How many colours the terminal can show.
///
/// The four levels btop distinguishes (truecolor, `lowcolor` 256, TTY 16/8) plus none,
/// which honours the `NO_COLOR` convention (no-color.org).
public enum ColorMode: String, Sendable, CaseIterable, Comparable {
    /// No colour: only attributes (bold, reverse, …).
    case none
    /// The eight basic ANSI colours.
    case basic8
    /// xterm's 256-colour palette.
    case palette256
    /// 24-bit RGB.
    case trueColor

    public static func < (lhs: ColorMode, rhs: ColorMode) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .none: 0
        case .basic8: 1
        case .palette256: 2
        case .trueColor: 3
        }
    }
}
