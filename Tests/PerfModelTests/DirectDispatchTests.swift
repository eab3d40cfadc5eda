import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Direct dispatch (a try that the entry service passes straight to its database becomes
/// the query at once, without its visit and call frames) is an optimisation of the general
/// model, not a model of its own: with it and without it, every run must give the same
/// summary, the same timeline and the same events, bit for bit. Checked on every preset and
/// example, and on scripts that change, while queries are in flight, each knob that decides
/// whether a try may go direct or how a direct query must end.
@Suite struct DirectDispatchTests {
    struct Outcome: Equatable {
        var summary: String
        var samples: [Sample]
        var events: [ModelEvent]
        var direct: UInt64
    }

    static func run(
        _ scenario: Scenario, settings: [(String, String)] = [], script: [(Double, String, String)] = [],
        seconds: Double, direct: Bool, seed: UInt64 = 17
    ) throws -> Outcome {
        var k = try scenario.knobs()
        for (n, v) in settings { try k.set(n, text: v) }
        var run = HeadlessRun(
            scenarioName: scenario.name, topology: scenario.topology, knobs: k, seed: seed,
            duration: Time.fromSeconds(seconds), warmup: Time.fromSeconds(seconds / 10))
        run.script = try script.map { (at, name, text) in
            (at: Time.fromSeconds(at), name: name, value: try k.resolve(name).spec.parse(text))
        }
        let p = try Simulation(topology: scenario.topology, knobs: k, seed: seed)
        p.directDispatch = direct
        var events: [ModelEvent] = []
        p.onEvent = { events.append($0) }
        // Every sample whole, each service's figures included (the timeline keeps those only
        // in its newest sample).
        var samples: [Sample] = []
        p.onSample = { samples.append($0) }
        let (done, _, drained) = try run.execute(simulation: p)
        var j = RunSummary.json(
            scenario: scenario.name, simulation: done, simSeconds: Time.seconds(done.now), wallSeconds: 0,
            drained: drained)
        if case .object(var pairs) = j {
            pairs.removeAll { $0.0 == "wall_seconds" || $0.0 == "events_per_second" }
            j = .object(pairs)
        }
        #expect(done.samples.count == samples.count)
        return Outcome(summary: j.text, samples: samples, events: events, direct: done.directDispatched)
    }

    static func compare(
        _ scenario: Scenario, settings: [(String, String)] = [], script: [(Double, String, String)] = [],
        seconds: Double
    ) throws -> UInt64 {
        let on = try run(scenario, settings: settings, script: script, seconds: seconds, direct: true)
        let off = try run(scenario, settings: settings, script: script, seconds: seconds, direct: false)
        #expect(off.direct == 0)
        #expect(on.summary == off.summary, "\(scenario.name): the summaries differ")
        #expect(on.samples == off.samples, "\(scenario.name): the timelines differ")
        #expect(on.events == off.events, "\(scenario.name): the events differ")
        return on.direct
    }

    static let scenarios: [Scenario] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.hasSuffix(".toml")
        }.sorted()
        return Presets.all
            + files.compactMap { try? TopologyFile.load(path: folder.appendingPathComponent($0).path) }
    }()

    @Test(arguments: scenarios.map(\.name))
    func everyScenarioGivesTheSameNumbers(_ name: String) throws {
        let s = Self.scenarios.first { $0.name == name }!
        let direct = try Self.compare(s, seconds: 20)
        if name == "mm1" || name == "mmc" { #expect(direct > 1_000, "the textbook queues go direct") }
    }

    /// M/M/8 near saturation (queries wait), with changes while direct queries are in flight
    /// or queued: errors and retries, caches and pauses switched on mid-flight, backends
    /// taken away with queries waiting, acquire timeouts, client deadlines and retries,
    /// faults, a breaker, timeouts, writes, instances, ejection, health checks and a closed
    /// load. Few keys, so that a cache fill missed or made shows in the hits. Each script is
    /// one case, so a difference names it.
    static let scripts: [(String, [(Double, String, String)])] = [
        (
            "errors and retries",
            [(2, "db.error_rate", "5%"), (3, "retry.max", "2"), (5, "db.error_rate", "0")]
        ),
        (
            "caches switched on mid-flight",
            [
                (2, "l2.enabled", "true"), (3, "l2.enabled", "false"),
                (4, "l1.enabled", "true"), (5, "l1.enabled", "false"), (6, "l1.enabled", "true"),
                (6, "l2.enabled", "true"), (7, "l1.enabled", "false"), (8, "l2.enabled", "false"),
            ]
        ),
        (
            "pauses",
            [
                (2, "gc.every", "5"), (2, "gc.pause", "30ms"), (2, "gc.enabled", "true"),
                (4, "gc.enabled", "false"), (5, "gc.every", "0"), (5, "gc.interval", "400ms"),
                (5, "gc.enabled", "true"),
                (8, "gc.enabled", "false"),
            ]
        ),
        (
            "backends taken away",
            [
                (2, "backends.count", "3"), (4, "load.rate", "1500"), (5, "backends.count", "1"),
                (6, "load.rate", "720"), (7, "backend.1.pool", "2"),
            ]
        ),
        (
            "acquire timeouts",
            [(2, "db.acquire_timeout", "3ms"), (4, "load.rate", "900"), (6, "db.acquire_timeout", "0")]
        ),
        (
            "client deadlines and retries",
            [
                (2, "load.timeout", "25ms"), (2, "load.retries", "2"),
                (3, "load.retry_delay", "5ms"), (6, "load.timeout", "0"),
            ]
        ),
        (
            "faults",
            [
                (2, "backend.1.down", "true"), (3, "backend.1.down", "false"), (4, "backend.1.pause", "true"),
                (4.5, "backend.1.pause", "false"), (5, "backend.1.slowdown", "3"),
                (6, "backend.1.slowdown", "1"),
            ]
        ),
        (
            "breaker, timeouts, writes",
            [
                (2, "breaker.enabled", "true"), (3, "timeout", "15ms"), (4, "timeout", "0"),
                (5, "load.write_ratio", "0.3"), (6, "cache.write", "behind"), (7, "load.write_ratio", "0"),
                (8, "breaker.enabled", "false"),
            ]
        ),
        (
            "instances",
            [
                (2, "instances", "3"), (3, "instance.2.down", "true"), (4, "instance.2.down", "false"),
                (5, "instances", "1"),
            ]
        ),
        (
            "ejection and health",
            [
                (2, "backends.count", "3"), (2, "lb.eject_failures", "2"), (3, "db.error_rate", "20%"),
                (4, "health.enabled", "true"), (4, "health.interval", "200ms"), (5, "backend.2.down", "true"),
                (7, "db.error_rate", "0"), (8, "backend.2.down", "false"), (9, "lb.algorithm", "p2c"),
            ]
        ),
        (
            "a closed load",
            [
                (1, "load.model", "closed"), (1, "load.users", "300"), (1, "load.think", "300ms"),
                (5, "load.model", "open"),
            ]
        ),
        ("load shed", [(2, "load.max_in_flight", "40"), (5, "load.max_in_flight", "200k")]),
    ]

    @Test(arguments: scripts.map(\.0))
    func scriptedChangesGiveTheSameNumbers(_ name: String) throws {
        let script = Self.scripts.first { $0.0 == name }!.1
        let direct = try Self.compare(
            Presets.named("mmc")!, settings: [("load.rate", "780"), ("keys.count", "300")], script: script,
            seconds: 10)
        #expect(direct > 1_000, "some tries went direct")
    }
}
