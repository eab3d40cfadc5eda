import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// The example topologies shipped in `examples/`: each reads, runs and conserves its
/// requests, and the N+1 pair tells its story in numbers.
@Suite struct ExampleTopologyTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    static let names: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.hasSuffix(".toml")
        }
        .sorted()
    }()

    static func load(_ file: String) throws -> Scenario {
        try TopologyFile.load(path: folder.appendingPathComponent(file).path)
    }

    @Test func thereAreAtLeastThreeExamples() {
        #expect(Self.names.count >= 3)
        #expect(Self.names.contains("n-plus-one.toml") && Self.names.contains("batched.toml"))
    }

    @Test(arguments: names) func anExampleRunsAndConservesItsRequests(_ file: String) throws {
        let s = try Self.load(file)
        let run = HeadlessRun(
            scenarioName: s.name, topology: s.topology, knobs: try s.knobs(), seed: 3,
            duration: 10 * Time.second,
            warmup: 0)
        let (p, _, drained) = try run.execute()
        let t = p.total
        #expect(drained)
        #expect(t.offered > 0)
        #expect(t.offered == t.completed + t.rejected + t.dropped)
        #expect(t.succeeded > 0)
        // Every service saw traffic, and each reply it sent was counted once.
        for k in p.services.indices {
            let c = p.services[k].total
            #expect(c.offered > 0, "\(p.services[k].name) had no visits")
        }
    }

    /// Every example's session, with a change of load inside a sample, re-simulates bit for
    /// bit from its header (which must carry whatever makes the example what it is).
    @Test(arguments: names) func anExampleSessionVerifies(_ file: String) throws {
        let s = try Self.load(file)
        let rate = try s.knobs().number(.loadRate)
        let (path, _, _) = try SessionFixtures.recordRun(
            "example-\(s.name)", scenario: s, seconds: 4, seed: 8, script: "2.5s load.rate=\(rate * 1.5)\n")
        let session = try SessionReader.read(path: path)
        #expect(session.header.topology == s.topology)
        let result = try SessionVerifier.verify(session)
        #expect(result.mismatch == nil)
        #expect(result.samplesChecked == session.samples.count && result.knobChangesApplied == 1)
    }

    /// N+1 at light load (nothing queues): a request is N exponential queries of mean s one
    /// after another, so its mean time is N·s: 10 × 2 ms = 20 ms, and 1 × 3 ms batched.
    @Test(arguments: [("n-plus-one.toml", 20.0), ("batched.toml", 3.0)])
    func lightLoadLatencyIsNTimesTheQuery(_ file: String, _ mean: Double) throws {
        let s = try Self.load(file)
        var knobs = try s.knobs()
        try knobs.set("load.rate", text: "20")
        let run = HeadlessRun(
            scenarioName: s.name, topology: s.topology, knobs: knobs, seed: 5, duration: 2000 * Time.second,
            warmup: 0)
        let (p, _, _) = try run.execute()
        #expect(abs(p.latency.meanMs - mean) <= 0.02 * mean, "mean \(p.latency.meanMs) ms")
    }

    /// Offered twice what the pool can take, the page's throughput is the pool's:
    /// pool / (N·s) = 10 / (10 × 2 ms) = 500/s with N+1, 10 / 3 ms = 3,333/s batched.
    @Test(arguments: [("n-plus-one.toml", 500.0), ("batched.toml", 3333.3)])
    func thePoolSaturatesAtPoolOverNTimesTheQuery(_ file: String, _ capacity: Double) throws {
        let s = try Self.load(file)
        var knobs = try s.knobs()
        try knobs.set("load.rate", .number(2 * capacity))
        let p = try Simulation(topology: s.topology, knobs: knobs, seed: 9)
        p.advance(to: 40 * Time.second)
        let steady = p.samples.filter { $0.t > 10 }
        let rate = steady.map(\.throughput).reduce(0, +) / Double(steady.count)
        #expect(abs(rate - capacity) <= 0.02 * capacity, "throughput \(rate)/s")
    }

    /// `run` past saturation: N+1 at λ = 600/s against c = 500/s for T = 60 s after a
    /// warm-up W. The pool, never idle, finishes c·T requests in the measured span
    /// (`span_throughput_rps` = c, the warm-up's backlog among them); the backlog grows at
    /// λ − c, so the drain takes (λ − c)(W + T) at c: 12 s without a warm-up, 13 s after 5 s.
    /// `throughput_rps` (succeeded / T, the drain included) reads about λ. At λ = 300/s the
    /// drain is the last few requests' time.
    @Test(arguments: [(600.0, 0.0, 12.0), (600.0, 5.0, 13.0), (300.0, 0.0, 0.0)])
    func theDrainIsToldApartFromTheSpan(_ rate: Double, _ warmup: Double, _ drainSeconds: Double) throws {
        let s = try Self.load("n-plus-one.toml")
        var knobs = try s.knobs()
        try knobs.set("load.rate", .number(rate))
        let run = HeadlessRun(
            scenarioName: s.name, topology: s.topology, knobs: knobs, seed: 9, duration: 60 * Time.second,
            warmup: Time.fromSeconds(warmup))
        let (p, _, drained) = try run.execute()
        #expect(drained)
        let j = RunSummary.json(
            scenario: s.name, simulation: p, simSeconds: 60, wallSeconds: 1, drained: drained)
        let succeeded = try #require(j["requests"]?["succeeded"]?.double)
        let inDrain = try #require(j["drain"]?["succeeded"]?.double)
        let seconds = try #require(j["drain"]?["seconds"]?.double)
        let offered = try #require(j["requests"]?["offered"]?.double)
        let within = try #require(j["span_throughput_rps"]?.double)
        #expect(succeeded == offered)
        #expect(abs(try #require(j["throughput_rps"]?.double) - succeeded / 60) < 1e-3)
        if drainSeconds > 0 {
            #expect(abs(within - 500) <= 0.01 * 500, "within the span \(within)/s")
            // What is left at the end is what arrived beyond c since time zero.
            let backlog = (offered / 60 - 500) * (60 + warmup)
            #expect(abs(inDrain - backlog) <= 0.02 * backlog, "in the drain \(inDrain), not \(backlog)")
            #expect(abs(seconds - drainSeconds) <= 0.05 * drainSeconds, "drain \(seconds) s")
        } else {
            #expect(abs(within - rate) <= 0.02 * rate, "within the span \(within)/s")
            #expect(inDrain < 0.001 * succeeded && seconds < 0.2, "drain \(seconds) s, \(inDrain)")
        }
    }

    /// The shipped `starvation.toml` tells its story: 1000 req/s of 100 ms calls need 100
    /// workers held through them; from 8, one added each 500 ms (.NET's injection), the pool
    /// serves (8 + t/0.5)/0.1 s per second, 680/s at 30 s, and meets the load at 46 s. With
    /// `api.workers.blocking=false` the 8 workers meet it at once.
    @Test func theStarvationExampleMeetsItsLoadAfter46Seconds() throws {
        func run(_ settings: [String]) throws -> Simulation {
            let sc = try Self.load("starvation.toml")
            var k = try sc.knobs()
            for s in settings { try k.apply(assignment: s) }
            let p = try Simulation(topology: sc.topology, knobs: k, seed: 1)
            p.advance(to: 60 * Time.second)
            return p
        }
        func throughput(_ p: Simulation, from a: Double, to b: Double) -> Double {
            let w = p.samples.filter { $0.t > a && $0.t <= b }
            return w.map(\.throughput).reduce(0, +) / Double(w.count)
        }
        let blocking = try run([])
        #expect(abs(throughput(blocking, from: 29, to: 31) / 680 - 1) < 0.05)
        // It first serves 97% of the load, (8 + 2t)·10 = 970, at 44.5 s.
        let met = try #require(blocking.samples.first { $0.throughput >= 970 }).t
        #expect(met >= 44 && met <= 48, "met at \(met) s")
        // Then more workers than the load needs work off the queue built meanwhile.
        #expect(throughput(blocking, from: 50, to: 60) > 1000)
        let awaiting = try run(["api.workers.blocking=false"])
        #expect(abs(throughput(awaiting, from: 2, to: 10) / 1000 - 1) < 0.03)
    }
}
