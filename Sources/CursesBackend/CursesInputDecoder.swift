import CNCurses
import TerminalCanvas

/// Maps ncurses key codes, characters and mouse reports to perflab's input events.
///
/// The table of ncurses' `getch(3X)` key names (KEY_UP, KEY_NPAGE, KEY_F(n), …) and the
/// control characters a terminal in raw mode sends (Ctrl-A…Ctrl-Z as 1…26, Tab 9, Enter
/// 13, Backspace 127 or 8), in the spirit of crossterm's and bubbletea's key parsers.
enum CursesInputDecoder {
    /// The key for a function-key code from `wget_wch` (status `KEY_CODE_YES`).
    static func key(code: Int32) -> KeyPress? {
        switch code {
        case KEY_UP: return KeyPress(.up)
        case KEY_DOWN: return KeyPress(.down)
        case KEY_LEFT: return KeyPress(.left)
        case KEY_RIGHT: return KeyPress(.right)
        case KEY_SR: return KeyPress(.up, modifiers: .shift)
        case KEY_SF: return KeyPress(.down, modifiers: .shift)
        case KEY_SLEFT: return KeyPress(.left, modifiers: .shift)
        case KEY_SRIGHT: return KeyPress(.right, modifiers: .shift)
        case KEY_HOME: return KeyPress(.home)
        case KEY_END: return KeyPress(.end)
        case KEY_PPAGE: return KeyPress(.pageUp)
        case KEY_NPAGE: return KeyPress(.pageDown)
        case KEY_IC: return KeyPress(.insert)
        case KEY_DC: return KeyPress(.delete)
        case KEY_BACKSPACE: return KeyPress(.backspace)
        case KEY_ENTER: return KeyPress(.enter)
        case KEY_BTAB: return KeyPress(.backTab)
        case (KEY_F0 + 1)...(KEY_F0 + 63): return KeyPress(.function(Int(code - KEY_F0)))
        default: return nil
        }
    }

    /// The key for a character from `wget_wch` (status `OK`).
    static func key(character: wint_t) -> KeyPress? {
        switch character {
        case 0x0D, 0x0A: return KeyPress(.enter)
        case 0x09: return KeyPress(.tab)
        case 0x7F, 0x08: return KeyPress(.backspace)
        case 0x1B: return KeyPress(.escape)
        case 0x00: return KeyPress(.character(" "), modifiers: .control)
        case 0x01...0x1A:
            guard let letter = Unicode.Scalar(0x60 + UInt32(character)) else { return nil }
            return KeyPress(.character(Character(letter)), modifiers: .control)
        case 0x1C...0x1F: return nil
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
            return KeyPress(.character(Character(scalar)))
        }
    }

    /// The event for an ncurses mouse report, or nil for one to ignore.
    static func mouse(_ event: MEVENT) -> InputEvent? {
        let state = event.bstate
        let action: MouseEvent.Action
        if state & perflab_button4_pressed() != 0 {
            action = .wheelUp
        } else if state & perflab_button5_pressed() != 0 {
            action = .wheelDown
        } else if state & (perflab_button1_pressed() | perflab_button1_clicked()) != 0 {
            action = .leftClick
        } else if state & perflab_button2_pressed() != 0 {
            action = .middleClick
        } else if state & perflab_button3_pressed() != 0 {
            action = .rightClick
        } else {
            return nil
        }
        return .mouse(MouseEvent(action, x: Int(event.x), y: Int(event.y)))
    }
}
