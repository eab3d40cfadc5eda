import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// The `retry-storm` preset's story: a metastable failure (Bronson et al., "Metastable
/// Failures in Distributed Systems", HotOS 2021; Huang et al., OSDI 2022). At 75% of
/// capacity (1200/s against 16 connections × 10 ms = 1600/s) the system is stable; a five
/// second slowdown fills the queue past the clients' 1 s deadline, and from then on every
/// served request is one whose client already left, while each client's three retries keep
/// the offered tries at up to four times the arrivals (> 1600/s), so the queue stays full:
/// goodput stays near zero after the trigger is gone. Without retries the offered load is
/// again below capacity, the queue drains at 1600 − 1200 = 400/s, and it recovers.
@Suite struct RetryStormTests {
    static func goodput(_ changes: [(Double, String, String)], from: Double, to: Double) throws -> (
        Double, Simulation
    ) {
        let p = try Simulation(knobs: Presets.named("retry-storm")!.knobs(), seed: 11)
        for (t, name, value) in changes.sorted(by: { $0.0 < $1.0 }) {
            p.advance(to: Time.fromSeconds(t))
            try p.set(name, text: value)
        }
        p.advance(to: Time.fromSeconds(to))
        let window = p.samples.filter { $0.t > from && $0.t <= to }
        return (window.map(\.throughput).reduce(0, +) / Double(window.count), p)
    }

    static let rate = 1200.0
    static let trigger = [(30.0, "backend.1.slowdown", "4"), (35.0, "backend.1.slowdown", "1")]

    @Test func withoutATriggerItServesEveryone() throws {
        let (g, p) = try Self.goodput([], from: 20, to: 120)
        #expect(g >= 0.95 * Self.rate, "goodput \(g)/s")
        #expect(p.total.timedOut == 0)
    }

    @Test func theStormOutlivesItsTrigger() throws {
        let (g, p) = try Self.goodput(Self.trigger, from: 60, to: 120)
        #expect(g <= 0.05 * Self.rate, "goodput \(g)/s long after the slowdown ended")
        // The backend is busy all along, for clients that have left.
        #expect(p.total.wastedVisits > 10_000)
        #expect(p.total.retried > 3 * p.total.wastedVisits / 4)
    }

    @Test func turningRetriesOffLetsItRecover() throws {
        let (g, _) = try Self.goodput(Self.trigger + [(60, "load.retries", "0")], from: 80, to: 120)
        #expect(g >= 0.95 * Self.rate, "goodput \(g)/s after retries were turned off")
    }
}
