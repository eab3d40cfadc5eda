/// Something the terminal reports: a key, a mouse event, a new size, or a request to quit.
///
/// The messages of bubbletea's `KeyMsg`, `MouseMsg` and `WindowSizeMsg`; `quit` comes
/// from SIGINT or SIGTERM (the app should finish its frame, restore and exit).
public enum InputEvent: Hashable, Sendable {
    case key(KeyPress)
    case mouse(MouseEvent)
    /// The terminal now has this many columns and rows.
    case resize(width: Int, height: Int)
    /// The process was asked to stop (SIGINT or SIGTERM).
    case quit
}
