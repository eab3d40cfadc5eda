import Foundation

/// Reads a session file written by ``SessionWriter``.
///
/// A session cut off mid-write reads back up to its last whole line, and the result says
/// that the end is missing (``Session/endMissing``, ``Session/cutOffLine``). Anything else
/// wrong, such as a line that is not JSON, a first line that is not a `perflab-session`
/// header, a newer format version or a field of the wrong kind, throws an ``InputError``
/// naming the file, the line and the field.
public enum SessionReader {
    /// Reads the session at `path`.
    ///
    /// `progress` hears the bytes read and the file's size at every ``progressStep`` bytes (a
    /// 200 MB session takes seconds to read, and a replay shows nothing until it is read).
    public static func read(path: String, progress: ((_ read: Int, _ size: Int) -> Void)? = nil) throws
        -> Session
    {
        try read(
            data: InputFile.contents(
                atPath: path, kind: "session", limit: InputFile.sessionLimit, form: .jsonLines),
            file: path, progress: progress)
    }

    /// How many bytes are read between two calls of a reader's `progress`.
    public static let progressStep = 1 << 20

    /// Reads a session from its bytes; `file` names it in messages.
    ///
    /// The lines are read where they lie, one at a time: a copy of the file's bytes and a
    /// list of its lines had cost as much memory again as the file (4 GB files are read).
    public static func read(
        data: Data, file: String, progress: ((_ read: Int, _ size: Int) -> Void)? = nil
    ) throws -> Session {
        try data.withUnsafeBytes { try read(bytes: $0, file: file, progress: progress) }
    }

    /// `progress` hears how far it has come every `step` bytes or so.
    static func read(
        bytes: UnsafeRawBufferPointer, file: String, progress: ((Int, Int) -> Void)? = nil,
        step: Int = progressStep
    ) throws -> Session {
        let n = bytes.count
        guard n > 0 else { throw InputError(file: file, "is empty: not a perflab session") }
        var nextReport = step
        var session: Session?
        var cutOff: Int?
        var totals = Totals()
        var lineCount = 0
        var start = 0
        while start < n {
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            lineCount += 1
            let lineNo = lineCount
            // A line without its newline (the file's last), perhaps cut off.
            let isUnfinished = end == n
            let raw = bytes[start..<end]
            start = end + 1
            if start >= nextReport, let progress {
                progress(min(start, n), n)
                nextReport = start + step
            }
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let json: JSON
            do {
                json = try JSON.parse(bytes: Array(raw))
            } catch let e as JSON.ParseError {
                if isUnfinished {
                    guard session != nil else {
                        throw InputError(file: file, line: lineNo, "the session is cut off inside its header")
                    }
                    cutOff = lineNo
                    break
                }
                throw InputError(file: file, line: lineNo, "not JSON: \(e)")
            }
            do {
                guard json.objectPairs != nil else { throw InputError("expected a JSON object") }
                guard var s = session else {
                    session = Session(file: file, header: try SessionHeader(json: json))
                    continue
                }
                // `s` the only holder of the lists it appends to (each line copied them all).
                session = nil
                guard s.end == nil else { throw InputError("a line after the end line") }
                try add(json, line: lineNo, to: &s)
                if json["type"]?.string == "sample", let r = s.samples.last { try totals.add(r) }
                session = s
            } catch let e as InputError {
                throw e.at(file: file, line: lineNo)
            }
        }
        guard var s = session else { throw InputError(file: file, "has no header: not a perflab session") }
        s.cutOffLine = cutOff
        s.lineCount = lineCount
        return s
    }

    /// Every count over the samples read so far: a session whose counts add up to more
    /// than ``SampleCodec/countLimit`` is refused, so that nothing that sums a stretch of
    /// it (reports, comparisons, replays) can overflow.
    struct Totals {
        var counters = Counters()
        var backends: [BackendCounters] = []
        var latency: UInt64 = 0

        mutating func add(_ r: RecordedSample) throws {
            func sum(_ a: inout UInt64, _ b: UInt64, _ field: String) throws {
                let (s, overflow) = a.addingReportingOverflow(b)
                guard !overflow, s <= SampleCodec.countLimit else {
                    throw InputError(field: field, "the samples' counts add up to more than 2^62")
                }
                a = s
            }
            for (group, fields) in Counters.groups {
                for (name, path) in fields {
                    try sum(&counters[keyPath: path], r.sample.counters[keyPath: path], "\(group).\(name)")
                }
            }
            for (k, b) in r.sample.backends.enumerated() {
                if backends.count <= k { backends.append(BackendCounters()) }
                try sum(&backends[k].requests, b.counters.requests, "backends[\(k)].requests")
                try sum(&backends[k].errors, b.counters.errors, "backends[\(k)].errors")
                try sum(&backends[k].waited, b.counters.waited, "backends[\(k)].waited")
            }
            try sum(&latency, r.histogram?.count ?? 0, "latency.count")
        }
    }

    static func add(_ json: JSON, line: Int, to s: inout Session) throws {
        guard let type = json["type"]?.string else { throw InputError(field: "type", "missing") }
        switch type {
        case "header":
            throw InputError(field: "type", "a second header")
        case "knob":
            s.knobChanges.append(try KnobChange(json: json))
            s.knobChangeLines.append(line)
        case "sample":
            let (sample, histogram) = try SampleCodec.decodeCompact(json)
            s.samples.append(RecordedSample(line: line, sample: sample, histogram: histogram))
        case "event":
            let f = JSONFields(json)
            s.events.append(
                RecordedEvent(
                    t: try f.seconds("t"), kind: try f.string("kind"), detail: try f.string("detail"),
                    service: json["service"]?.string, subject: json["subject"]?.string))
            s.eventLines.append(line)
        case "end":
            s.end = json
        default:
            // A later version-1 writer may add line types; they carry nothing this reader needs.
            break
        }
    }
}
