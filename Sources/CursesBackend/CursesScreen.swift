import CNCurses
import TerminalCanvas

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real terminal, through ncurses: presents cell buffers and reads input events.
///
/// The backend half of ratatui's `Terminal` + `CrosstermBackend` and of swift-nio's
/// core/backend split (`TerminalScreen` is the core, `MemoryScreen` the test double).
/// Setup follows ncurses' manual and btop: `setlocale`, `newterm`, `raw` (Ctrl-C arrives
/// as a key), `noecho`, `keypad`, `curs_set(0)`, mouse presses and wheel, colours with
/// the terminal's defaults. Each `present` writes only the cells that changed since the
/// previous frame and ends with one `wnoutrefresh` + `doupdate`. SIGINT/SIGTERM become
/// `InputEvent.quit`; crashes restore the terminal first (see `SignalGuard`).
///
/// One screen may be active at a time; call `restore()` when done (it also runs on
/// deinit and at exit).
public final class CursesScreen: TerminalScreen {
    /// Whether standard input and output are both terminals (`isatty`).
    public static var isTerminal: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    public private(set) var width: Int
    public private(set) var height: Int
    public let colorMode: ColorMode

    private let window: UnsafeMutablePointer<WINDOW>
    private let palette: CursesPalette
    private var previous: CellBuffer?
    private var active = true
    private var pendingResize: InputEvent?
    private let attributeBits: [attr_t]

    /// Takes over the terminal.
    ///
    /// - Parameters:
    ///   - colorMode: forces a colour mode (never above what the terminal can show);
    ///     nil detects it (`ColorModeDetection`).
    ///   - mouse: whether to report clicks and the wheel.
    ///   - environment: the environment to read `NO_COLOR`, `COLORTERM` and `TERM` from.
    public init(
        colorMode: ColorMode? = nil, mouse: Bool = true,
        environment: [String: String] = CursesScreen.processEnvironment()
    ) throws(CursesError) {
        guard CursesScreen.isTerminal else { throw .notATerminal }
        guard !SignalGuard.cursesActive else { throw .alreadyActive }
        _ = perflab_utf8_locale()
        // Short ESC wait: a lone Escape is reported after 25 ms instead of 1 s.
        set_escdelay(25)
        guard perflab_newterm() != nil, let window = perflab_stdscr() else {
            throw .setupFailed(term: environment["TERM"] ?? "")
        }
        guard perflab_can_address() != 0 else {
            endwin()
            throw .cannotMoveCursor(term: environment["TERM"] ?? "")
        }
        self.window = window
        SignalGuard.cursesActive = true
        SignalGuard.quitRequested = false
        SignalGuard.install()
        raw()
        noecho()
        nonl()
        keypad(window, true)
        leaveok(window, true)
        curs_set(0)
        if mouse {
            // The releases are asked for only to be dropped (CursesInputDecoder.mouse):
            // ncurses reads on, blocking, after a report its mask leaves out, so without
            // them every click froze the dashboard until the next key.
            let mask =
                perflab_button1_pressed() | perflab_button2_pressed() | perflab_button3_pressed()
                | perflab_button4_pressed() | perflab_button5_pressed() | perflab_button1_released()
                | perflab_button2_released() | perflab_button3_released() | perflab_button4_released()
                | perflab_button5_released()
            mousemask(mask, nil)
            mouseinterval(0)
        }
        var detected = ColorMode.none
        if has_colors() {
            start_color()
            use_default_colors()
            detected = ColorModeDetection.detect(
                environment: environment, hasColors: true, colors: Int(perflab_colors()),
                canChangeColor: can_change_color())
        }
        let mode = min(detected, colorMode ?? detected)
        self.colorMode = mode
        palette = CursesPalette(mode: mode, colors: perflab_colors(), colorPairs: perflab_color_pairs())
        attributeBits = [
            perflab_a_bold(), perflab_a_dim(), perflab_a_italic(), perflab_a_underline(), perflab_a_reverse(),
        ]
        var rows: Int32 = 0, columns: Int32 = 0
        perflab_getmaxyx(window, &rows, &columns)
        width = Int(columns)
        height = Int(rows)
    }

    deinit { restore() }

    /// The process environment, as a dictionary.
    public static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            pointer += 1
        }
        return result
    }

    /// Gives the terminal back (`endwin`): normal mode, cursor shown, mouse off.
    /// Safe to call more than once.
    public func restore() {
        guard active else { return }
        active = false
        SignalGuard.restoreTerminal()
        SignalGuard.uninstall()
    }

    /// Ctrl-Z: the terminal given back, then SIGTSTP to the whole process group (the job),
    /// as vim does (`perflab_suspend`): a shell or script perflab runs under (`(perflab;
    /// …)`, a wrapper) stops with it, so that the interactive shell sees the job stopped
    /// and `fg` resumes it (stopping perflab alone left such a terminal with neither the
    /// dashboard nor a prompt). The next frame is drawn whole, in the dashboard's modes.
    public func suspend() {
        guard active else { return }
        perflab_suspend()
        invalidate()
    }

    /// Makes the next `present` redraw every cell (for Ctrl-L, or after another program
    /// wrote to the terminal).
    public func invalidate() {
        previous = nil
        perflab_clear_next_refresh()
    }

    public func present(_ buffer: CellBuffer) {
        guard active else { return }
        if palette.needsReset {
            palette.reset()
            previous = nil
            perflab_clear_next_refresh()
        }
        let runs: [CellRun]
        if let previous, previous.area == buffer.area {
            runs = buffer.diff(from: previous)
        } else {
            werase(window)
            runs = buffer.diff(from: CellBuffer(width: 0, height: 0))
        }
        var lastStyle: Cell?
        var lastAttrs: attr_t = 0
        var lastPair: Int32 = 0
        buffer.cells.withUnsafeBufferPointer { cells in
            for run in runs where run.y < height {
                var first = true
                let base = (run.y - buffer.area.y) * buffer.width - buffer.area.x
                for x in run.x..<min(run.x + run.count, width) {
                    let cell = cells[base + x]
                    if cell.isContinuation { continue }
                    if lastStyle == nil || !cell.hasSameStyle(as: lastStyle ?? cell) {
                        lastPair = palette.pair(foreground: cell.foreground, background: cell.background)
                        lastAttrs = attributes(cell.attributes)
                        lastStyle = cell
                    }
                    perflab_put_cell(
                        window, Int32(run.y), Int32(x), wchar_t(bitPattern: cell.scalar.value), lastAttrs,
                        lastPair, first ? 1 : 0)
                    first = false
                }
            }
        }
        wnoutrefresh(window)
        doupdate()
        previous = buffer
    }

    private func attributes(_ attributes: TextAttributes) -> attr_t {
        guard attributes.rawValue != 0 else { return 0 }
        var bits: attr_t = 0
        let order: [TextAttributes] = [.bold, .dim, .italic, .underline, .reverse]
        for (index, flag) in order.enumerated() where attributes.contains(flag) {
            bits |= attributeBits[index]
        }
        return bits
    }

    public func nextEvent(timeout: Duration?) -> InputEvent? {
        guard active else { return nil }
        if let resize = pendingResize {
            pendingResize = nil
            return resize
        }
        let totalMilliseconds = timeout.map { CursesScreen.milliseconds($0) }
        var waited = 0
        while true {
            if SignalGuard.quitRequested {
                SignalGuard.quitRequested = false
                return .quit
            }
            // Wait in slices so a quit signal is noticed even while blocking.
            let slice = totalMilliseconds.map { min(250, max(0, $0 - waited)) } ?? 250
            var character: wint_t = 0
            let status = readCharacter(&character, waiting: slice)
            if status != ERR {
                if let event = decode(status: status, character: character) { return event }
                continue
            }
            waited += slice
            if let total = totalMilliseconds, waited >= total {
                if SignalGuard.quitRequested {
                    SignalGuard.quitRequested = false
                    return .quit
                }
                return nil
            }
        }
    }

    /// `wget_wch` waiting at most `milliseconds`, with the input deadline: ncurses that has
    /// read the start of a mouse report (ESC [ M) reads the rest in a blocking read, whatever
    /// the timeout, so a report cut off, or Alt-[ then M typed (after an Escape too), would
    /// hold the dashboard until three more bytes came. An alarm 250 ms past the wait
    /// interrupts that read; ncurses then returns what it has.
    private func readCharacter(_ character: inout wint_t, waiting milliseconds: Int) -> Int32 {
        wtimeout(window, Int32(milliseconds))
        perflab_input_deadline(Int32(milliseconds + 250))
        defer { perflab_input_deadline(0) }
        return wget_wch(window, &character)
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(clamping: max(0, ms))
    }

    /// Turns one `wget_wch` result into an event; nil for input to ignore.
    private func decode(status: Int32, character: wint_t) -> InputEvent? {
        if status == KEY_CODE_YES {
            let code = Int32(bitPattern: character)
            switch code {
            case KEY_RESIZE:
                var rows: Int32 = 0, columns: Int32 = 0
                perflab_getmaxyx(window, &rows, &columns)
                width = Int(columns)
                height = Int(rows)
                previous = nil
                return .resize(width: width, height: height)
            case KEY_MOUSE:
                var event = MEVENT()
                guard getmouse(&event) == OK else { return nil }
                return CursesInputDecoder.mouse(event)
            default:
                return CursesInputDecoder.key(code: code).map { .key($0) }
            }
        }
        if character == 0x1B {
            // Escape alone, or Alt + a key (ESC then the key), or an unknown sequence.
            var next: wint_t = 0
            let nextStatus = readCharacter(&next, waiting: 0)
            if nextStatus == ERR { return .key(KeyPress(.escape)) }
            if nextStatus == OK && (next == 0x5B || next == 0x4F) {
                // An escape sequence ncurses did not recognise: drop it up to its final byte.
                var byte: wint_t = 0
                while readCharacter(&byte, waiting: 0) == OK && !(0x40...0x7E).contains(byte) {}
                return nil
            }
            if nextStatus == OK, var press = CursesInputDecoder.key(character: next) {
                press.modifiers.insert(.alt)
                return .key(press)
            }
            return .key(KeyPress(.escape))
        }
        return CursesInputDecoder.key(character: character).map { .key($0) }
    }
}
