import Foundation
import PerfModel
import SimKernel
import TerminalCanvas

/// Writes the frames the dashboard presents into an asciicast v2 file, as the ANSI output
/// a terminal would have received (``AnsiFrameEncoder``): the first frame in full, then
/// only the cells that changed, with a resize event and a full frame when the size changes.
public final class CastRecorder {
    public let path: String
    private let handle: FileHandle
    private var encoder = AnsiFrameEncoder()
    private var started: ContinuousClock.Instant?
    private let clock = ContinuousClock()
    private let term: String
    /// Output events written so far.
    public private(set) var eventsWritten = 0

    /// Creates (or replaces) the file; throws `InputError` when it cannot.
    public init(path: String, term: String = ProcessInfo.processInfo.environment["TERM"] ?? "xterm-256color")
        throws
    {
        self.path = path
        self.term = term
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw InputError(file: path, "cannot write the cast file: \(String(cString: strerror(errno)))")
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// Records one presented frame.
    public func frame(_ buffer: CellBuffer) {
        let seconds: Double
        if let started {
            seconds = Time.seconds(clock.now - started)
            if let previous = encoder.previous, previous.area != buffer.area {
                write(Asciicast.resize(width: buffer.width, height: buffer.height, at: seconds))
            }
        } else {
            started = clock.now
            seconds = 0
            write(
                Asciicast.header(
                    width: buffer.width, height: buffer.height, timestamp: Int(Date().timeIntervalSince1970),
                    term: term))
        }
        let data = encoder.encode(buffer)
        guard !data.isEmpty else { return }
        write(Asciicast.output(data, at: seconds))
        eventsWritten += 1
    }

    /// Flushes the file to disk.
    public func finish() {
        try? handle.synchronize()
    }

    private func write(_ line: String) {
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }
}
