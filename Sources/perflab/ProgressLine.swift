import Foundation

/// A progress bar on one line of standard error, redrawn in place, for a terminal only:
/// `sweep ██████····· 12/30 runs`, `run ███········ 600/3000 simulated s`. Nothing is drawn
/// through a pipe or into a file, or before `after` seconds of wall time (a run that ends
/// at once shows none), or once Ctrl-C has been caught (``Interrupt``'s line stands where
/// the bar was), and it is redrawn at most ten times a second.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let unit: String
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private let after: Duration
    private var last: ContinuousClock.Instant?

    /// A bar named `label` counting in `unit`; nil when standard error is not a terminal,
    /// unless `always`.
    init?(_ label: String, unit: String, after seconds: Double = 0, always: Bool = false) {
        guard always || isatty(STDERR_FILENO) != 0 else { return nil }
        self.label = label
        self.unit = unit
        started = clock.now
        after = .milliseconds(Int64(seconds * 1000))
    }

    /// Shows `done` of `total`, and `note` after them.
    func show(_ done: Double, of total: Double, note: String = "") {
        lock.lock()
        defer { lock.unlock() }
        let now = clock.now
        guard !Interrupt.requested, now - started >= after else { return }
        if let last, now - last < .milliseconds(100) { return }
        last = now
        let width = 30
        let filled = total <= 0 ? width : Swift.max(0, Swift.min(width, Int(Double(width) * done / total)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let count = "\(ProgressLine.number(done))/\(ProgressLine.number(total)) \(unit)"
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(count)\(note)\u{1B}[K".utf8))
    }

    /// Takes the bar away, if it was drawn.
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        if last != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        last = nil
    }

    /// A whole number as it is, anything else to one decimal.
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.1f", x)
    }
}
