import Foundation
import Synchronization

/// Ctrl-C, SIGTERM or SIGHUP (the terminal or the ssh session closed; not under `nohup`,
/// which leaves it ignored) during `perflab sweep`, `run` or `cachesim`: the first asks the
/// work to stop where it can keep what it has (a sweep or a cachesim after the runs under
/// way, whose results are printed; a run at the next simulated second, whose summary so far
/// is printed), each marked as interrupted; a second ends the process at once.
///
/// A sweep or a long run can take hours, and what it has done is data: killing it outright
/// would throw that away. The handler only counts the signal and writes a fixed line (both
/// async-signal-safe); the work asks ``requested`` as it goes.
enum Interrupt {
    /// Signals caught so far, and the first one's number.
    private static let count = Atomic<Int32>(0)
    private static let first = Atomic<Int32>(0)
    /// Whether standard error is a terminal, where the line first clears the progress bar.
    private static let terminal = Atomic<Bool>(false)

    /// What the first signal's line says (set before ``install(saying:)``, read by the
    /// handler only after).
    nonisolated(unsafe) private static var line: StaticString = ""

    /// Catches SIGINT, SIGTERM and SIGHUP (unless ignored, as `nohup` leaves it) from now
    /// on; the first writes `line` to standard error.
    static func install(saying line: StaticString) {
        Interrupt.line = line
        terminal.store(isatty(2) != 0, ordering: .relaxed)
        for sig in [SIGINT, SIGTERM, SIGHUP] where !(sig == SIGHUP && ignored(sig)) {
            signal(sig) { sig in
                if Interrupt.count.wrappingAdd(1, ordering: .relaxed).oldValue == 0 {
                    Interrupt.first.store(sig, ordering: .relaxed)
                    let clear: StaticString = "\r\u{1B}[K"
                    if Interrupt.terminal.load(ordering: .relaxed) {
                        _ = write(2, clear.utf8Start, clear.utf8CodeUnitCount)
                    }
                    let line = Interrupt.line
                    _ = write(2, line.utf8Start, line.utf8CodeUnitCount)
                } else {
                    _exit(128 + sig)
                }
            }
        }
    }

    /// Whether `sig` is ignored (its disposition left so by whoever started perflab).
    static func ignored(_ sig: Int32) -> Bool {
        var current = sigaction()
        guard sigaction(sig, nil, &current) == 0 else { return false }
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1
    }

    /// Whether a signal asked the work to stop.
    static var requested: Bool { count.load(ordering: .relaxed) > 0 }

    /// Ends the process after stopped work: `message` on standard error as `perflab: …`,
    /// and the exit status the signal would have given (130 for SIGINT, 143 for SIGTERM, 129
    /// for SIGHUP).
    static func exit(signal: Int32, _ message: String) -> Never {
        FileHandle.standardError.write(Data("perflab: \(message)\n".utf8))
        Foundation.exit(128 + signal)
    }

    /// The signal that stopped the work, if one did.
    static var caught: Int32? {
        let s = first.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}
