import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// No knob may crash the model: every knob set to each bound of its range (and each of its
/// choices) in the middle of a run, in every preset, ends the run normally with every
/// request accounted for (`offered = completed + rejected + dropped`).
@Suite struct KnobBoundsTests {
    /// The values a knob is tried at: the ends of its range, every choice, both switch
    /// positions.
    static func extremes(_ spec: KnobSpec) -> [KnobValue] {
        switch spec.unit {
        case .flag: return [.flag(true), .flag(false)]
        case .choice(let options): return options.map { .text($0) }
        case .path: return [.text("")]
        case .durations:
            guard let r = spec.range else { return [] }
            return [.list([]), .list([r.lowerBound]), .list([r.upperBound, r.upperBound, r.upperBound])]
        case .window: return ["1", "1000000", "1s", "1h"].compactMap { try? spec.parse($0) }
        case .list:
            guard let r = spec.range else { return [] }
            return [
                .list([r.lowerBound]),
                .list([Double](repeating: r.upperBound, count: KnobRegistry.maxBackends)),
            ]
        default:
            guard let r = spec.range else { return [] }
            return [.number(r.lowerBound), .number(r.upperBound)]
        }
    }

    /// Drains the run; a stall (`backend.N.pause`) is lifted first, as whoever paused the
    /// backend would, since with nothing timing out its queries wait for it.
    static func drain(_ p: Simulation, _ name: String, _ value: KnobValue) throws -> Bool {
        if name.hasSuffix(".pause"), value == .flag(true) { try p.set(name, .flag(false)) }
        return p.drain(limit: 1000 * 3600 * Time.second)
    }

    /// A pool that leaks every connection runs dry for good: with no `db.acquire_timeout`
    /// its waiting queries stay (counted in flight); that is the fault it models.
    static func stallsForever(_ spec: KnobSpec, _ value: KnobValue) -> Bool {
        spec.knob == .dbLeak && value.number > 0
    }

    /// Runs half a second, sets `name` to `value`, runs a quarter more, stops arrivals and
    /// drains; expects every request to have finished (unless the fault stalls for good) and
    /// to be accounted for. Returns the totals.
    static func setMidRun(
        _ topology: Topology, _ base: KnobSet, _ name: String, _ spec: KnobSpec, _ value: KnobValue,
        _ what: String
    ) throws -> Counters {
        let p = try Simulation(topology: topology, knobs: base, seed: 5)
        p.startStatistics()
        p.advance(to: Time.second / 2)
        try p.set(name, value)
        p.advance(to: Time.second / 2 + Time.second / 4)
        p.stopArrivals()
        let drained = try drain(p, name, value)
        let t = p.total
        #expect(drained || stallsForever(spec, value), "\(what): \(p.inFlight) requests never finished")
        #expect(
            t.offered == t.completed + t.rejected + t.dropped + UInt64(p.inFlight), "\(what): not conserved")
        return t
    }

    @Test(arguments: Presets.all.map(\.name))
    func everyKnobAtEveryBoundMidRun(_ preset: String) throws {
        let base = try Presets.named(preset)!.knobs()
        for spec in KnobRegistry.all {
            for value in Self.extremes(spec) {
                let what = "\(preset): \(spec.name) = \(spec.format(value))"
                let t = try Self.setMidRun(.single, base, spec.name, spec, value, what)
                #expect(t.completed == t.succeeded + t.failed + t.timedOut, "\(what)")
            }
        }
    }

    static let examples: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.hasSuffix(".toml")
        }
        .sorted().map { folder.appendingPathComponent($0).path }
    }()

    /// The same in every example topology: each service knob is set on one service (taking
    /// the services in turn), backend and instance knobs for the first three of each.
    @Test(arguments: examples)
    func everyKnobAtEveryBoundMidRunInATopology(_ file: String) throws {
        let scenario = try TopologyFile.load(path: file)
        let base = try scenario.knobs()
        let layout = scenario.topology.layout
        var n = 0
        for spec in KnobRegistry.all where spec.knob.family == .single || spec.index <= 3 {
            var name = spec.name
            if spec.knob.scope == .service {
                name = layout.prefix(n % layout.services.count) + spec.name
                n += 1
            }
            for value in Self.extremes(spec) {
                let what = "\(scenario.name): \(name) = \(spec.format(value))"
                _ = try Self.setMidRun(scenario.topology, base, name, spec, value, what)
            }
        }
    }

    /// The two crashes found by hand: changing the number of backends while calls are in
    /// flight, and an ejection time of 0.
    @Test func backendCountChangesWhileCallsAreInFlight() throws {
        var k = try Presets.named("checkout")!.knobs()
        try k.set("load.rate", text: "8k")
        let p = try Simulation(knobs: k, seed: 1)
        p.startStatistics()
        var t: SimTime = 0
        for (i, n) in [4, 1, 16, 2, 3, 1, 5].enumerated() {
            t += Time.second / 2 + SimTime(i) * 1_000_003
            p.advance(to: t)
            try p.set("backends.count", .number(Double(n)))
        }
        try p.set("lb.eject_time", .number(0))
        try p.set("backend.1.down", .flag(true))
        p.advance(to: t + 15 * Time.second)
        p.stopArrivals()
        #expect(p.drain(limit: t + 100 * Time.second))
        let c = p.total
        #expect(c.offered == c.completed + c.rejected + c.dropped)
        #expect(c.succeeded > 0)
    }
}
