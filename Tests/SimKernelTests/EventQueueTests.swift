import Testing

@testable import SimKernel

@Suite struct EventQueueTests {
    @Test func popsInTimeOrderAndTiesInInsertionOrder() {
        var q = EventQueue<Int>()
        var rng = RandomStream(seed: 11)
        var expected: [(SimTime, Int)] = []
        for i in 0..<5_000 {
            let t = SimTime(rng.nextInt(below: 200))  // many ties
            q.push(i, at: t)
            expected.append((t, i))
        }
        let valid = q.isValidHeap()  // (#expect cannot capture a noncopyable queue)
        #expect(valid)
        // A stable sort by time is exactly (time, insertion) order.
        expected = expected.enumerated().sorted { a, b in
            a.element.0 != b.element.0 ? a.element.0 < b.element.0 : a.offset < b.offset
        }.map(\.element)
        var got: [(SimTime, Int)] = []
        while let e = q.pop() { got.append((e.time, e.event)) }
        #expect(got.count == expected.count)
        #expect(zip(got, expected).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 })
    }

    @Test func interleavedPushAndPopKeepOrder() {
        var q = EventQueue<Int>()
        var rng = RandomStream(seed: 3)
        var now: SimTime = 0
        var last: (SimTime, Int) = (-1, -1)
        for i in 0..<20_000 {
            q.push(i, at: now + SimTime(rng.nextInt(below: 1000)))
            if i % 3 == 0, let e = q.pop() {
                #expect(e.time >= last.0)
                if e.time == last.0 { #expect(e.event > last.1) }
                last = (e.time, e.event)
                now = e.time
            }
        }
        let valid = q.isValidHeap()
        #expect(valid)
    }
}

extension EventQueueTests {
    /// Events that own memory (strings) survive the heap's moves and its growth from a
    /// small reservation, come out in order, and what is left is released by removeAll and
    /// by the queue's end.
    @Test func eventsThatOwnMemoryAreMovedIntact() {
        var q = EventQueue<String>(reservingCapacity: 4)
        var rng = RandomStream(seed: 5)
        var expected: [(SimTime, String)] = []
        for i in 0..<3_000 {
            let t = SimTime(rng.nextInt(below: 500))
            let e = String(repeating: "event ", count: 1 + i % 7) + String(i)
            q.push(e, at: t)
            expected.append((t, e))
        }
        expected = expected.enumerated().sorted { a, b in
            a.element.0 != b.element.0 ? a.element.0 < b.element.0 : a.offset < b.offset
        }.map(\.element)
        var got: [(SimTime, String)] = []
        for _ in 0..<2_000 { if let e = q.pop() { got.append((e.time, e.event)) } }
        let left = q.count
        q.removeAll()
        let emptied = q.isEmpty
        q.push("after", at: 1)
        let again = q.pop()
        #expect(zip(got, expected).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 })
        #expect(left == 1_000 && emptied)
        #expect(again?.event == "after")
    }
}

extension EventQueueTests {
    /// A pop leaves the root's slot empty until the next push or pop: through random runs of
    /// pushes and pops (two pops in a row, a push after a pop, a pop of the last event), the
    /// count, the next time and every event popped agree with a sorted list.
    @Test func anEmptyRootIsInvisible() {
        var q = EventQueue<Int>(reservingCapacity: 4)
        var model: [(SimTime, UInt64, Int)] = []
        var seq: UInt64 = 0
        var rng = RandomStream(seed: 21)
        var checks = 0
        var agree = true
        for i in 0..<50_000 {
            if rng.nextInt(below: 100) < (model.count < 20 ? 60 : 45) {
                let t = SimTime(rng.nextInt(below: 300))
                q.push(i, at: t)
                model.append((t, seq, i))
                seq += 1
            } else {
                let got = q.pop()
                model.sort { ($0.0, $0.1) < ($1.0, $1.1) }
                let want = model.isEmpty ? nil : model.removeFirst()
                agree = agree && got?.time == want?.0 && got?.event == want?.2
            }
            let next = model.map(\.0).min()
            agree = agree && q.count == model.count && q.nextTime == next && q.isValidHeap()
            checks += 1
        }
        #expect(agree)
        #expect(checks == 50_000)
    }
}

@Suite struct SchedulerTests {
    /// A toy model: each event reschedules itself with a random delay and logs (time, id).
    struct Toy: ~Copyable {
        var s = Scheduler<Int>()
        var rng = RandomStream(seed: 99, stream: "toy")
        var log: [SimTime] = []
        init() { for i in 0..<10 { s.schedule(i, at: 0) } }
        mutating func advance(to t: SimTime) {
            while let e = s.next(until: t) {
                log.append(s.now &* 16 &+ SimTime(e))
                s.schedule(e, after: SimTime(rng.nextInt(below: 5_000)))
            }
        }
    }

    @Test func slicingDoesNotChangeResults() {
        var once = Toy()
        once.advance(to: 1_000_000)
        var sliced = Toy()
        for k in 1...1_000 { sliced.advance(to: SimTime(k) * 1_000) }
        let (a, b) = (once.log, sliced.log)
        let ends = once.s.now == 1_000_000 && sliced.s.now == 1_000_000
        #expect(a == b)
        #expect(ends)
        #expect(a.count > 1_000)
    }

    @Test func timeNeverMovesBackwards() {
        var s = Scheduler<Int>()
        s.schedule(1, at: 50)
        _ = s.next(until: 100)
        let first = s.now
        let none = s.next(until: 30)
        let after = s.now
        s.schedule(2, at: 10)  // in the past: clamped to now
        let clamped = s.nextTime
        #expect(first == 50)
        #expect(none == nil)
        #expect(after == 50)
        #expect(clamped == 50)
    }
}

@Suite struct SchedulerLaneTests {
    /// A toy model whose events reschedule themselves: half after a random delay, the rest
    /// after one of three fixed delays (one of which changes midway, so that some events
    /// come due before their lane's last), with many ties; run once with every event in the
    /// heap and once with the fixed delays in lanes.
    struct Toy: ~Copyable {
        var s = Scheduler<Int>()
        var rng = RandomStream(seed: 7, stream: "lanes")
        var lanes: [Int] = []
        var log: [SimTime] = []
        var peak = 0
        let useLanes: Bool

        init(lanes use: Bool) {
            useLanes = use
            for _ in 0..<3 { lanes.append(s.makeLane()) }
            for i in 0..<200 { s.schedule(i, at: SimTime(i % 7)) }
        }

        mutating func advance(to t: SimTime) {
            while let e = s.next(until: t) {
                log.append(s.now &* 1000 &+ SimTime(e))
                peak = Swift.max(peak, s.pending)
                let kind = rng.nextInt(below: 6)
                if kind < 3 {
                    s.schedule(e, after: SimTime(rng.nextInt(below: 40)))
                } else {
                    let lane = kind - 3
                    // Lane 2's delay drops from 50 to 5 halfway: its events then overtake.
                    let delay: SimTime = [30, 8, s.now < 20_000 ? 50 : 5][lane]
                    if useLanes {
                        s.schedule(e, after: delay, lane: lanes[lane])
                    } else {
                        s.schedule(e, after: delay)
                    }
                }
            }
        }
    }

    @Test func lanesDeliverExactlyWhatTheHeapAloneDelivers() {
        var heap = Toy(lanes: false)
        var laned = Toy(lanes: true)
        heap.advance(to: 40_000)
        for k in 1...400 { laned.advance(to: SimTime(k) * 100) }
        let (a, b) = (heap.log, laned.log)
        let pending = (heap.s.pending, laned.s.pending)
        let peaks = (heap.peak, laned.peak)
        #expect(a.count > 100_000)
        #expect(a == b)
        #expect(pending.0 == pending.1 && pending.0 == 200)
        #expect(peaks.0 == peaks.1)
        laned.s.clear()
        let cleared = laned.s.pending == 0 && laned.s.next(until: .max) == nil
        #expect(cleared)
    }
}

/// Removing stale events (``Scheduler/removeAll(where:)``) leaves the others to come due in
/// exactly the order they would have: checked against the same schedule run without
/// removal, its output filtered.
@Suite struct SchedulerRemovalTests {
    @Test func removingEventsKeepsTheOrderOfTheRest() {
        // Events: id * 8 + kind; kind 0...2 go into lanes with fixed delays (one of them
        // shortened midway, so some go to the heap), the rest into the heap at random times.
        func run(removing: Bool) -> [Int64] {
            var s = Scheduler<Int>()
            let lanes = (0..<3).map { _ in s.makeLane() }
            var rng = RandomStream(seed: 11, stream: "removal")
            var delays: [SimTime] = [50, 120, 400]
            var out: [Int64] = []
            var id = 0
            for round in 0..<60 {
                for _ in 0..<200 {
                    let kind = rng.nextInt(below: 5)
                    let e = id * 8 + kind
                    id += 1
                    if kind < 3 {
                        s.schedule(e, after: delays[kind], lane: lanes[kind])
                    } else {
                        s.schedule(e, after: SimTime(rng.nextInt(below: 500)))
                    }
                }
                if round == 30 { delays[2] = 60 }
                // Every third event is stale: removed at once in one run, skipped in the other.
                if removing && round % 7 == 3 { _ = s.removeAll { ($0 / 8) % 3 == 0 } }
                let horizon = s.now + 37
                while let e = s.next(until: horizon) {
                    if (e / 8) % 3 != 0 { out.append(s.now * 1_000_000 + Int64(e)) }
                }
            }
            while let e = s.next(until: .max) {
                if (e / 8) % 3 != 0 { out.append(s.now * 1_000_000 + Int64(e)) }
            }
            return out
        }
        let kept = run(removing: true)
        let reference = run(removing: false)
        #expect(kept.count > 5_000)
        let firstDifference = zip(kept, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(kept.count == reference.count && firstDifference == nil)
    }
}
