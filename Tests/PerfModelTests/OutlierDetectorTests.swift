import SimKernel
import Testing

@testable import PerfModel

/// Envoy's consecutive-5xx outlier detection, as its source and documentation describe it.
@Suite struct OutlierDetectorTests {
    let s = Time.second

    func detector(
        hosts: Int = 10, timing: OutlierDetector.UnejectTiming = .exact, percent: Int = 10,
        alwaysOne: Bool = false
    ) -> OutlierDetector {
        OutlierDetector(
            hostCount: hosts,
            config: .init(maxEjectionPercent: percent, alwaysEjectOneHost: alwaysOne, unejectTiming: timing))
    }

    func failures(_ d: inout OutlierDetector, _ host: Int, _ n: Int, at t: SimTime) -> OutlierDetector.Verdict
    {
        var v = OutlierDetector.Verdict.counted
        for _ in 0..<n { v = d.onFailure(host, now: t) }
        return v
    }

    @Test func defaultsAreEnvoys() {
        let c = OutlierDetector.Config()
        #expect(c.consecutiveFailures == 5)
        #expect(c.baseEjectionTime == 30 * s)
        #expect(c.maxEjectionTime == 300 * s)
        #expect(c.maxEjectionPercent == 10)
        #expect(c.alwaysEjectOneHost == false)
        #expect(c.interval == 10 * s)
        #expect(c.unejectTiming == .intervalTick)
        #expect(OutlierDetector.Config(baseEjectionTime: 400 * s).maxEjectionTime == 400 * s)
    }

    @Test func ejectsAfterExactlyNConsecutiveFailures() {
        var d = detector()
        #expect(failures(&d, 3, 4, at: 0) == .counted)
        #expect(!d.isEjected(3))
        #expect(d.onFailure(3, now: 1) == .ejected(until: 1 + 30 * s))
        #expect(d.isEjected(3))
        #expect(d.ejectedCount == 1)
        #expect(d.ejections(of: 3) == 1)
    }

    @Test func aSuccessBetweenResetsTheCount() {
        var d = detector()
        #expect(failures(&d, 0, 4, at: 0) == .counted)
        d.onSuccess(0)
        #expect(failures(&d, 0, 4, at: 0) == .counted)
        #expect(!d.isEjected(0))
        #expect(d.consecutiveFailures(of: 0) == 4)
        #expect(d.onFailure(0, now: 0) == .ejected(until: 30 * s))
    }

    @Test func failuresAreCountedPerHost() {
        var d = detector()
        for _ in 0..<4 {
            d.onFailure(0, now: 0)
            d.onFailure(1, now: 0)
        }
        #expect(d.ejectedCount == 0)
        #expect(d.onFailure(1, now: 0) == .ejected(until: 30 * s))
        #expect(!d.isEjected(0))
    }

    @Test func ejectionTimeGrowsWithRepeatedEjections() {
        var d = detector()
        #expect(failures(&d, 0, 5, at: 0) == .ejected(until: 30 * s))
        #expect(d.nextUnejectTime == 30 * s)
        #expect(d.unejectDue(now: 30 * s - 1) == nil)
        #expect(d.unejectDue(now: 30 * s) == 0)
        #expect(d.unejectDue(now: 30 * s) == nil)
        // Ejected again within an interval of returning: base × 2.
        #expect(failures(&d, 0, 5, at: 31 * s) == .ejected(until: 31 * s + 60 * s))
        #expect(d.unejectDue(now: 91 * s) == 0)
        #expect(failures(&d, 0, 5, at: 92 * s) == .ejected(until: 92 * s + 90 * s))
        #expect(d.ejections(of: 0) == 3)
    }

    @Test func ejectionTimeIsCappedAtMaxEjectionTime() {
        var d = detector()
        var t: SimTime = 0
        var last: SimTime = 0
        for _ in 0..<15 {
            guard case .ejected(let until) = failures(&d, 0, 5, at: t) else {
                Issue.record("not ejected")
                return
            }
            last = until - t
            t = until
            #expect(d.unejectDue(now: t) == 0)
        }
        #expect(last == 300 * s)
    }

    @Test func healthyIntervalsShrinkTheMultiplier() {
        var d = detector()
        _ = failures(&d, 0, 5, at: 0)
        _ = d.unejectDue(now: 30 * s)
        _ = failures(&d, 0, 5, at: 30 * s)  // multiplier 2: 60 s
        #expect(d.unejectDue(now: 90 * s) == 0)
        // Ticks at 100 s and 110 s each take one off (the tick at 90 s is the return's own).
        #expect(failures(&d, 0, 5, at: 110 * s + 1) == .ejected(until: 110 * s + 1 + 30 * s))
        _ = d.unejectDue(now: 200 * s)
        // After a long healthy stretch the multiplier is back to 0: the base time again.
        #expect(failures(&d, 0, 5, at: 1000 * s) == .ejected(until: 1030 * s))
    }

    @Test func intervalTimingUnejectsAtTheNextTick() {
        var d = detector(timing: .intervalTick)
        #expect(failures(&d, 2, 5, at: 3 * s) == .ejected(until: 40 * s))  // 33 s → tick 40 s
        #expect(d.unejectTime(of: 2) == 40 * s)
        #expect(d.nextUnejectTime == 40 * s)
        #expect(d.unejectDue(now: 39 * s) == nil)
        #expect(d.unejectDue(now: 40 * s) == 2)
        #expect(d.nextUnejectTime == nil)
        // Exactly on a tick: out at that tick.
        _ = failures(&d, 5, 5, at: 10 * s)
        #expect(d.unejectTime(of: 5) == 40 * s)
    }

    @Test func unejectDueReturnsHostsInOrderOfTheirTimes() {
        var d = detector(hosts: 20)
        _ = failures(&d, 7, 5, at: 2 * s)
        _ = failures(&d, 4, 5, at: 1 * s)
        #expect(d.ejectedCount == 2)
        #expect(d.nextUnejectTime == 31 * s)
        #expect(d.unejectDue(now: 100 * s) == 4)
        #expect(d.unejectDue(now: 100 * s) == 7)
        #expect(d.unejectDue(now: 100 * s) == nil)
        #expect(d.unejectionCount == 2)
    }

    @Test func maxEjectionPercentIsStrictByDefault() {
        // 3 hosts: one ejection would be 33 % > 10 %, so Envoy (since 1.27) ejects none.
        var d = detector(hosts: 3)
        #expect(failures(&d, 0, 5, at: 0) == .overflow)
        #expect(d.ejectedCount == 0)
        #expect(d.overflowCount == 1)
        // The count restarts after a refused ejection too.
        #expect(failures(&d, 0, 4, at: 0) == .counted)
        #expect(d.onFailure(0, now: 0) == .overflow)
    }

    @Test func alwaysEjectOneHostLetsTheFirstThrough() {
        var d = detector(hosts: 3, alwaysOne: true)
        #expect(failures(&d, 0, 5, at: 0) == .ejected(until: 30 * s))
        #expect(failures(&d, 1, 5, at: 0) == .overflow)
        _ = d.unejectDue(now: 30 * s)
        #expect(failures(&d, 1, 5, at: 30 * s) == .ejected(until: 60 * s))
    }

    @Test func maxEjectionPercentCountsHostsAfterTheEjection() {
        // 4 hosts at 50 %: the second ejection reaches 50 % (allowed), a third would be 75 %.
        var d = detector(hosts: 4, percent: 50)
        #expect(failures(&d, 0, 5, at: 0) != .overflow)
        #expect(failures(&d, 1, 5, at: 0) != .overflow)
        #expect(failures(&d, 2, 5, at: 0) == .overflow)
        #expect(d.ejectedCount == 2)
    }

    @Test func outcomesOfAnEjectedHostAreIgnoredAndReturnResetsTheCount() {
        var d = detector()
        _ = failures(&d, 0, 5, at: 0)
        #expect(failures(&d, 0, 20, at: 1) == .counted)
        d.onSuccess(0)
        #expect(d.isEjected(0))
        _ = d.unejectDue(now: 30 * s)
        #expect(d.consecutiveFailures(of: 0) == 0)
        #expect(failures(&d, 0, 4, at: 31 * s) == .counted)
        #expect(!d.isEjected(0))
    }
}
