import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Whatever the load, what the model holds stays bounded: past `load.max_in_flight` open
/// requests arrivals are shed (dropped, counted in `shed`, one event per episode).
@Suite struct BoundedMemoryTests {
    @Test func arrivalsBeyondMaxInFlightAreShedAndCounted() throws {
        var k = try Presets.named("checkout")!.knobs()
        try k.set("load.rate", text: "2M")
        try k.set("load.max_in_flight", text: "5k")
        let p = try Simulation(knobs: k, seed: 1)
        var events: [ModelEvent] = []
        p.onEvent = { events.append($0) }
        p.startStatistics()
        p.advance(to: 2 * Time.second)
        #expect(p.inFlight <= 5000)
        #expect(p.liveWork <= 16 * 5000)
        #expect(p.storageFootprint.frames <= 2 * 16 * 5000)
        let t = p.total
        #expect(t.shed > 3_000_000)
        #expect(t.dropped >= t.shed)
        #expect(events.filter { $0.kind == .shedding }.count == 1)
        // Back under the limit: shedding ends, once.
        try p.set("load.rate", text: "100")
        p.advance(to: 60 * Time.second)
        #expect(events.filter { $0.kind == .shedEnded }.count == 1)
        p.stopArrivals()
        #expect(p.drain(limit: 600 * Time.second))
        let u = p.total
        #expect(u.offered == u.completed + u.rejected + u.dropped)
    }

    @Test func theWriteBehindQueueIsBounded() throws {
        var k = try Presets.named("checkout")!.knobs()
        try k.set("cache.write", text: "behind")
        try k.set("load.write_ratio", text: "100%")
        try k.set("load.rate", text: "200k")
        try k.set("load.max_in_flight", text: "2k")
        try k.set("cache.behind_workers", text: "1")
        let p = try Simulation(knobs: k, seed: 1)
        p.advance(to: 2 * Time.second)
        #expect(p.services[0].behindQueue.count <= 2000)
        #expect(p.total.rejected > 0)
    }
}
