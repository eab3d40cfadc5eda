import TerminalCanvas

/// Everything that can change the dashboard: input from the terminal and the frame clock.
///
/// bubbletea's messages (`KeyMsg`, `MouseMsg`, `WindowSizeMsg`, a tick): feeding the same
/// messages to ``DashboardUpdate/update(_:_:)`` again replays a session.
public enum DashboardMessage: Sendable, Equatable {
    /// A key press.
    case key(KeyPress)
    /// A click or wheel step at a cell.
    case mouse(MouseEvent)
    /// The terminal now has this many columns and rows.
    case resize(width: Int, height: Int)
    /// Wall-clock seconds since the previous tick; simulated time moves by this × speed.
    case tick(wallElapsed: Double)
}
