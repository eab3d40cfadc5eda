import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// The event log's limit (``Simulation/emit(_:)``): at most `eventsPerSecond` events one by
/// one in a simulated second, the rest counted by kind and summed up in one event at the
/// tick. The events delivered are the first of the full stream, the counts add up to it, and
/// the model itself does not change.
@Suite struct EventLimitTests {
    /// A closed load of 200 users with no think time against `load.max_in_flight=1`: a
    /// shedding episode starts and ends at nearly every arrival (the knob storm's seed 55 on
    /// `batched` wrote 14.7 million such events, a 1.3 GB session, in 30 simulated seconds).
    static func flapping(limit: Int) throws -> (events: [ModelEvent], samples: [Sample]) {
        var k = try Presets.named("mm1")!.knobs()
        for a in [
            "load.model=closed", "load.users=200", "load.think=0", "load.max_in_flight=1", "db.service=100us",
        ] {
            try k.apply(assignment: a)
        }
        let p = try Simulation(knobs: k, seed: 4)
        p.eventsPerSecond = limit
        var events: [ModelEvent] = []
        var samples: [Sample] = []
        p.onEvent = { events.append($0) }
        p.onSample = { samples.append($0) }
        p.advance(to: 4 * Time.second + Time.second / 2)
        p.reportHeldBackEvents()
        return (events, samples)
    }

    /// The kinds and counts a summary lists: `… (shed_start 22, shed_end 21)`.
    static func counts(_ summary: ModelEvent) throws -> [String: Int] {
        let inner = try #require(summary.subject.split(separator: "(").last?.dropLast())
        var c: [String: Int] = [:]
        for part in inner.split(separator: ",") {
            let kv = part.split(separator: " ")
            c[String(kv[0])] = Int(kv[1])
        }
        return c
    }

    @Test func aFloodIsCutToTheLimitAndCounted() throws {
        let all = try Self.flapping(limit: .max)
        let cut = try Self.flapping(limit: 100)
        #expect(all.events.count > 10_000)
        #expect(!all.events.contains { $0.kind == .suppressed })

        // The model is the same: every sample, bit for bit.
        #expect(cut.samples == all.samples)

        // What is delivered is the full stream with runs left out, in order; what is left
        // out is counted, kind by kind.
        var held: [String: Int] = [:]
        var next = 0
        for e in cut.events {
            if e.kind == .suppressed {
                for (k, n) in try Self.counts(e) { held[k, default: 0] += n }
                continue
            }
            while next < all.events.count && all.events[next] != e {
                held[all.events[next].kind.rawValue, default: 0] -= 1
                next += 1
            }
            #expect(next < all.events.count, "\(e) is not in the full stream")
            next += 1
        }
        for e in all.events[next...] { held[e.kind.rawValue, default: 0] -= 1 }
        #expect(held.values.allSatisfy { $0 == 0 }, "\(held)")

        // At most the limit one by one in any second (a summary comes at each tick).
        for second in 0..<5 {
            let inside = cut.events.filter {
                $0.kind != .suppressed && $0.t > Double(second) && $0.t < Double(second + 1)
            }
            #expect(inside.count <= 100)
        }
        #expect(cut.events.filter { $0.kind == .suppressed }.count >= 4)
    }

    /// Under the limit nothing changes: every preset's story events are few.
    @Test func aQuietRunIsUntouched() throws {
        let k = try Presets.named("seed-breaker")!.knobs()
        func events(_ limit: Int) throws -> [ModelEvent] {
            let p = try Simulation(knobs: k, seed: 2)
            p.eventsPerSecond = limit
            var es: [ModelEvent] = []
            p.onEvent = { es.append($0) }
            p.advance(to: 60 * Time.second)
            return es
        }
        let limited = try events(100)
        #expect(limited.count > 10)
        #expect(limited == (try events(.max)))
    }
}
