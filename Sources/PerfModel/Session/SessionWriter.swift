import Foundation
import SimKernel

/// Writes a session file as it happens: the header at once, then one line per knob change,
/// sample and event, and the `end` line from ``finish(summary:)``.
///
/// Each line goes to the file in one `write(2)` as soon as it is recorded, so a process
/// killed mid-run loses at most the line in progress; ``finish(summary:)`` writes the end
/// and `fsync`s. Writing cannot fail loudly inside a simulation callback, so the first
/// write error is kept (``error``) and thrown by ``finish(summary:)``.
///
/// The dashboard uses it the same way as `perflab run --record`: create it with a header
/// (``SessionHeader/Source/dashboard``, ``SessionHeader/startedAt`` the current simulated
/// time, and the knob changes made before recording began as `priorChanges`), call
/// ``attach(to:)`` or feed ``record(sample:)`` and ``record(event:)`` from its own
/// listeners, call ``record(knob:old:new:at:)`` for every change, and ``finish(summary:)``
/// when recording stops.
public final class SessionWriter {
    /// The file being written.
    public let path: String
    public let header: SessionHeader
    private var fd: Int32
    /// The first write error, if any (later lines are then dropped).
    public private(set) var error: InputError?
    public private(set) var linesWritten = 0
    public private(set) var bytesWritten = 0
    public private(set) var samplesWritten = 0
    public private(set) var knobChangesWritten = 0
    public private(set) var eventsWritten = 0
    /// Simulated time of the latest line, seconds.
    public private(set) var lastTime: Double = 0

    /// Creates (or replaces) the file at `path` and writes the header, then `priorChanges`
    /// (the knob changes since simulated time 0 that came before recording began).
    ///
    /// The header is written to a temporary file beside `path` that is then renamed onto
    /// it, so that a process killed at any moment leaves either no file (or the one it
    /// replaces) or a session whose header is whole. Where that cannot be done (`path` is
    /// not a regular file, or its folder is not writable) the file is written in place.
    public init(path: String, header: SessionHeader, priorChanges: [KnobChange] = []) throws {
        self.path = path
        self.header = header
        lastTime = Time.seconds(header.startedAt)
        let headerLine = Array((header.json.text + "\n").utf8)
        fd = -1
        if let staged = SessionWriter.stage(headerLine, at: path) {
            fd = staged
            linesWritten = 1
            bytesWritten = headerLine.count
        } else {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw InputError(
                    file: path, "cannot write the session file: \(String(cString: strerror(errno)))")
            }
            write(bytes: headerLine, count: headerLine.count)
        }
        for c in priorChanges { record(c) }
        if let error { throw error }
    }

    /// Writes `header` to a new temporary file in the folder of `path` and renames it to
    /// `path`; returns the open descriptor, or nil (leaving nothing behind) when `path`
    /// exists but is not a regular file or any step fails.
    private static func stage(_ header: [UInt8], at path: String) -> Int32? {
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG { return nil }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(folder).\(name).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        let written = header.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
        guard written, rename(temporary, path) == 0 else {
            close(fd)
            unlink(temporary)
            return nil
        }
        return fd
    }

    /// Whether lines are still being written (not finished, no write error).
    public var isOpen: Bool { fd >= 0 && error == nil }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Records a knob change made at simulated time `t` (from a script or by hand).
    public func record(knob name: String, old: KnobValue, new: KnobValue, at t: SimTime) {
        record(KnobChange(at: t, name: name, old: old, new: new))
    }

    public func record(_ change: KnobChange) {
        guard isOpen else { return }
        knobChangesWritten += 1
        write(change.json)
    }

    /// Records a sample (with its histogram when the pipeline keeps them).
    public func record(sample: Sample) {
        guard isOpen else { return }
        samplesWritten += 1
        lastTime = max(lastTime, sample.t)
        let n = SampleCodec.write(sample, into: &lineBuffer)
        write(bytes: lineBuffer, count: n)
    }

    /// Records a state change.
    public func record(event: ModelEvent) {
        guard isOpen else { return }
        eventsWritten += 1
        var fields: [(String, JSON)] = [
            ("type", .string("event")), ("t", .number(event.t)), ("kind", .string(event.kind.rawValue)),
            ("detail", .string(event.detail)),
        ]
        if let s = event.service {
            fields.append(("service", .string(s)))
            if event.kind == .breaker { fields.append(("subject", .string(event.subject))) }
        }
        write(.object(fields))
    }

    /// Makes `pipeline` keep sample histograms and records its samples and events, after
    /// whatever listeners it already had (attach after setting your own). The listeners
    /// hold the writer weakly: once it is finished or gone they only pass on to the
    /// earlier ones; ``detach(from:)`` puts those back as they were.
    public func attach(to pipeline: Simulation) {
        let sampleListener = pipeline.onSample
        let eventListener = pipeline.onEvent
        saved = (sampleListener, eventListener, pipeline.keepsSampleHistograms)
        pipeline.keepsSampleHistograms = true
        pipeline.onSample = { [weak self] s in
            sampleListener?(s)
            self?.record(sample: s)
        }
        pipeline.onEvent = { [weak self] e in
            eventListener?(e)
            self?.record(event: e)
        }
    }

    /// Gives `pipeline` back the listeners (and histogram setting) it had before
    /// ``attach(to:)``: for the dashboard's `r` turning recording off.
    public func detach(from pipeline: Simulation) {
        guard let saved else { return }
        pipeline.onSample = saved.sample
        pipeline.onEvent = saved.event
        pipeline.keepsSampleHistograms = saved.keepsHistograms
        self.saved = nil
    }

    /// Reused for every sample line.
    private var lineBuffer: [UInt8] = []

    private var saved: (sample: ((Sample) -> Void)?, event: ((ModelEvent) -> Void)?, keepsHistograms: Bool)?

    /// Writes the `end` line with `summary` (a run summary without its timeline, or a
    /// headline of the dashboard's figures), `fsync`s and closes the file. Throws the first
    /// write error.
    public func finish(summary: JSON?, at t: SimTime? = nil) throws {
        guard fd >= 0 else { return }
        if let t { lastTime = max(lastTime, Time.seconds(t)) }
        write(
            .object([
                ("type", .string("end")), ("t", .number(lastTime)), ("samples", .int(Int64(samplesWritten))),
                ("knob_changes", .int(Int64(knobChangesWritten))), ("events", .int(Int64(eventsWritten))),
                ("summary", summary ?? .null),
            ]))
        // A pipe or /dev/null cannot be synced (EINVAL): that is no write error.
        if error == nil, fsync(fd) != 0, errno != EINVAL { fail() }
        close(fd)
        fd = -1
        if let error { throw error }
    }

    /// A run summary without its timeline (the samples hold the timeline, exactly).
    public static func summary(withoutTimeline s: JSON) -> JSON {
        guard let pairs = s.objectPairs else { return s }
        return .object(pairs.filter { $0.0 != "timeline" })
    }

    private func write(_ line: JSON) {
        if let t = line["t"]?.double { lastTime = max(lastTime, t) }
        var text = line.text
        text.append("\n")
        let bytes = Array(text.utf8)
        write(bytes: bytes, count: bytes.count)
    }

    /// Writes one whole line (newline included) in one `write(2)`, or as few as the
    /// kernel allows.
    private func write(bytes: [UInt8], count: Int) {
        guard fd >= 0, error == nil else { return }
        bytes.withUnsafeBufferPointer { all in
            let buf = UnsafeBufferPointer(rebasing: all[..<count])
            var offset = 0
            while offset < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    fail()
                    return
                }
                offset += n
            }
            bytesWritten += buf.count
        }
        linesWritten += 1
    }

    private func fail() {
        error = InputError(file: path, "cannot write the session file: \(String(cString: strerror(errno)))")
    }
}
