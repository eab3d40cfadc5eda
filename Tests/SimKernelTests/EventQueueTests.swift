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
