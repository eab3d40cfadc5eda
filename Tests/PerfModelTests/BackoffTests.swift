import SimKernel
import Testing

@testable import PerfModel

/// The AWS Architecture Blog's "Exponential Backoff and Jitter" formulas.
@Suite struct BackoffTests {
    let ms = Time.millisecond

    @Test func jitterRawValuesAreKnobNames() {
        #expect(Jitter.allCases.map(\.rawValue) == ["none", "full", "equal", "decorrelated"])
    }

    @Test func exponentialDoublesUntilTheCap() {
        var rng = RandomStream(seed: 1)
        let b = Backoff(base: 10 * ms, cap: 1000 * ms, jitter: .none)
        let delays = (0..<10).map { b.delay(attempt: $0, rng: &rng) }
        #expect(delays == [10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000].map { $0 * ms })
        #expect(b.exponential(attempt: 62) == 1000 * ms)
        #expect(b.exponential(attempt: 10_000) == 1000 * ms)
        let huge = Backoff(base: SimTime.max / 4, cap: SimTime.max, jitter: .none)
        #expect(huge.exponential(attempt: 3) == SimTime.max)  // saturates, no overflow trap
    }

    @Test func fullJitterStaysInZeroToTempAndAveragesHalf() {
        var rng = RandomStream(seed: 2)
        let b = Backoff(base: 10 * ms, cap: 500 * ms, jitter: .full)
        for attempt in [0, 3, 10] {
            let temp = b.exponential(attempt: attempt)
            var sum = 0.0
            let n = 20_000
            for _ in 0..<n {
                let d = b.delay(attempt: attempt, rng: &rng)
                #expect(d >= 0 && d < temp)
                sum += Double(d)
            }
            let mean = sum / Double(n)
            #expect(abs(mean / Double(temp) - 0.5) < 0.02, "attempt \(attempt): mean \(mean)")
        }
    }

    @Test func equalJitterStaysInHalfTempToTemp() {
        var rng = RandomStream(seed: 3)
        let b = Backoff(base: 10 * ms, cap: 500 * ms, jitter: .equal)
        for attempt in 0..<8 {
            let temp = b.exponential(attempt: attempt)
            var lowest = SimTime.max
            var highest = SimTime.min
            for _ in 0..<5_000 {
                let d = b.delay(attempt: attempt, rng: &rng)
                lowest = min(lowest, d)
                highest = max(highest, d)
            }
            #expect(lowest >= temp / 2 && highest < temp)
            // Both ends are reached closely.
            #expect(Double(lowest - temp / 2) < 0.01 * Double(temp))
            #expect(Double(temp - highest) < 0.01 * Double(temp))
        }
    }

    @Test func decorrelatedJitterStaysBetweenBaseAndThreeTimesPreviousCapped() {
        var rng = RandomStream(seed: 4)
        let base = 10 * ms
        let cap = 2000 * ms
        let b = Backoff(base: base, cap: cap, jitter: .decorrelated)
        var previous: SimTime = 0
        var reachedCap = false
        for attempt in 0..<20_000 {
            let d = b.delay(attempt: attempt % 12, previous: previous, rng: &rng)
            #expect(d >= base && d <= cap)
            #expect(d < max(previous, base) * 3)
            reachedCap = reachedCap || d == cap
            previous = attempt % 12 == 11 ? 0 : d  // start over every 12 retries
        }
        #expect(reachedCap)
        // The first delay is uniform in [base, 3·base).
        var first = 0.0
        for _ in 0..<10_000 { first += Double(b.delay(attempt: 0, rng: &rng)) }
        #expect(abs(first / 10_000 / Double(2 * base) - 1) < 0.02)
    }

    @Test func noJitterDrawsNothingAndJitterDrawsOnce() {
        var a = RandomStream(seed: 5)
        var b = a
        _ = Backoff(base: ms, cap: 10 * ms, jitter: .none).delay(attempt: 1, rng: &a)
        #expect(a.next() == b.next())
        var c = RandomStream(seed: 6)
        var d = c
        _ = Backoff(base: ms, cap: 10 * ms, jitter: .full).delay(attempt: 1, rng: &c)
        _ = d.next()
        #expect(c.next() == d.next())
    }
}
