/// A key with its modifiers: one keyboard input event.
public struct KeyPress: Hashable, Sendable, CustomStringConvertible {
    /// The key.
    public var key: Key
    /// The modifiers held.
    public var modifiers: KeyModifiers

    /// Creates a key press.
    public init(_ key: Key, modifiers: KeyModifiers = []) {
        self.key = key
        self.modifiers = modifiers
    }

    /// A character key with no modifier.
    public static func char(_ c: Character) -> KeyPress { KeyPress(.character(c)) }

    /// Ctrl and a letter (`KeyPress.ctrl("c")`).
    public static func ctrl(_ c: Character) -> KeyPress { KeyPress(.character(c), modifiers: .control) }

    /// Ctrl-C.
    public static let ctrlC = ctrl("c")

    public var description: String {
        var prefix = ""
        if modifiers.contains(.control) { prefix += "ctrl+" }
        if modifiers.contains(.alt) { prefix += "alt+" }
        if modifiers.contains(.shift) { prefix += "shift+" }
        switch key {
        case .character(let c): return prefix + String(c)
        case .function(let n): return prefix + "f\(n)"
        default: return prefix + "\(key)"
        }
    }
}
