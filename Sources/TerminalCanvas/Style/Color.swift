/// A 24-bit RGB colour, or the terminal's default colour.
///
/// Packed in four bytes so a cell stays small: the low 24 bits hold red, green and blue,
/// and bit 24 marks "the terminal's default" (ncurses' colour -1, what btop writes as an
/// empty `theme[main_bg]=""`). Down-conversion for terminals with fewer colours follows
/// xterm's palette: see `xterm256Index` and `basic8Index`.
public struct Color: Hashable, Sendable, CustomStringConvertible {
    /// The packed value: `0x00RRGGBB`, or `defaultFlag` for the terminal default.
    public let rawValue: UInt32

    static let defaultFlag: UInt32 = 1 << 24

    /// The terminal's own default colour (foreground or background, by use).
    public static let `default` = Color(rawValue: defaultFlag)

    /// Creates a colour from its packed value.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue & 0x01FF_FFFF
    }

    /// Creates a colour from its red, green and blue components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        rawValue = UInt32(red) << 16 | UInt32(green) << 8 | UInt32(blue)
    }

    /// Creates a colour from `0xRRGGBB`.
    public init(rgb: UInt32) {
        rawValue = rgb & 0xFF_FFFF
    }

    /// Parses `#RRGGBB` or btop's greyscale `#GG` (the `#` optional); nil otherwise.
    public init?(hex: some StringProtocol) {
        var digits = Substring(hex)
        if digits.first == "#" { digits = digits.dropFirst() }
        guard digits.count == 6 || digits.count == 2,
            digits.allSatisfy(\.isHexDigit),
            let value = UInt32(digits, radix: 16)
        else { return nil }
        if digits.count == 2 {
            let grey = UInt8(value)
            self.init(red: grey, green: grey, blue: grey)
        } else {
            self.init(rgb: value)
        }
    }

    /// Whether this is the terminal's default colour rather than an RGB value.
    public var isDefault: Bool { rawValue & Color.defaultFlag != 0 }
    /// The red component (0 for the default colour).
    public var red: UInt8 { isDefault ? 0 : UInt8(truncatingIfNeeded: rawValue >> 16) }
    /// The green component (0 for the default colour).
    public var green: UInt8 { isDefault ? 0 : UInt8(truncatingIfNeeded: rawValue >> 8) }
    /// The blue component (0 for the default colour).
    public var blue: UInt8 { isDefault ? 0 : UInt8(truncatingIfNeeded: rawValue) }

    /// `#rrggbb`, or `default`.
    public var description: String {
        if isDefault { return "default" }
        let hex = String(rawValue, radix: 16)
        return "#" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    /// The colour a fraction `t` (0...1) of the way from `self` to `other`; a default
    /// colour at either end gives the other end.
    public func mixed(with other: Color, _ t: Double) -> Color {
        if isDefault { return other }
        if other.isDefault { return self }
        let f = min(1, max(0, t))
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * f).rounded())
        }
        return Color(
            red: channel(red, other.red), green: channel(green, other.green), blue: channel(blue, other.blue))
    }

    // MARK: Down-conversion

    /// The six levels of each channel in xterm's 6×6×6 colour cube (indices 16...231).
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The RGB value of xterm-256 palette entry `index` (16...255; the first 16 are the
    /// ANSI colours as xterm draws them).
    public static func xterm256(_ index: Int) -> Color {
        switch index {
        case ..<0: return .default
        case 0..<16:
            let ansi: [UInt32] = [
                0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
                0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
            ]
            return Color(rgb: ansi[index])
        case 16..<232:
            let i = index - 16
            return Color(
                red: UInt8(cubeLevels[i / 36]), green: UInt8(cubeLevels[(i / 6) % 6]),
                blue: UInt8(cubeLevels[i % 6]))
        case 232..<256:
            let grey = UInt8(8 + 10 * (index - 232))
            return Color(red: grey, green: grey, blue: grey)
        default: return .default
        }
    }

    /// The nearest xterm-256 palette index (16...255, by squared RGB distance over the
    /// colour cube and the grey ramp); -1 for the default colour.
    ///
    /// The cube and ramp are what every 256-colour terminal agrees on; the first 16
    /// entries vary with the user's palette, so they are never chosen (as in tmux's
    /// `colour_find_rgb`).
    public var xterm256Index: Int {
        if isDefault { return -1 }
        let r = Int(red), g = Int(green), b = Int(blue)
        func nearestLevel(_ v: Int) -> Int {
            if v < 48 { return 0 }
            if v < 115 { return 1 }
            return (v - 35) / 40
        }
        let ri = nearestLevel(r), gi = nearestLevel(g), bi = nearestLevel(b)
        let cube = (Color.cubeLevels[ri], Color.cubeLevels[gi], Color.cubeLevels[bi])
        let average = (r + g + b) / 3
        let greyIndex = average > 238 ? 23 : max(0, (average - 3) / 10)
        let grey = 8 + 10 * greyIndex
        func distance(_ c: (Int, Int, Int)) -> Int {
            (c.0 - r) * (c.0 - r) + (c.1 - g) * (c.1 - g) + (c.2 - b) * (c.2 - b)
        }
        if distance((grey, grey, grey)) < distance(cube) { return 232 + greyIndex }
        return 16 + 36 * ri + 6 * gi + bi
    }

    /// The nearest of the eight basic ANSI colours (0 black … 7 white, as xterm draws
    /// them), by squared RGB distance; -1 for the default colour.
    public var basic8Index: Int {
        if isDefault { return -1 }
        var best = 0
        var bestDistance = Int.max
        for index in 0..<8 {
            let c = Color.xterm256(index)
            let dr = Int(c.red) - Int(red), dg = Int(c.green) - Int(green), db = Int(c.blue) - Int(blue)
            let d = dr * dr + dg * dg + db * db
            if d < bestDistance {
                bestDistance = d
                best = index
            }
        }
        return best
    }

    /// The colour as a terminal in `mode` can show it: itself in truecolor, else the
    /// palette entry nearest to it, and the default colour when there is no colour.
    public func approximated(for mode: ColorMode) -> Color {
        switch mode {
        case .trueColor: return self
        case .palette256: return isDefault ? self : Color.xterm256(xterm256Index)
        case .basic8: return isDefault ? self : Color.xterm256(basic8Index)
        case .none: return .default
        }
    }
}
