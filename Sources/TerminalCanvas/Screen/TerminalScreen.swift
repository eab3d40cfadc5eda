/// A place frames are shown and input comes from: the real terminal or a test double.
///
/// The split of swift-nio's `Channel` between a real backend (`CursesScreen` in the
/// `CursesBackend` module) and an in-memory one (`MemoryScreen`), and ratatui's
/// `Backend`/`TestBackend`.
public protocol TerminalScreen: AnyObject {
    /// The current number of columns.
    var width: Int { get }
    /// The current number of rows.
    var height: Int { get }
    /// The colours the screen shows.
    var colorMode: ColorMode { get }
    /// Shows `buffer`, sending only what changed since the last frame.
    func present(_ buffer: CellBuffer)
    /// The next input event, waiting at most `timeout` (nil waits indefinitely); nil
    /// when none came in time.
    func nextEvent(timeout: Duration?) -> InputEvent?
    /// Gives the terminal back and stops the process as Ctrl-Z does in a shell (`fg`
    /// resumes it, and the screen is drawn whole again); returns once it is resumed.
    func suspend()
}

extension TerminalScreen {
    /// A blank buffer the size of the screen, filled with `fill`.
    public func makeBuffer(fill: Cell = .blank) -> CellBuffer {
        CellBuffer(width: width, height: height, fill: fill)
    }
}
