import CNCurses
import TerminalCanvas

/// Turns cell colours into ncurses colour numbers and colour pairs, allocated on demand.
///
/// Colours: in direct-colour terminals (`COLORS` ≥ 2²⁴) the number is the RGB value; in
/// truecolor on a redefinable palette, slots 16… are redefined with
/// `init_extended_color` as new colours appear (once they run out, the nearest colour
/// already defined is reused); in 256 and 8 colours the nearest palette entry
/// (`Color.xterm256Index`, `Color.basic8Index`); the default colour is -1
/// (`use_default_colors`). Pairs are made with `init_extended_pair` and cached by
/// (foreground, background); when `COLOR_PAIRS` runs out, the cache is reset on the next
/// frame (`needsReset`) and the frame redrawn.
final class CursesPalette {
    let mode: ColorMode
    let directColor: Bool
    let maxPairs: Int32
    let maxColors: Int32
    private var colorNumbers: [UInt32: Int32] = [:]
    private var definedSlots: [(color: Color, slot: Int32)] = []
    private var nextSlot: Int32 = 16
    private var pairs: [UInt64: Int32] = [:]
    private var nextPair: Int32 = 1
    /// Set when the pairs ran out during a frame.
    private(set) var needsReset = false

    init(mode: ColorMode, colors: Int32, colorPairs: Int32) {
        self.mode = mode
        self.maxColors = colors
        self.directColor = mode == .trueColor && colors >= 0x100_0000
        self.maxPairs = colorPairs
    }

    /// Forgets every pair (and palette slot), so allocation starts again.
    func reset() {
        pairs.removeAll(keepingCapacity: true)
        colorNumbers.removeAll(keepingCapacity: true)
        definedSlots.removeAll(keepingCapacity: true)
        nextSlot = 16
        nextPair = 1
        needsReset = false
        reset_color_pairs()
    }

    /// The ncurses colour number for `color`.
    func colorNumber(_ color: Color) -> Int32 {
        if color.isDefault { return -1 }
        if let known = colorNumbers[color.rawValue] { return known }
        let number: Int32
        switch mode {
        case .none: number = -1
        case .basic8: number = Int32(color.basic8Index)
        case .palette256: number = Int32(color.xterm256Index)
        case .trueColor:
            if directColor {
                number = Int32(bitPattern: color.rawValue & 0xFF_FFFF)
            } else if nextSlot < min(maxColors, 256) {
                number = nextSlot
                nextSlot += 1
                // Rounded up: ncurses truncates when it scales back to 0...255.
                func scale(_ v: UInt8) -> Int32 { (Int32(v) * 1000 + 254) / 255 }
                _ = init_extended_color(number, scale(color.red), scale(color.green), scale(color.blue))
                definedSlots.append((color, number))
            } else {
                number = nearestDefined(color)
            }
        }
        colorNumbers[color.rawValue] = number
        return number
    }

    private func nearestDefined(_ color: Color) -> Int32 {
        var best: Int32 = Int32(color.xterm256Index)
        var bestDistance = Int.max
        for (defined, slot) in definedSlots {
            let dr = Int(defined.red) - Int(color.red)
            let dg = Int(defined.green) - Int(color.green)
            let db = Int(defined.blue) - Int(color.blue)
            let d = dr * dr + dg * dg + db * db
            if d < bestDistance {
                bestDistance = d
                best = slot
            }
        }
        return best
    }

    /// The pair number for (`foreground`, `background`); 0 when colour is off or the
    /// pairs ran out.
    func pair(foreground: Color, background: Color) -> Int32 {
        guard mode != .none else { return 0 }
        let fg = colorNumber(foreground), bg = colorNumber(background)
        if fg == -1 && bg == -1 { return 0 }
        let key = UInt64(UInt32(bitPattern: fg)) << 32 | UInt64(UInt32(bitPattern: bg))
        if let known = pairs[key] { return known }
        guard nextPair < maxPairs else {
            needsReset = true
            return 0
        }
        let number = nextPair
        nextPair += 1
        _ = init_extended_pair(number, fg, bg)
        pairs[key] = number
        return number
    }
}
