import Foundation
import PerfModel
import TerminalCanvas

/// The dashboard's whole state: the running simulation and everything the screen shows.
///
/// bubbletea's model. Only ``DashboardUpdate/update(_:_:)`` changes it; the view reads it.
/// The simulation is a reference (it is large and advanced in place), so the model is
/// "pure-ish": the numbers it shows depend only on the seed and on the simulated times of
/// knob changes, never on frame timing.
public struct DashboardModel {
    /// The speeds `[` and `]` step through (simulated seconds per wall second).
    public static let speeds: [Double] = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]
    /// The chart windows `z` and `Z` step through, in seconds.
    public static let windows: [Double] = [30, 60, 120, 300, 600]
    /// The most simulated wall time one frame may cover; longer frames count as lag.
    public static let maxFrameWall = 0.25
    /// Events processed between two looks at the clock when a frame has a budget (a few
    /// milliseconds of work).
    static let eventsPerStep = 20_000
    /// How many entries the event log keeps.
    public static let logCapacity = 200

    public internal(set) var simulation: Simulation
    let inbox = EventInbox()
    /// The scenario's name as shown in the header.
    public internal(set) var scenarioName: String
    /// The scenarios `p` steps through: every preset, then every example topology, and first
    /// the starting scenario when it is neither (a file of the user's, `""` here).
    public internal(set) var scenarioCycle: [String] = []
    /// The index in ``scenarioCycle`` of the scenario running.
    public internal(set) var presetIndex: Int?
    /// The scenario the dashboard started with, to come back to.
    var startScenario: Scenario?
    /// The `--set` assignments given at start, re-applied when a preset is picked.
    public internal(set) var startAssignments: [String]
    public internal(set) var seed: UInt64
    /// The service whose cards and knobs are shown (the entry service at first).
    public internal(set) var selectedService = 0
    /// The index into `simulation.knobs.visibleNames` of the selected knob.
    public internal(set) var selected = 0
    public internal(set) var paused = false
    public internal(set) var speedIndex = 3
    public internal(set) var windowIndex = 1
    public internal(set) var logScale = false
    public internal(set) var themes: [Theme]
    public internal(set) var themeIndex: Int
    public internal(set) var showHelp = false
    /// The event log, oldest first, at most `logCapacity` entries.
    public internal(set) var log: [EventLogEntry] = []
    /// Simulated seconds at which knobs changed (marked on the charts).
    public internal(set) var knobMarks: [Double] = []
    /// One line of feedback shown in the footer.
    public internal(set) var status = "? for help · q to quit" { didSet { statusWarns = false } }
    /// Whether ``status`` is a warning (a refusal, a failure), drawn in the theme's error
    /// colour: said by whoever puts it there (``warn(_:)``), not read back from its words.
    public private(set) var statusWarns = false
    /// The text typed after Enter, or nil when not typing.
    public internal(set) var input: String?
    /// The knob search under way (`/`), or nil.
    public internal(set) var search: KnobSearch?
    /// The last text found, for `n` and `N`.
    public internal(set) var lastFound = ""
    /// The knob finder last made (``knobFinder()``).
    var finder: KnobFinder?
    /// Frames left to show the lag mark.
    public internal(set) var lagFrames = 0
    /// The simulated time the pipeline is advanced to, in seconds.
    public internal(set) var simTarget = 0.0
    /// The most wall time a frame spends advancing the simulation, or nil for no limit (the
    /// terminal's frame loop sets it; tests advance to each target whole). Past it the frame
    /// is drawn and input handled, and the simulation goes on at the next frame.
    public var frameBudget: Duration?
    /// Whether the last frame ran out of ``frameBudget`` before the simulation reached its
    /// target: the target then waits for it instead of running further ahead.
    public internal(set) var behind = false
    public internal(set) var width: Int
    public internal(set) var height: Int
    public internal(set) var quitRequested = false
    /// Ctrl-Z was pressed: the frame loop suspends the screen (it owns the terminal).
    public internal(set) var suspendRequested = false

    /// The knobs the current pipeline was created with (a recording's header).
    public internal(set) var startKnobs: KnobSet
    /// Every knob change made since the current pipeline started, in order (a recording
    /// started later writes them right after its header).
    public internal(set) var knobChanges: [KnobChange] = []
    /// The session being recorded, if any.
    public internal(set) var recorder: SessionWriter?
    /// One line for each recording that could not be written to the end (`recording failed:
    /// FILE: why`), said in the footer when it happens and again on standard error on exit.
    public private(set) var recordingFailures: [String] = []
    /// The file `r` records to when no `--record` file was given: a name made from the
    /// wall-clock time, in the current folder.
    public var defaultRecordPath: () -> String = { DashboardModel.timestampedRecordPath() }
    /// The background sweep shown over the charts (`w`), if any.
    public internal(set) var sweep: BackgroundSweep?
    /// Effects asked for by the message being handled (taken by the update's caller).
    var effects: [DashboardEffect] = []
    /// The recorded session being played, when the dashboard replays one.
    public internal(set) var replay: ReplayState?

    /// A model over `scenario` with `assignments` (`KNOB=VALUE`) applied; throws the
    /// user's mistakes as `InputError`.
    public init(
        scenario: Scenario, seed: UInt64, assignments: [String] = [], themes: [Theme] = [Theme.standard],
        themeIndex: Int = 0, width: Int = 120, height: Int = 40
    ) throws {
        var knobs = try scenario.knobs()
        for a in assignments { try knobs.apply(assignment: a) }
        try self.init(
            knobs: knobs, scenarioName: scenario.name, seed: seed, assignments: assignments, themes: themes,
            themeIndex: themeIndex, width: width, height: height, topology: scenario.topology)
        startScenario = scenario
        var names = Presets.all.map(\.name)
        for e in Examples.all() where !names.contains(e.name) { names.append(e.name) }
        // A preset, or an example as it is in its usual place, is in the cycle already; a
        // file of the user's (even one named like a preset) is put first.
        let loaded = try? Scenario.load(scenario.name)
        let known =
            names.contains(scenario.name) && loaded?.topology == scenario.topology
            && (try? loaded?.knobs()) == (try? scenario.knobs())
        scenarioCycle = known ? names : [""] + names
        presetIndex = scenarioCycle.firstIndex(of: known ? scenario.name : "")
    }

    /// A model over a pipeline built from `knobs`.
    init(
        knobs: KnobSet, scenarioName: String, seed: UInt64, assignments: [String], themes: [Theme],
        themeIndex: Int, width: Int, height: Int, topology: Topology = .single
    ) throws {
        simulation = try Simulation(topology: topology, knobs: knobs, seed: seed)
        selectedService = topology.entry
        startKnobs = knobs
        self.scenarioName = scenarioName
        scenarioCycle = Presets.all.map(\.name)
        presetIndex = scenarioCycle.firstIndex(of: scenarioName)
        startAssignments = assignments
        self.seed = seed
        self.themes = themes.isEmpty ? [Theme.standard] : themes
        self.themeIndex = min(max(0, themeIndex), self.themes.count - 1)
        self.width = width
        self.height = height
        inbox.attach(to: simulation)
    }

    /// The simulated seconds per wall second (in replay, the replay's own speed).
    public var speed: Double { replay?.speed ?? Self.speeds[speedIndex] }
    /// Whether a session is being recorded.
    public var recording: Bool { recorder?.isOpen ?? false }

    // MARK: what the view shows: the live pipeline, or the recorded session in replay

    /// The samples up to the time shown.
    public var samples: ArraySlice<Sample> {
        if let replay { return replay.samples[..<replay.shownCount] }
        return simulation.samples[...]
    }
    /// The knob values at the time shown.
    public var knobs: KnobSet { replay?.knobs ?? simulation.knobs }
    /// The breaker's state at the time shown (of the selected service).
    public var breakerState: String {
        if let replay {
            return cardSample(replay.samples[..<replay.shownCount].last)?.breakerState ?? "closed"
        }
        if !topology.isSingle, let s = cardSample(simulation.samples.last) { return s.breakerState }
        return simulation.breakerStateName
    }

    /// Selects the next (or previous) service: its cards and knobs.
    mutating func selectService(by step: Int) {
        let n = topology.services.count
        guard n > 1 else {
            status = "one service: \(topology.services[0].name) (a topology file has several)"
            return
        }
        let name = selectedName
        selectedService = ((selectedService + step) % n + n) % n
        let bare = bareName(name)
        let names = knobNames
        selected = names.firstIndex { bareName($0) == bare } ?? min(selected, names.count - 1)
        status = "service \(topology.services[selectedService].name): its cards and knobs"
    }
    /// The chart window in seconds.
    public var window: Double { Self.windows[windowIndex] }
    /// The theme in use.
    public var theme: Theme { themes[themeIndex] }
    /// Whether the simulation recently fell behind the wall clock.
    public var lagging: Bool { lagFrames > 0 }
    /// The knob names shown, in panel order: the client's, then the selected service's.
    public var knobNames: [String] { knobNames(service: selectedService) }
    /// The knob names of service `s`'s panel: the client's, then the service's.
    public func knobNames(service s: Int) -> [String] {
        let k = knobs
        return KnobRegistry.clientNames + k.serviceNames(min(s, k.layout.services.count - 1))
    }
    /// Finds knobs in every service's panel (`/`, `n`, `N`): the last one made, unless the
    /// panels have changed since (another scenario, a service's backends or instances).
    /// Made again at each press, a thousand services' names took 40 ms.
    mutating func knobFinder() -> KnobFinder {
        let shape = KnobFinder.Shape(knobs)
        if let f = finder, f.shape == shape { return f }
        let f = KnobFinder(
            shape: shape, clientKnobs: KnobRegistry.clientNames.count, panel: { knobNames(service: $0) })
        finder = f
        return f
    }
    /// The selected service and knob.
    var place: KnobFinder.Place {
        get { KnobFinder.Place(service: selectedService, knob: selected) }
        set {
            selectedService = newValue.service
            selected = newValue.knob
        }
    }
    /// The topology simulated.
    public var topology: Topology { simulation.topology }
    /// A knob's name without its service prefix (as the panel shows it).
    public func bareName(_ name: String) -> String {
        KnobRegistry.lookup(name).map(\.name) ?? name
    }
    /// What the cards show: the selected service's view of the last sample (with one
    /// service, the sample itself).
    public func cardSample(_ last: Sample?) -> Sample? {
        guard var s = last, !topology.isSingle, selectedService < s.services.count else { return last }
        let v = s.services[selectedService]
        s.counters = v.counters
        s.backends = v.backends
        s.breakerState = v.breakerState
        s.channelDepth = v.channelDepth
        return s
    }
    /// Whether the breaker · channel card shows the client's view: with one service, or
    /// with the entry service selected.
    public var cardIsClients: Bool { topology.isSingle || selectedService == topology.entry }

    /// The counts the breaker · channel card rolls up, Hystrix-style, over the last ten
    /// seconds shown, and how many seconds they cover: the client's end to end for the entry
    /// service (its retries and deadlines included, as with one service), else the selected
    /// service's own visits (from the samples that still carry each service's figures,
    /// ``Simulation/samplesWithServices`` of them, and a replay's every one).
    public var cardWindow: (counters: Counters, seconds: Int) {
        let window = samples.suffix(10)
        guard !cardIsClients else {
            return (window.reduce(Counters()) { $0 + $1.counters }, window.count)
        }
        let own = window.filter { selectedService < $0.services.count }
        return (own.reduce(Counters()) { $0 + $1.services[selectedService].counters }, own.count)
    }

    /// The selected knob's name.
    public var selectedName: String {
        let names = knobNames
        return names[min(selected, names.count - 1)]
    }
    /// The current simulated time in seconds.
    public var simSeconds: Double { replay?.position ?? Double(simulation.now) / 1e9 }

    /// `perflab-YYYYMMDD-HHMMSS.jsonl` for the local time `now`, or with `-2`, `-3` … before
    /// `.jsonl` when a file of that name `exists`: `r`, `r`, `r` within one second replaced
    /// the first recording with the second.
    public static func timestampedRecordPath(
        now: Date = Date(), exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd-HHmmss"
        let stem = "perflab-\(f.string(from: now))"
        var path = stem + ".jsonl"
        var n = 2
        while exists(path) {
            path = "\(stem)-\(n).jsonl"
            n += 1
        }
        return path
    }

    /// Starts recording the session to `path` from the current simulated time: the header
    /// holds the pipeline's starting knobs and the changes made so far follow it, so the
    /// file re-simulates from time 0. Throws when the file cannot be created.
    public mutating func startRecording(path: String) throws {
        stopRecording()
        // A frame may have stopped inside an instant: the recording starts after it, where
        // its re-simulation, advancing to this time, starts too.
        simulation.finishInstant()
        let header = SessionHeader(
            source: .dashboard, scenario: scenarioName, topology: simulation.topology, seed: seed,
            knobs: startKnobs,
            startedAt: simulation.now, eventsBefore: simulation.eventsEmitted)
        let writer = try SessionWriter(path: path, header: header, priorChanges: knobChanges)
        writer.attach(to: simulation)
        recorder = writer
    }

    /// Writes the end line (fsync) and stops recording; returns the file and, when it could
    /// not be written to the end, why (also kept in ``recordingFailures``). Nil when nothing
    /// was being recorded. Says nothing in the footer: ``sayStopped(_:reason:)`` does.
    @discardableResult
    public mutating func stopRecording() -> StoppedRecording? {
        guard let writer = recorder else { return nil }
        recorder = nil
        // And it ends after the instant, as its re-simulation does.
        simulation.finishInstant()
        writer.detach(from: simulation)
        do {
            try writer.finish(summary: nil, at: simulation.now)
            return StoppedRecording(path: writer.path, failure: nil)
        } catch {
            let failure = "recording failed: \(error)"
            recordingFailures.append(failure)
            return StoppedRecording(path: writer.path, failure: failure)
        }
    }

    /// Says in the footer and the event log how a recording ended: its file, or why it
    /// failed (as a warning). `reason` follows "recording stopped" (" (new scenario)").
    mutating func sayStopped(_ stopped: StoppedRecording, reason: String = "") {
        if let failure = stopped.failure {
            warn(failure)
            record(failure, warning: true)
        } else {
            status = "recording stopped\(reason): \(stopped.path)"
            record(status)
        }
    }

    /// Puts `text` in the footer as a warning.
    mutating func warn(_ text: String) {
        status = text
        statusWarns = true
    }

    /// Adds an entry to the event log, dropping the oldest past the capacity.
    mutating func record(_ text: String, warning: Bool = false) {
        log.append(EventLogEntry(t: simSeconds, text: text, isWarning: warning))
        if log.count > Self.logCapacity { log.removeFirst(log.count - Self.logCapacity) }
    }

    /// Swaps in a fresh pipeline (a preset picked): time restarts at zero, and a background
    /// sweep of the one before is closed.
    mutating func replaceSimulation(
        _ new: Simulation, knobs: KnobSet, scenarioName: String, presetIndex: Int?
    ) {
        simulation = new
        startKnobs = knobs
        knobChanges = []
        inbox.attach(to: new)
        _ = inbox.drain()
        self.scenarioName = scenarioName
        self.presetIndex = presetIndex
        simTarget = 0
        behind = false
        knobMarks = []
        log = []
        selectedService = new.topology.entry
        selected = min(selected, knobNames.count - 1)
        // A sweep drew the scenario that has gone (its knob, its curve, its current value).
        sweep?.cancel()
        sweep = nil
    }
}

/// A recording that has ended: its file, and the line saying why it could not be written to
/// the end, if it could not (the lines before the failure stay readable).
public struct StoppedRecording: Sendable, Equatable {
    public let path: String
    public let failure: String?
}
