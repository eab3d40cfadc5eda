import SimKernel
import Testing

@testable import PerfModel

@Suite struct DeterminismTests {
    /// The summary without its wall-clock fields.
    static func summary(_ p: Simulation) -> String {
        var j = RunSummary.json(
            scenario: "checkout", simulation: p, simSeconds: Time.seconds(p.now), wallSeconds: 0,
            drained: false)
        if case .object(var pairs) = j {
            pairs.removeAll { $0.0 == "wall_seconds" || $0.0 == "events_per_second" }
            j = .object(pairs)
        }
        return j.text
    }

    @Test func sameSeedSameNumbers() throws {
        let k = try Presets.named("checkout")!.knobs()
        let a = try Simulation(knobs: k, seed: 7)
        let b = try Simulation(knobs: k, seed: 7)
        a.advance(to: 20 * Time.second)
        b.advance(to: 20 * Time.second)
        #expect(Self.summary(a) == Self.summary(b))
        let c = try Simulation(knobs: k, seed: 8)
        c.advance(to: 20 * Time.second)
        #expect(Self.summary(a) != Self.summary(c))
    }

    @Test func thousandSlicesEqualOneAdvance() throws {
        let k = try Presets.named("checkout")!.knobs()
        let once = try Simulation(knobs: k, seed: 3)
        let sliced = try Simulation(knobs: k, seed: 3)
        let end = 20 * Time.second
        once.advance(to: end)
        for s in 1...1000 { sliced.advance(to: end * SimTime(s) / 1000) }
        #expect(Self.summary(once) == Self.summary(sliced))
        #expect(once.samples == sliced.samples)
    }

    /// Every example topology, advanced in 997 slices of uneven length with a change of
    /// structure in the middle, gives the numbers of one advance: every service's figures,
    /// every call's and every sample a listener hears.
    @Test(arguments: ExampleTopologyTests.names)
    func aTopologyIsTheSameWhateverTheSlicing(_ file: String) throws {
        let s = try ExampleTopologyTests.load(file)
        let k = try s.knobs()
        let last = s.topology.services.count - 1
        let change = "\(s.topology.services[last].name).instances"
        func run(slices: Int) throws -> (String, [Sample]) {
            let p = try Simulation(topology: s.topology, knobs: k, seed: 9)
            var heard: [Sample] = []
            p.onSample = { heard.append($0) }
            let end = 12 * Time.second
            var t: SimTime = 0
            var changed = false
            for i in 1...slices {
                // Uneven: the i-th slice ends at end·(i/n)², so early ones are short.
                t = Swift.max(t, end * SimTime(i) * SimTime(i) / (SimTime(slices) * SimTime(slices)))
                if !changed && t >= 5 * Time.second {
                    p.advance(to: 5 * Time.second)
                    try p.set(change, .number(2))
                    changed = true
                }
                p.advance(to: t)
            }
            return (Self.summary(p), heard)
        }
        let (once, heardOnce) = try run(slices: 1)
        let (sliced, heardSliced) = try run(slices: 997)
        #expect(once == sliced)
        #expect(heardOnce == heardSliced)
        #expect(heardOnce.count == 12 && heardOnce.allSatisfy { s.topology.isSingle || !$0.services.isEmpty })
    }

    /// The dashboard's frames advance by a budget of events, stopping anywhere, even inside
    /// an instant (a batch starting together, a closed model's users at time 0): any budget
    /// gives the numbers of one advance, with a knob change made where a budget stopped
    /// (``Simulation/set(_:_:)`` first finishes the instant, as a replay advancing to that
    /// time does).
    @Test(arguments: [("checkout", 1), ("batches", 7), ("checkout", 997)])
    func anEventBudgetIsOnlyAnotherSlicing(_ scenario: String, _ budget: Int) throws {
        let k = try Presets.named(scenario)!.knobs()
        let change = 3 * Time.second + 1
        let end = 6 * Time.second
        let once = try Simulation(knobs: k, seed: 5)
        var heardOnce: [Sample] = []
        once.onSample = { heardOnce.append($0) }
        once.advance(to: change)
        try once.set("load.write_ratio", .number(0.4))
        once.advance(to: end)
        let budgeted = try Simulation(knobs: k, seed: 5)
        var heard: [Sample] = []
        budgeted.onSample = { heard.append($0) }
        var stops = 0
        while !budgeted.advance(to: change, budget: budget) { stops += 1 }
        try budgeted.set("load.write_ratio", .number(0.4))
        while !budgeted.advance(to: end, budget: budget) { stops += 1 }
        #expect(stops > 0, "the budget stopped the advance at least once")
        #expect(Self.summary(once) == Self.summary(budgeted))
        #expect(heardOnce == heard)
    }

    /// Stopped inside an instant, ``Simulation/finishInstant()`` processes what is still due
    /// at that time and nothing later: 500 users of a closed model all start at time 0.
    @Test func finishingAnInstantStopsAtItsEnd() throws {
        var k = try Presets.named("batches")!.knobs()
        try k.apply(assignment: "load.model=closed")
        try k.apply(assignment: "load.users=500")
        let whole = try Simulation(knobs: k, seed: 2)
        whole.advance(to: 0)
        let cut = try Simulation(knobs: k, seed: 2)
        #expect(!cut.advance(to: Time.second, budget: 100))
        #expect(cut.now == 0)
        cut.finishInstant()
        #expect(cut.now == 0)
        #expect(cut.eventsProcessed == whole.eventsProcessed)
        #expect(cut.inFlight == whole.inFlight && cut.inFlight > 0)
        // A knob set where a budget stopped inside the instant lands after it, as in a replay.
        let stopped = try Simulation(knobs: k, seed: 2)
        #expect(!stopped.advance(to: Time.second, budget: 100))
        try stopped.set("load.think", .number(7.5e6))
        try whole.set("load.think", .number(7.5e6))
        stopped.advance(to: 5 * Time.second)
        whole.advance(to: 5 * Time.second)
        #expect(Self.summary(stopped) == Self.summary(whole))
        #expect(stopped.samples == whole.samples)
    }

    /// A knob set to the value it has is no change: neither a session nor the dashboard's
    /// log records it, so it must not move the model (it once restarted the arrivals'
    /// draws for `load.*`, and fresh key streams for `keys.*`, and replays of sessions in
    /// which a user had typed a knob's own value failed to verify).
    @Test(arguments: [
        ("checkout", "load.rate"), ("checkout", "load.write_ratio"), ("checkout", "keys.count"),
        ("batches", "load.users"), ("checkout", "breaker.state"), ("checkout", "backends.count"),
    ])
    func settingAKnobToItsValueChangesNothing(_ scenario: String, _ knob: String) throws {
        let k = try Presets.named(scenario)!.knobs()
        let untouched = try Simulation(knobs: k, seed: 4)
        let touched = try Simulation(knobs: k, seed: 4)
        untouched.advance(to: 10 * Time.second)
        touched.advance(to: 3 * Time.second)
        try touched.set(knob, touched.knobs[knob])
        touched.advance(to: 10 * Time.second)
        #expect(Self.summary(untouched) == Self.summary(touched))
        #expect(untouched.samples == touched.samples)
    }

    /// A change at time 0 on a simulation not yet advanced (the dashboard, paused at the
    /// start or just after a new preset) comes after the events due at 0, as in a replay,
    /// which advances to a change's time before making it.
    @Test(arguments: ["batches", "checkout", "mm1"])
    func aChangeAtTimeZeroComesAfterTheEventsDueThen(_ scenario: String) throws {
        let k = try Presets.named(scenario)!.knobs()
        let byHand = try Simulation(knobs: k, seed: 6)
        let replayed = try Simulation(knobs: k, seed: 6)
        try byHand.set("load.write_ratio", .number(0.55))
        replayed.advance(to: 0)
        try replayed.set("load.write_ratio", .number(0.55))
        byHand.advance(to: 5 * Time.second)
        replayed.advance(to: 5 * Time.second)
        #expect(Self.summary(byHand) == Self.summary(replayed))
        #expect(byHand.samples == replayed.samples)
    }

    @Test func knobChangesAtTheSameTimesGiveTheSameNumbers() throws {
        let k = try Presets.named("checkout")!.knobs()
        let a = try Simulation(knobs: k, seed: 5)
        let b = try Simulation(knobs: k, seed: 5)
        a.advance(to: 5 * Time.second)
        try a.set("load.rate", text: "9000")
        a.advance(to: 12_500 * Time.millisecond)
        try a.set("l1.policy", text: "s3fifo")
        a.advance(to: 20 * Time.second)
        var changes: [(SimTime, String, String)] = [
            (5 * Time.second, "load.rate", "9000"), (12_500 * Time.millisecond, "l1.policy", "s3fifo"),
        ]
        for s in 1...400 {
            let t = 20 * Time.second * SimTime(s) / 400
            while let c = changes.first, c.0 <= t {
                b.advance(to: c.0)
                try b.set(c.1, text: c.2)
                changes.removeFirst()
            }
            b.advance(to: t)
        }
        #expect(Self.summary(a) == Self.summary(b))
    }
}
