/// A key on the keyboard, without modifiers.
///
/// The keys crossterm's and bubbletea's key types name, as far as a terminal reports
/// them: printable characters, the cursor and editing keys, and function keys.
public enum Key: Hashable, Sendable {
    /// A printable character (for Ctrl-letter, the lowercase letter with `.control`).
    case character(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete
    case enter, escape, backspace, tab
    /// Shift-Tab.
    case backTab
    /// F1 … F12 (and beyond, where the terminal reports them).
    case function(Int)
}
