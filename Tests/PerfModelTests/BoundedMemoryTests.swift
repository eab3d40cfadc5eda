import CachePolicies
import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Whatever the load, what the model holds stays bounded: past `load.max_in_flight` open
/// requests arrivals are shed (dropped, counted in `shed`, one event per episode).
@Suite struct BoundedMemoryTests {
    /// `checkout` with `settings` applied.
    static func checkout(_ settings: KeyValuePairs<String, String>) throws -> Simulation {
        var k = try Presets.named("checkout")!.knobs()
        for (name, value) in settings { try k.set(name, text: value) }
        return try Simulation(knobs: k, seed: 1)
    }

    /// The most work `p` holds at the ends of its first `seconds` simulated seconds.
    static func mostLiveWork(_ p: Simulation, seconds: Int) -> Int {
        var most = 0
        for second in 1...seconds {
            p.advance(to: Int64(second) * Time.second)
            most = max(most, p.liveWork)
        }
        return most
    }

    /// Stops arrivals, drains `p`, and checks that every counted request is accounted for.
    static func drainsAndConserves(_ p: Simulation, limit: SimTime) {
        p.stopArrivals()
        #expect(p.drain(limit: limit))
        let u = p.total
        #expect(u.offered == u.completed + u.rejected + u.dropped)
    }

    @Test func arrivalsBeyondMaxInFlightAreShedAndCounted() throws {
        let p = try Self.checkout(["load.rate": "2M", "load.max_in_flight": "5k"])
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
        Self.drainsAndConserves(p, limit: 600 * Time.second)
    }

    /// The timeline keeps each service's figures only in its newest ten samples (the
    /// dashboard's rolling counts), while its listeners hear every sample whole.
    @Test func aTopologysTimelineKeepsServicesOnlyInItsNewestSamples() throws {
        let s = try ExampleTopologyTests.load("chain.toml")
        let p = try Simulation(topology: s.topology, knobs: try s.knobs(), seed: 2)
        var heard: [Sample] = []
        p.onSample = { heard.append($0) }
        p.advance(to: 25 * Time.second)
        #expect(p.samples.count == 25 && heard.count == 25)
        #expect(p.samples.dropLast(10).allSatisfy { $0.services.isEmpty })
        #expect(p.samples.suffix(10).allSatisfy { $0.services.map(\.name) == ["a", "b", "c", "d", "e"] })
        #expect(heard.allSatisfy { $0.services.count == 5 })
        #expect(Array(p.samples.suffix(10)) == Array(heard.suffix(10)))
    }

    @Test func theWriteBehindQueueIsBounded() throws {
        let p = try Self.checkout([
            "cache.write": "behind", "load.write_ratio": "100%", "load.rate": "200k",
            "load.max_in_flight": "2k", "cache.behind_workers": "1",
        ])
        p.advance(to: 2 * Time.second)
        #expect(p.services[0].behindQueue.count <= 2000)
        #expect(p.total.rejected > 0)
    }

    /// Retries are not arrivals: a client whose tries all pass their deadline retries
    /// requests that are already open, and every abandoned try leaves its work behind. At
    /// 20 million requests a second with a hundred retries each, what the model holds
    /// stayed under the limit only until the first deadlines; then it doubled its storage
    /// every few seconds (1.4 GB after 80 simulated seconds of `shop`). Past the limit a
    /// retry is dropped at the door.
    @Test func clientRetriesCannotGrowTheModelPastItsLimit() throws {
        let p = try Self.checkout([
            "load.rate": "2M", "load.max_in_flight": "1k", "load.timeout": "10ms", "load.retries": "100",
            "load.retry_delay": "0",
        ])
        let most = Self.mostLiveWork(p, seconds: 6)
        // One visit of overshoot per event at most: every new frame is checked first.
        #expect(most <= 16 * 1000 + 8)
        #expect(p.storageFootprint.frames <= 2 * 16 * 1000)
        #expect(p.total.retried > 0)
        Self.drainsAndConserves(p, limit: 3600 * Time.second)
    }

    /// The same inside the graph: a service that times out its calls to a slow service and
    /// retries them leaves a visit behind per attempt; past the limit an attempt is refused
    /// before it sends anything.
    @Test func serviceRetriesCannotGrowTheModelPastItsLimit() throws {
        let toml = """
            entry = "a"
            [load]
            rate = "50k"
            max_in_flight = "500"
            [services.a]
            db.enabled = false
            channel.consumers = "1M"
            channel.capacity = "10M"
            breaker.enabled = false
            retry.max = 100
            retry.backoff = "0"
            timeout = "1ms"
              [[services.a.calls]]
              to = "b"
            [services.b]
            work.time = "50ms"
            channel.capacity = "10M"
            channel.consumers = 1
            db.enabled = false
            """
        let t = try TopologyFile.parse(text: toml, file: "t.toml")
        let p = try Simulation(topology: t.topology, knobs: try t.knobs(), seed: 1)
        let most = Self.mostLiveWork(p, seconds: 4)
        #expect(most <= 16 * 500 + 8)
        #expect(p.storageFootprint.frames <= 2 * 16 * 500)
        #expect(p.services[0].total.retried > 0)
    }
}

/// Caches grow with the keys they hold; a change that would let them outgrow
/// ``CacheBudget/limit`` is refused before anything changes, naming the knob (and, in a
/// script, the line).
@Suite struct CacheBudgetTests {
    static let shop = """
        entry = "api"
        [services.api]
        db.enabled = false
        l1.enabled = true
        l1.capacity = "10M"
          [[services.api.calls]]
          to = "stock"
        [services.stock]
        """

    @Test func instancesWhoseCachesCouldOutgrowTheLimitAreRefused() throws {
        let t = try TopologyFile.parse(text: Self.shop, file: "shop.toml")
        let p = try Simulation(topology: t.topology, knobs: try t.knobs(), seed: 1)
        // 100,000 keys: 32 instances of a 10M-key L1 hold at most 100,000 keys each.
        try p.set("api.instances", .number(32))
        try p.set("api.instances", .number(1))
        // A billion keys: one instance's L1 could hold 10M keys (about 1.9 GB with its TTL) ...
        try p.set("keys.count", text: "1G")
        // ... and 32 of them about 60 GB.
        #expect(throws: InputError.self) { try p.set("api.instances", .number(32)) }
        do {
            try p.set("api.instances", .number(32))
        } catch let e as InputError {
            #expect(e.field == "api.instances")
            #expect(e.message.contains("GB"))
        }
        #expect(p.knobs.int(.instances, service: 0) == 1)
        #expect(p.services[0].instances.count >= 1)
        p.advance(to: Time.second)
        #expect(p.total.offered > 0)
    }

    /// The largest single service stays allowed: both levels at 10M keys over a billion keys,
    /// with TTLs, under every policy.
    @Test func everyPolicyAtItsLargestCapacityFitsInOneService() throws {
        for policy in CachePolicyName.allCases where policy != .belady {
            var k = try Presets.named("checkout")!.knobs()
            try k.set("keys.count", text: "1G")
            try k.set("l1.policy", text: policy.rawValue)
            try k.set("l2.policy", text: policy.rawValue)
            try k.set("l1.capacity", text: "10M")
            try k.set("l2.capacity", text: "10M")
            try k.set("l1.ttl", text: "30s")
            try k.set("l2.ttl", text: "5m")
            let b = CacheBudget.bytes(k, keys: 1_000_000_000)
            #expect(b <= Double(CacheBudget.limit), "\(policy)")
        }
    }

    @Test func aTopologyFileWhoseCachesCouldOutgrowTheLimitIsRefusedAtTheCachesLine() throws {
        let text =
            Self.shop.replacingOccurrences(of: "[services.api]", with: "[services.api]\ninstances = 32")
            + "\n[keys]\ncount = \"1G\"\n"
        #expect(throws: InputError.self) { _ = try TopologyFile.parse(text: text, file: "big.toml") }
        do {
            _ = try TopologyFile.parse(text: text, file: "big.toml")
        } catch let e as InputError {
            // The line of `l1.capacity = "10M"` under [services.api].
            #expect(e.file == "big.toml" && e.line == 6 && e.field == "api.l1.capacity")
        }
        _ = try TopologyFile.parse(text: Self.shop + "\n[keys]\ncount = \"1G\"\n", file: "ok.toml")
    }

    /// A sweep refuses its grid before running anything, naming the first point too large.
    @Test func aSweepWithAPointWhoseCachesCouldOutgrowTheLimitIsRefused() throws {
        let s = try SweepTests.sweep(
            "checkout", ["instances=1..32:4"], seconds: 1, settings: ["keys.count=1G", "l1.capacity=10M"])
        do {
            _ = try s.run(jobs: 1)
            Issue.record("ran")
        } catch let e as InputError {
            // 1, 11, 22, 32 instances: 11 L1s of 10M keys (with their TTL) come to about 20 GB.
            #expect(e.field == "--vary" && e.message.hasPrefix("at instances=11,"))
        }
        let small = try SweepTests.sweep(
            "checkout", ["instances=1..32:4"], seconds: 1, settings: ["l1.capacity=10M"])
        try small.checkCaches(Array(0..<4))
    }

    @Test func aScriptThatWouldOutgrowTheLimitIsRefusedAtItsLine() throws {
        let knobs = try TopologyFile.parse(text: Self.shop, file: "shop.toml").knobs()
        let script = "1s keys.count=1G\n2s api.instances=4\n3s api.instances=32\n"
        #expect(throws: InputError.self) {
            _ = try KnobScript.parse(text: script, file: "s.txt", knobs: knobs)
        }
        do {
            _ = try KnobScript.parse(text: script, file: "s.txt", knobs: knobs)
        } catch let e as InputError {
            #expect(e.file == "s.txt" && e.line == 3 && e.field == "api.instances")
        }
        // The same changes in the other order never hold more than the limit allows.
        _ = try KnobScript.parse(
            text: "1s api.instances=32\n2s api.instances=1\n3s keys.count=1G\n", file: "s.txt", knobs: knobs)
    }
}

/// Timers left behind by attempts that ended early are removed once many are pending, and
/// removing them changes nothing but the count of events processed.
@Suite struct StaleTimerTests {
    /// Every try is dropped at once by a full channel and retried at once, each leaving a
    /// ten-minute deadline behind: about 2.5 million a simulated second.
    static func storm(removeStale: Bool) throws -> Simulation {
        let p = try BoundedMemoryTests.checkout([
            "load.rate": "50k", "load.timeout": "10m", "load.retries": "50", "load.retry_delay": "0",
            "channel.enabled": "true", "channel.capacity": "1", "channel.full_mode": "drop_write",
            "channel.consumers": "1", "db.service": "1s",
        ])
        if !removeStale { p.staleLimit = .max }
        return p
    }

    @Test func staleTimersAreRemovedAndNothingElseChanges() throws {
        let a = try Self.storm(removeStale: true)
        let b = try Self.storm(removeStale: false)
        for t in 1...8 {
            a.advance(to: Int64(t) * Time.second / 4)
            b.advance(to: Int64(t) * Time.second / 4)
            #expect(a.total == b.total)
            #expect(a.latency == b.latency)
            #expect(a.services[0].total == b.services[0].total)
        }
        // Without removal about five million deadlines pend; with it, at most twice what was
        // live at the last look plus what came since (a look every 65,536 timers).
        #expect(b.storageFootprint.pendingEvents > 4_000_000)
        #expect(a.storageFootprint.pendingEvents < 2 * Simulation.staleFloor + 65_536)
        // None of the removed deadlines would have come due in these two seconds.
        #expect(a.eventsProcessed == b.eventsProcessed)
    }
}
