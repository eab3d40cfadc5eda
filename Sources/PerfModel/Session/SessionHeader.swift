import SimKernel

/// The first line of a session file: what was simulated and from which starting point, so
/// that the session can be re-simulated from it.
public struct SessionHeader: Sendable, Equatable {
    /// Who wrote the session, which fixes how it is re-simulated.
    public enum Source: String, Sendable {
        /// `perflab run --record`: a headless run of ``duration`` after ``warmup``, then a drain.
        case run
        /// The dashboard: no fixed duration; re-simulated up to the last sample.
        case dashboard
    }

    public var version: Int64 = SessionFormat.version
    /// The program that wrote the session, like `perflab 0.1.0`.
    public var program: String = SessionFormat.programVersion
    public var source: Source
    public var scenario: String
    /// The services simulated (the canonical pipeline's one service unless the header
    /// says otherwise).
    public var topology: Topology = .single
    public var seed: UInt64
    /// Every knob's value at simulated time 0.
    public var knobs: KnobSet
    /// Simulated time measured after the warm-up (runs only).
    public var duration: SimTime?
    /// Simulated warm-up left out of a run's statistics.
    public var warmup: SimTime
    /// How long a run lets requests in flight finish after its end, at most (runs only).
    public var drainLimit: SimTime?
    /// Simulated time at which recording began (a dashboard may start recording mid-run:
    /// the knob changes before it are the first `knob` lines).
    public var startedAt: SimTime
    /// How many state changes (`event` lines) the simulation had made before recording
    /// began: a re-simulation leaves out that many of its own and checks every one after,
    /// whatever its time (events at ``startedAt`` itself may come before recording, from
    /// knob changes made earlier at the same instant, or after it). Nil in files written
    /// before perflab recorded it: their events at or before ``startedAt`` are left out.
    public var eventsBefore: Int?
    /// Knob names in the file that this perflab does not know (their values are ignored;
    /// such a session can be reported but not re-simulated).
    public var unknownKnobs: [String] = []

    public init(
        source: Source, scenario: String, topology: Topology = .single, seed: UInt64, knobs: KnobSet,
        duration: SimTime? = nil,
        warmup: SimTime = 0, drainLimit: SimTime? = nil, startedAt: SimTime = 0, eventsBefore: Int? = 0
    ) {
        self.source = source
        self.scenario = scenario
        self.topology = topology
        self.seed = seed
        self.knobs = knobs
        self.duration = duration
        self.warmup = warmup
        self.drainLimit = drainLimit
        self.startedAt = startedAt
        self.eventsBefore = eventsBefore
    }

    /// The header line.
    public var json: JSON {
        var knobText: [(String, JSON)] = []
        var exact: [(String, JSON)] = []
        for name in knobs.allNames {
            let (text, ex) = SessionFormat.knobText(name, knobs[name])
            knobText.append((name, .string(text)))
            if let ex { exact.append((name, ex)) }
        }
        var line: [(String, JSON)] = [
            ("type", .string("header")), ("format", .string(SessionFormat.name)), ("version", .int(version)),
            ("program", .string(program)), ("source", .string(source.rawValue)),
            ("scenario", .string(scenario)),
            ("seed", .int(Int64(bitPattern: seed))),
            ("duration_s", duration.map { .number(Time.seconds($0)) } ?? .null),
            ("warmup_s", .number(Time.seconds(warmup))),
            ("drain_limit_s", drainLimit.map { .number(Time.seconds($0)) } ?? .null),
            ("started_s", .number(Time.seconds(startedAt))),
            ("sample_interval_s", .number(1)),
            ("knobs", .object(knobText)),
        ]
        if let eventsBefore { line.append(("events_before", .int(Int64(eventsBefore)))) }
        if !exact.isEmpty { line.append(("knobs_exact", .object(exact))) }
        // Every topology but the canonical pipeline is written: one service with a plan of
        // its own (ten queries a request) re-simulates only with that plan.
        if topology != .single { line.append(("topology", topology.json)) }
        return .object(line)
    }

    /// Reads a header line, refusing another format or a newer version.
    public init(json line: JSON) throws {
        let f = JSONFields(line)
        guard try f.string("type") == "header" else {
            throw InputError(field: "type", "the first line is not a session header")
        }
        let format = try f.string("format")
        guard format == SessionFormat.name else {
            throw InputError(
                field: "format", "\"\(format)\" is not a perflab session (expected \"\(SessionFormat.name)\")"
            )
        }
        let v = try f.int("version")
        guard v >= 1 else {
            throw InputError(field: "version", "expected a version of 1 or more, found \(v)")
        }
        guard v <= SessionFormat.version else {
            throw InputError(
                field: "version",
                "session format version \(v) is newer than this perflab reads (\(SessionFormat.version)); "
                    + "use a newer perflab"
            )
        }
        let sourceText = try f.string("source", default: "run")
        guard let source = Source(rawValue: sourceText) else {
            throw InputError(field: "source", "\"\(sourceText)\" is neither run nor dashboard")
        }
        var topology = Topology.single
        if let t = line["topology"], t != .null {
            topology = try Topology(json: t)
        }
        var knobs = KnobSet(layout: topology.layout)
        var unknown: [String] = []
        guard let pairs = line["knobs"]?.objectPairs else {
            throw InputError(field: "knobs", "expected every knob's value")
        }
        for (name, text) in pairs {
            guard (try? knobs.resolve(name)) != nil else { unknown.append(name); continue }
            do {
                try knobs.set(
                    name, SessionFormat.knobValue(name, text: text, exact: line["knobs_exact"]?[name]))
            } catch let e as InputError {
                throw InputError(field: "knobs.\(name)", e.message)
            }
        }
        func time(_ field: String) throws -> SimTime? {
            guard f.value(field) != nil else { return nil }
            return Time.fromSeconds(try f.seconds(field))
        }
        self.init(
            source: source, scenario: try f.string("scenario"), topology: topology,
            seed: UInt64(bitPattern: Int64(try f.int("seed"))), knobs: knobs,
            duration: try time("duration_s"), warmup: try time("warmup_s") ?? 0,
            drainLimit: try time("drain_limit_s"), startedAt: try time("started_s") ?? 0, eventsBefore: nil)
        if let v = f.value("events_before"), v != .null {
            let n = try f.int("events_before")
            guard n >= 0 else {
                throw InputError(field: "events_before", "expected a count of 0 or more, found \(n)")
            }
            eventsBefore = n
        }
        version = Int64(v)
        program = try f.string("program")
        unknownKnobs = unknown
    }
}
