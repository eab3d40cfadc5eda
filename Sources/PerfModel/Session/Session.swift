import SimKernel

/// A session file read back: its header, knob changes, samples, events and end.
///
/// Build one with ``SessionReader``. The lists are in file order, which is simulated-time
/// order.
public struct Session: Sendable {
    /// The file it was read from (for messages).
    public var file: String
    public var header: SessionHeader
    public var knobChanges: [KnobChange] = []
    /// The line of each knob change.
    public var knobChangeLines: [Int] = []
    public var samples: [RecordedSample] = []
    public var events: [RecordedEvent] = []
    /// The line of each event.
    public var eventLines: [Int] = []
    /// The `end` line, or nil when the session was cut off before it.
    public var end: JSON?
    /// The line number of an incomplete last line that was left out, if any.
    public var cutOffLine: Int?
    /// Lines in the file, the left-out one included.
    public var lineCount = 0

    public init(file: String, header: SessionHeader) {
        self.file = file
        self.header = header
    }

    /// Whether the session ends without its `end` line (the process was killed, or the
    /// file was cut).
    public var endMissing: Bool { end == nil }

    /// The simulated time of the `end` line (where recording stopped), if there is one.
    public var endTime: SimTime? {
        guard let t = end?["t"]?.double, t.isFinite, t >= 0 else { return nil }
        return Time.fromSeconds(t)
    }

    /// One line about a missing end, or nil when the session is whole.
    public var endMissingNote: String? {
        guard endMissing else { return nil }
        let last = samples.last.map { "t=\(SessionFormat.seconds($0.sample.t))" } ?? "the header"
        if let cut = cutOffLine {
            return
                "\(file): the end is missing: line \(cut) is cut off; read up to line \(cut - 1) "
                + "(\(samples.count) samples, to \(last))"
        }
        return
            "\(file): the end is missing: no end line after line \(lineCount) (\(samples.count) samples, to "
            + "\(last))"
    }

    /// Every knob's value at simulated time `t`: the header's, with the changes made up to
    /// and including `t`.
    public func knobs(at t: SimTime) -> KnobSet {
        var k = header.knobs
        for c in knobChanges where c.at <= t { try? k.set(c.name, c.new) }
        return k
    }

    /// The run's measured span in simulated seconds, `(warmup, warmup + duration)`, for a
    /// run session; nil for a dashboard session.
    public var measuredSpan: (from: Double, to: Double)? {
        guard header.source == .run, let d = header.duration else { return nil }
        return (Time.seconds(header.warmup), Time.seconds(header.warmup + d))
    }

    /// The samples whose whole interval lies within `from`…`to` (simulated seconds; nil
    /// for no bound).
    public func samples(from: Double?, to: Double?) -> [RecordedSample] {
        let eps = 1e-9
        return samples.filter { r in
            let start = r.sample.t - r.sample.interval
            return (from.map { start >= $0 - eps } ?? true) && (to.map { r.sample.t <= $0 + eps } ?? true)
        }
    }
}
