import PerfModel
import TerminalCanvas

/// A recorded session being played in the dashboard: its samples, knob values and event
/// log as they were at ``position``, drawn from the file, never re-simulated.
public struct ReplayState {
    /// The speeds `[` and `]` step through in replay.
    public static let speeds = DashboardModel.speeds

    /// The session file, as given.
    public let file: String
    public let session: Session
    /// Every recorded sample, in time order.
    public let samples: [Sample]
    /// The knob changes and events as event-log entries, in time order.
    let entries: [EventLogEntry]
    /// The simulated seconds the replay starts and ends at.
    public let start: Double
    public let end: Double
    /// The simulated time shown, seconds.
    public private(set) var position: Double
    /// Simulated seconds per wall second.
    public internal(set) var speed: Double
    /// How many samples end at or before ``position``.
    public private(set) var shownCount = 0
    /// Every knob's value at ``position``.
    public private(set) var knobs: KnobSet

    /// A replay of `session` at its start, playing at `speed`.
    public init(file: String, session: Session, speed: Double = 1) {
        self.file = file
        self.session = session
        samples = session.samples.map(\.sample)
        var knobs = session.header.knobs
        var entries: [EventLogEntry] = []
        var changes = session.knobChanges[...]
        for event in session.events {
            while let c = changes.first, Double(c.at) / 1e9 <= event.t {
                entries.append(Self.entry(c, knobs: &knobs))
                changes = changes.dropFirst()
            }
            entries.append(DashboardUpdate.logEntry(for: event))
        }
        for c in changes { entries.append(Self.entry(c, knobs: &knobs)) }
        self.entries = entries
        let first = samples.first.map { $0.t - $0.interval } ?? Double(session.header.startedAt) / 1e9
        start = max(0, first)
        end = max(start, samples.last?.t ?? start)
        position = start
        self.speed = min(100, max(0.1, speed))
        self.knobs = session.header.knobs
        seek(to: start)
    }

    static func entry(_ c: KnobChange, knobs: inout KnobSet) -> EventLogEntry {
        try? knobs.set(c.name, c.new)
        return EventLogEntry(t: Double(c.at) / 1e9, text: "\(c.name) = \(knobs.formatted(c.name))")
    }

    /// The length of the recording, seconds.
    public var length: Double { end - start }
    /// Whether the position is at the end.
    public var atEnd: Bool { position >= end }

    /// Moves to `t` (clamped to the recording) and updates what is shown.
    public mutating func seek(to t: Double) {
        position = min(end, max(start, t))
        var lo = 0
        var hi = samples.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if samples[mid].t <= position + 1e-9 { lo = mid + 1 } else { hi = mid }
        }
        shownCount = lo
        knobs = session.knobs(at: Int64((position * 1e9).rounded()))
    }

    /// The event-log entries up to the position, at most `limit`.
    public func log(limit: Int) -> [EventLogEntry] {
        Array(entries.prefix { $0.t <= position + 1e-9 }.suffix(limit))
    }

    /// The simulated times of knob changes up to the position (marked on the charts).
    public var knobMarks: [Double] {
        session.knobChanges.map { Double($0.at) / 1e9 }.filter { $0 <= position + 1e-9 }
    }

    /// The next speed above (`faster`) or below the current one, within 0.1×–100×.
    mutating func changeSpeed(faster: Bool) {
        if faster {
            speed = Self.speeds.first { $0 > speed + 1e-9 } ?? speed
        } else {
            speed = Self.speeds.last { $0 < speed - 1e-9 } ?? speed
        }
    }
}

extension DashboardModel {
    /// A dashboard that plays `session` (read from `file`) instead of simulating.
    public init(
        replay session: Session, file: String, speed: Double = 1, themes: [Theme] = [Theme.standard],
        themeIndex: Int = 0, width: Int = 120, height: Int = 40
    ) throws {
        try self.init(
            knobs: session.header.knobs, scenarioName: session.header.scenario, seed: session.header.seed,
            assignments: [], themes: themes, themeIndex: themeIndex, width: width, height: height,
            topology: session.header.topology)
        replay = ReplayState(file: file, session: session, speed: speed)
        status = "REPLAY: Space pauses · ←/→ seek 5 s · PgUp/PgDn 60 s · Home/End · [ ] speed · q quits"
        syncReplay()
    }

    /// Copies what the replay shows at its position into the log and chart marks.
    mutating func syncReplay() {
        guard let replay else { return }
        log = replay.log(limit: Self.logCapacity)
        knobMarks = replay.knobMarks
        selected = min(selected, knobNames.count - 1)
    }
}
