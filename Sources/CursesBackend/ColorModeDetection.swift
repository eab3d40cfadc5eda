import TerminalCanvas

/// Decides how many colours to use from the environment and the terminal's capabilities.
///
/// The rules of btop's `truecolor`/`lowcolor` choice and the usual conventions: `NO_COLOR`
/// (no-color.org: present and not empty) turns colour off; a terminfo entry with direct
/// colour (`COLORS` ≥ 2²⁴, e.g. `xterm-direct`) or `COLORTERM=truecolor|24bit` with a
/// redefinable 256-colour palette gives truecolor; then 256, then 8, then none.
public enum ColorModeDetection {
    /// The mode for these facts.
    public static func detect(
        environment: [String: String], hasColors: Bool, colors: Int, canChangeColor: Bool
    ) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        guard hasColors else { return .none }
        if colors >= 0x100_0000 { return .trueColor }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if (colorTerm == "truecolor" || colorTerm == "24bit") && colors >= 256 && canChangeColor {
            return .trueColor
        }
        if colors >= 256 { return .palette256 }
        if colors >= 8 { return .basic8 }
        return .none
    }
}
