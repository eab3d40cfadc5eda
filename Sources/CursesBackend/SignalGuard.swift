import CNCurses

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Restores the terminal when the process is interrupted or crashes.
///
/// btop's `term_resize`/`_exit_handler`/crash handling (`src/btop.cpp`): on SIGINT, SIGTERM
/// or SIGHUP a quit request is noted for the app to pick up as `InputEvent.quit` (a second
/// one, if the app has not quit yet, restores the terminal and dies of the signal); on
/// SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT and the other signals that dump core
/// (``crashSignals``) the terminal is restored with `endwin` and the signal re-raised with
/// its default action, so the crash still happens (and dumps core) but leaves a usable
/// shell. `endwin` is not async-signal-safe; like btop, we
/// accept that for a process that is dying anyway. An `atexit` hook covers `exit()`.
enum SignalGuard {
    /// Whether curses owns the terminal.
    nonisolated(unsafe) static var cursesActive: Bool = false
    /// Set by SIGINT/SIGTERM; read and cleared by the screen's input loop.
    nonisolated(unsafe) static var quitRequested: Bool = false
    nonisolated(unsafe) static var installed: Bool = false

    /// SIGHUP too (the terminal or the ssh session closed: the recording is finished as on
    /// `q`), unless it was ignored when perflab started (`nohup`).
    static let quitSignals: [Int32] =
        [SIGINT, SIGTERM] + (perflab_signal_ignored(SIGHUP) != 0 ? [] : [SIGHUP])
    /// Signals that end the process with a core dump (SIGQUIT is Ctrl-\ in a shell, or a
    /// `kill -QUIT`; SIGXCPU and SIGXFSZ are `ulimit -t` and `-f` reached): the terminal is
    /// given back first.
    static let crashSignals: [Int32] = [
        SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGQUIT, SIGTRAP, SIGSYS, SIGXCPU, SIGXFSZ,
    ]

    /// Installs the handlers (once per process).
    static func install() {
        guard !installed else { return }
        installed = true
        for sig in quitSignals {
            // Without SA_RESTART: a read ncurses blocks in returns, so one signal is enough.
            perflab_interrupting_signal(sig) { sig in
                if SignalGuard.quitRequested || !SignalGuard.cursesActive {
                    SignalGuard.restoreTerminal()
                    perflab_default_signal(sig)
                    raise(sig)
                    return
                }
                SignalGuard.quitRequested = true
            }
        }
        // A recording or cast written into a pipe whose reader went away (`--record
        // >(gzip > s.gz)`, gzip killed) fails that write with EPIPE and says so in the
        // footer; by default SIGPIPE killed the dashboard with the terminal left as it was.
        signal(SIGPIPE, SIG_IGN)
        // The input deadline's alarm does nothing but interrupt the read it is set for.
        perflab_interrupting_signal(SIGALRM) { _ in }
        for sig in crashSignals {
            signal(sig) { sig in
                SignalGuard.restoreTerminal()
                perflab_default_signal(sig)
                raise(sig)
            }
        }
        atexit { SignalGuard.restoreTerminal() }
    }

    /// Puts the terminal back in its normal mode if curses owns it.
    static func restoreTerminal() {
        guard cursesActive else { return }
        cursesActive = false
        curs_set(1)
        endwin()
    }

    /// Removes the handlers (back to the default actions).
    static func uninstall() {
        guard installed else { return }
        installed = false
        perflab_input_deadline(0)
        for sig in quitSignals + crashSignals + [SIGALRM, SIGPIPE] { perflab_default_signal(sig) }
    }
}
