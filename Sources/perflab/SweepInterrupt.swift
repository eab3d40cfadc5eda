import Foundation
import Synchronization

/// Ctrl-C or SIGTERM during `perflab sweep`: the first stops the sweep after the runs under
/// way (their points are printed, marked as interrupted); a second ends the process at once.
///
/// A sweep can run for hours, and the points it has finished are data: killing it outright
/// would throw them away. The handler only counts the signal and writes a fixed line (both
/// async-signal-safe); the sweep's threads ask ``requested`` before each run.
enum SweepInterrupt {
    /// Signals caught so far, and the first one's number.
    private static let count = Atomic<Int32>(0)
    private static let first = Atomic<Int32>(0)
    /// Whether standard error is a terminal, where the line first clears the progress bar.
    private static let terminal = Atomic<Bool>(false)

    /// Catches SIGINT and SIGTERM from now on.
    static func install() {
        terminal.store(isatty(2) != 0, ordering: .relaxed)
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { sig in
                if SweepInterrupt.count.wrappingAdd(1, ordering: .relaxed).oldValue == 0 {
                    SweepInterrupt.first.store(sig, ordering: .relaxed)
                    let clear: StaticString = "\r\u{1B}[K"
                    if SweepInterrupt.terminal.load(ordering: .relaxed) {
                        _ = write(2, clear.utf8Start, clear.utf8CodeUnitCount)
                    }
                    let line: StaticString =
                        "perflab sweep: stopping after the runs under way (again to quit now)\n"
                    _ = write(2, line.utf8Start, line.utf8CodeUnitCount)
                } else {
                    _exit(128 + sig)
                }
            }
        }
    }

    /// Whether a signal asked the sweep to stop.
    static var requested: Bool { count.load(ordering: .relaxed) > 0 }

    /// The signal that stopped the sweep, if one did.
    static var caught: Int32? {
        let s = first.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}
