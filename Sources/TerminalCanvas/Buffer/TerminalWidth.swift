/// How many terminal columns a Unicode scalar takes: 0, 1 or 2.
///
/// A deliberately small take on `wcwidth` (Markus Kuhn's and the Unicode East Asian
/// Width property): combining marks and zero-width formatters take 0; the East Asian
/// wide and fullwidth blocks and the common emoji blocks take 2; everything else 1.
extension Unicode.Scalar {
    /// The number of terminal columns this scalar takes.
    public var terminalWidth: Int {
        let v = value
        if v < 0x300 { return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1 }
        switch v {
        case 0x300...0x36F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F,
            0x200B...0x200F, 0xFE00...0xFE0F, 0x2060...0x2064:
            return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

extension StringProtocol {
    /// The number of terminal columns the string takes (the sum of its scalars' widths).
    public var terminalWidth: Int {
        var total = 0
        for scalar in unicodeScalars { total += scalar.terminalWidth }
        return total
    }
}
