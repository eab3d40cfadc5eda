/// Why the terminal could not be taken over.
public enum CursesError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Standard input or output is not a terminal (piped, redirected, or under CI).
    case notATerminal
    /// ncurses could not set up the terminal named by `TERM`.
    case setupFailed(term: String)
    /// The terminal named by `TERM` cannot move its cursor (`dumb`).
    case cannotMoveCursor(term: String)
    /// Another `CursesScreen` is still active.
    case alreadyActive

    public var description: String {
        switch self {
        case .notATerminal:
            return "the dashboard needs a terminal: standard input and output must both be a TTY"
        case .setupFailed(let term):
            return "cannot set up the terminal (TERM=\(term.isEmpty ? "unset" : term))"
        case .cannotMoveCursor(let term):
            return "TERM=\(term) cannot move the cursor: the dashboard needs a terminal that can"
                + " (try perflab run for a headless run)"
        case .alreadyActive:
            return "the terminal is already in use by another screen"
        }
    }
}
