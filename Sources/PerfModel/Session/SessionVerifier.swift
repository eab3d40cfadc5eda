import Foundation
import SimKernel

/// Re-simulates a session from its header and knob changes and checks that every sample
/// (and every event) comes out exactly as recorded.
///
/// A complete `run` session is re-run by ``HeadlessRun`` itself, with the knob changes as
/// its script. A dashboard session, or a run cut off before its end, is re-simulated up to
/// its last sample: the same warm-up and end of arrivals as a run where the header has
/// them, each knob change applied at its simulated time (advance to it, then set). The
/// model depends only on the seed and the times of the changes, so the samples must match
/// bit for bit; they are compared as the JSON objects of their lines.
public enum SessionVerifier {
    /// The outcome of a verification.
    public struct Result: Sendable {
        public var samplesChecked = 0
        public var eventsChecked = 0
        public var knobChangesApplied = 0
        /// Simulated seconds re-simulated and the wall time it took.
        public var simulatedSeconds = 0.0
        public var wallSeconds = 0.0
        /// The first difference, or nil when everything matched.
        public var mismatch: Mismatch?
        public var matches: Bool { mismatch == nil }
    }

    /// Where the re-simulation first departs from the file.
    public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
        /// The file's line (1-based).
        public var line: Int
        /// What differs, like `sample at t=12 differs: requests.succeeded 8812 != 8813`
        /// (recorded value first).
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Re-simulates `session` and compares. Throws an ``InputError`` when the session cannot
    /// be re-simulated at all (unknown knobs, a knob value out of range). `progress` hears
    /// the simulated time (seconds) of each sample re-simulated: a recorded hour of a heavy
    /// run takes as long to verify as it took to run.
    public static func verify(_ session: Session, progress: ((Double) -> Void)? = nil) throws -> Result {
        let h = session.header
        if let unknown = h.unknownKnobs.first {
            throw InputError(
                file: session.file, line: 1, field: "knobs.\(unknown)",
                "unknown knob: this perflab cannot re-simulate the session")
        }
        var result = Result()
        let checker = Checker(session: session)
        let pipeline = try Simulation(topology: h.topology, knobs: h.knobs, seed: h.seed)
        pipeline.keepsSampleHistograms = true
        pipeline.onSample = {
            checker.check(sample: $0)
            progress?($0.t)
        }
        pipeline.onEvent = { [unowned pipeline] in
            checker.check(event: RecordedEvent($0), serial: pipeline.eventsEmitted)
        }
        let clock = ContinuousClock()
        let start = clock.now

        if h.source == .run, !session.endMissing, let duration = h.duration {
            var run = HeadlessRun(
                scenarioName: h.scenario, topology: h.topology, knobs: h.knobs, seed: h.seed,
                duration: duration, warmup: h.warmup)
            if let limit = h.drainLimit { run.drainLimit = limit }
            run.script = session.knobChanges.map { (at: $0.at, name: $0.name, value: $0.new) }
            do {
                _ = try run.execute(simulation: pipeline) { t, name, old, _ in
                    checker.check(knob: name, old: old, at: t)
                }
            } catch let e as InputError {
                throw InputError(file: session.file, field: e.field, "cannot re-simulate: \(e.message)")
            }
            checker.finish(complete: true)
        } else {
            try resimulate(session, pipeline: pipeline, checker: checker)
            checker.finish(complete: h.source == .dashboard && !session.endMissing)
        }
        result.wallSeconds = Time.seconds(clock.now - start)
        result.simulatedSeconds = Time.seconds(pipeline.now)
        result.samplesChecked = checker.nextSample
        result.eventsChecked = checker.nextEvent
        result.knobChangesApplied = checker.nextKnob
        result.mismatch = checker.mismatch
        return result
    }

    /// As a run or the dashboard would have driven the pipeline: a dashboard session up to
    /// its end line (where recording stopped: every sample, knob change and event up to it is
    /// in the file), a session cut off up to its last sample.
    static func resimulate(_ session: Session, pipeline p: Simulation, checker: Checker) throws {
        let h = session.header
        let until: SimTime
        if h.source == .dashboard, let end = session.endTime {
            // Samples come every simulated second: recording stopped less than a second
            // after the last one (or after it began), whatever the end line says.
            let last = session.samples.last.map { Time.fromSeconds($0.sample.t) } ?? h.startedAt
            until = Swift.min(end, Swift.max(last, h.startedAt) + Time.second)
        } else if let last = session.samples.last {
            until = Time.fromSeconds(last.sample.t)
        } else {
            return
        }
        let runEnd = h.source == .run ? h.duration.map { h.warmup + $0 } : nil
        var marks = session.knobChanges.map(\.at).filter { $0 <= until }
        if h.source == .run {
            if h.warmup > 0 {
                marks.append(h.warmup)
                p.warmUp(until: h.warmup)
            } else {
                p.startStatistics()
            }
            if let runEnd { marks.append(runEnd) }
        }
        marks = Array(Set(marks)).sorted()
        for t in marks where t <= until {
            p.advance(to: t)
            if h.source == .run && t == h.warmup && h.warmup > 0 { p.startStatistics() }
            for c in session.knobChanges where c.at == t {
                let old = p.knobs[c.name]
                do {
                    try p.set(c.name, c.new)
                } catch let e as InputError {
                    throw InputError(file: session.file, field: e.field, "cannot re-simulate: \(e.message)")
                }
                checker.check(knob: c.name, old: old, at: t)
            }
            if t == runEnd { p.stopArrivals() }
        }
        p.advance(to: until)
    }

    /// Compares what the re-simulation produces with the session, keeping the first difference.
    final class Checker {
        let session: Session
        var nextSample = 0
        var nextEvent = 0
        var nextKnob = 0
        var mismatch: Mismatch?
        /// Whether the session lists each service's calls in its samples (every session
        /// written since they were added does, when a service calls another).
        let recordsCalls: Bool
        /// Whether its services' samples give their workers' utilisation over the interval.
        let recordsUtilization: Bool

        init(session: Session) {
            self.session = session
            recordsCalls = session.samples.contains { r in r.sample.services.contains { !$0.calls.isEmpty } }
            recordsUtilization = session.samples.contains { r in
                r.sample.services.contains { $0.intervalUtilization != nil }
            }
        }

        func fail(_ line: Int, _ message: String) {
            if mismatch == nil { mismatch = Mismatch(line: line, message: message) }
        }

        func check(sample s: Sample) {
            // Samples before recording began are not in the file.
            guard mismatch == nil, s.t > Time.seconds(session.header.startedAt) else { return }
            guard nextSample < session.samples.count else {
                if !session.endMissing {
                    fail(
                        session.lineCount,
                        "the re-simulation has a sample at t=\(SessionFormat.seconds(s.t)) that the session "
                            + "lacks"
                    )
                }
                return
            }
            let r = session.samples[nextSample]
            nextSample += 1
            let recorded = SampleCodec.encode(r.sample, histogram: r.histogram)
            var s = s
            if !recordsCalls {
                // Written before samples listed each service's calls: compared without them.
                for k in s.services.indices { s.services[k].calls = [] }
            }
            if !recordsUtilization {
                // Written before samples kept the workers' utilisation: compared without it.
                for k in s.services.indices { s.services[k].intervalUtilization = nil }
            }
            let again = SampleCodec.encode(s)
            if let d = SessionVerifier.difference(recorded, again, path: "") {
                fail(r.line, "sample at t=\(SessionFormat.seconds(r.sample.t)) differs: \(d)")
            }
        }

        /// Checks the re-simulation's event `e`, the `serial`-th it has made (from 1, counted
        /// as ``Simulation/eventsEmitted`` counts them).
        func check(event e: RecordedEvent, serial: Int) {
            // Events before recording began are not in the file.
            if let before = session.header.eventsBefore {
                guard serial > before else { return }
            } else {
                guard e.t > Time.seconds(session.header.startedAt) else { return }
            }
            guard mismatch == nil else { return }
            guard nextEvent < session.events.count else {
                if !session.endMissing || e.t <= (session.samples.last?.sample.t ?? 0) {
                    fail(
                        session.lineCount,
                        "the re-simulation has an event at t=\(SessionFormat.seconds(e.t)) (\(e.kind) "
                            + "\(e.detail)) that the session lacks"
                    )
                }
                return
            }
            let r = session.events[nextEvent]
            let line = session.eventLines[nextEvent]
            nextEvent += 1
            if r != e {
                fail(
                    line,
                    "event at t=\(SessionFormat.seconds(r.t)) differs: \(r.kind) \(r.detail) != \(e.kind) "
                        + "\(e.detail) at t=\(SessionFormat.seconds(e.t))"
                )
            }
        }

        func check(knob name: String, old: KnobValue, at t: SimTime) {
            guard nextKnob < session.knobChanges.count else { return }
            let c = session.knobChanges[nextKnob]
            let line = session.knobChangeLines[nextKnob]
            nextKnob += 1
            if c.old != old {
                let spec = KnobRegistry.lookup(name)
                fail(
                    line,
                    "knob change at t=\(SessionFormat.seconds(Time.seconds(t))) differs: \(name) was "
                        + "\(spec?.format(old) ?? "?"), not \(spec?.format(c.old) ?? "?")"
                )
            }
        }

        /// After the re-simulation: every recorded sample and event must have been matched.
        func finish(complete: Bool) {
            if nextSample < session.samples.count {
                let r = session.samples[nextSample]
                fail(
                    r.line,
                    "sample at t=\(SessionFormat.seconds(r.sample.t)) has no counterpart: the re-simulation "
                        + "ended before it"
                )
            }
            let lastT = session.samples.last?.sample.t ?? 0
            if nextEvent < session.events.count, complete || session.events[nextEvent].t <= lastT {
                let e = session.events[nextEvent]
                fail(
                    session.eventLines[nextEvent],
                    "event at t=\(SessionFormat.seconds(e.t)) (\(e.kind) \(e.detail)) did not happen in the "
                        + "re-simulation"
                )
            }
        }
    }

    /// The first difference between two JSON values as `path recorded != again`, or nil.
    static func difference(_ a: JSON, _ b: JSON, path: String) -> String? {
        func join(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for (k, v) in x {
                guard let w = b[k] else { return "\(join(k)) \(v.text) != (missing)" }
                if let d = difference(v, w, path: join(k)) { return d }
            }
            for (k, w) in y where a[k] == nil { return "\(join(k)) (missing) != \(w.text)" }
            return nil
        case (.array(let x), .array(let y)):
            for (i, (v, w)) in zip(x, y).enumerated() {
                if let d = difference(v, w, path: "\(path)[\(i)]") { return d }
            }
            if x.count != y.count { return "\(path) has \(x.count) entries != \(y.count)" }
            return nil
        default:
            return a == b ? nil : "\(path) \(a.text) != \(b.text)"
        }
    }
}
