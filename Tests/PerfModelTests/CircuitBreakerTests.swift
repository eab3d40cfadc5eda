import SimKernel
import Testing

@testable import PerfModel

/// The transitions of resilience4j's circuit breaker as its documentation describes them.
@Suite struct CircuitBreakerTests {
    let ms = Time.millisecond
    let s = Time.second

    func breaker(
        window: CircuitBreaker.SlidingWindow = .count(10), minimum: Int = 10,
        failure: Double = 0.5, slowRate: Double = 1.0, slowAfter: SimTime = 60 * Time.second,
        wait: SimTime = 10 * Time.second, halfOpenCalls: Int = 3
    ) -> CircuitBreaker {
        CircuitBreaker(
            config: .init(
                failureRateThreshold: failure, slowCallRateThreshold: slowRate,
                slowCallDuration: slowAfter, slidingWindow: window, minimumNumberOfCalls: minimum,
                waitDurationInOpenState: wait, permittedNumberOfCallsInHalfOpenState: halfOpenCalls))
    }

    /// Opens `cb` by failing `n` permitted calls at `now`.
    func fail(_ cb: inout CircuitBreaker, _ n: Int, at now: SimTime) {
        for _ in 0..<n {
            #expect(cb.tryAcquirePermission(now: now) == true)
            cb.onError(duration: ms, now: now)
        }
    }

    func succeed(_ cb: inout CircuitBreaker, _ n: Int, at now: SimTime, duration: SimTime? = nil) {
        for _ in 0..<n {
            #expect(cb.tryAcquirePermission(now: now) == true)
            cb.onSuccess(duration: duration ?? ms, now: now)
        }
    }

    @Test func stateRawValuesAreResilience4jNamesInSnakeCase() {
        #expect(
            CircuitBreaker.State.allCases.map(\.rawValue)
                == ["closed", "open", "half_open", "forced_open", "disabled"])
    }

    @Test func defaultsAreResilience4jDefaults() {
        let c = CircuitBreaker.Config()
        #expect(c.failureRateThreshold == 0.5)
        #expect(c.slowCallRateThreshold == 1.0)
        #expect(c.slowCallDuration == 60 * s)
        #expect(c.slidingWindow == .count(100))
        #expect(c.minimumNumberOfCalls == 100)
        #expect(c.waitDurationInOpenState == 60 * s)
        #expect(c.permittedNumberOfCallsInHalfOpenState == 10)
    }

    @Test func doesNotOpenBeforeMinimumNumberOfCalls() {
        var cb = breaker()
        fail(&cb, 9, at: 0)  // 100 % failures, but only 9 of the 10 calls needed
        #expect(cb.state == .closed)
        #expect(cb.snapshot(now: 0).failureRate == nil)
        let t = cb.onError(duration: ms, now: 0)  // the 10th call
        #expect(cb.state == .open)
        #expect(t == .init(from: .closed, to: .open, at: 0))
    }

    @Test func opensWhenFailureRateReachesThresholdInclusive() {
        var cb = breaker()
        succeed(&cb, 5, at: 0)
        fail(&cb, 4, at: 0)
        #expect(cb.state == .closed)
        #expect(cb.tryAcquirePermission(now: 1) == true)
        cb.onError(duration: ms, now: 1)  // 5 of 10 = 50 % ≥ 50 %
        #expect(cb.state == .open)
        #expect(cb.openedCount == 1)
        #expect(cb.lastTransition == .init(from: .closed, to: .open, at: 1))
    }

    @Test func staysClosedBelowThreshold() {
        var cb = breaker()
        succeed(&cb, 6, at: 0)
        fail(&cb, 4, at: 0)  // 40 %
        #expect(cb.state == .closed)
        #expect(cb.snapshot(now: 0).failureRate == 0.4)
        // The count window slides: the 11th call pushes out the first success.
        fail(&cb, 1, at: 0)  // 5 of the last 10
        #expect(cb.state == .open)
    }

    @Test func countWindowMinimumIsCappedAtWindowSize() {
        // resilience4j: minimumNumberOfCalls = min(minimumNumberOfCalls, slidingWindowSize).
        var cb = breaker(window: .count(5), minimum: 100)
        fail(&cb, 4, at: 0)
        #expect(cb.state == .closed)
        fail(&cb, 1, at: 0)
        #expect(cb.state == .open)
    }

    @Test func openRefusesUntilWaitElapsesThenHalfOpen() {
        var cb = breaker(wait: 10 * s)
        fail(&cb, 10, at: 1 * s)
        #expect(cb.state == .open)
        #expect(cb.openUntil == 11 * s)
        #expect(cb.tryAcquirePermission(now: 1 * s) == false)
        #expect(cb.tryAcquirePermission(now: 5 * s) == false)
        // resilience4j uses Instant.isAfter: exactly at the end of the wait is still refused.
        #expect(cb.tryAcquirePermission(now: 11 * s) == false)
        #expect(cb.state == .open)
        #expect(cb.notPermittedCount == 3)
        let before = cb.transitionCount
        #expect(cb.tryAcquirePermission(now: 11 * s + 1) == true)
        #expect(cb.state == .halfOpen)
        #expect(cb.transitionCount == before + 1)
        #expect(cb.lastTransition == .init(from: .open, to: .halfOpen, at: 11 * s + 1))
        #expect(cb.refusingTime(asOf: 20 * s) == 10 * s + 1)
    }

    @Test func halfOpenPermitsExactlyNCalls() {
        var cb = breaker(halfOpenCalls: 3)
        fail(&cb, 10, at: 0)
        let t = 10 * s + 1
        #expect(cb.tryAcquirePermission(now: t) == true)  // the transition's own call
        #expect(cb.tryAcquirePermission(now: t) == true)
        #expect(cb.tryAcquirePermission(now: t) == true)
        #expect(cb.tryAcquirePermission(now: t) == false)
        #expect(cb.tryAcquirePermission(now: t + s) == false)
        #expect(cb.state == .halfOpen)
        cb.releasePermission()  // one permitted call never ran
        #expect(cb.tryAcquirePermission(now: t) == true)
        #expect(cb.tryAcquirePermission(now: t) == false)
    }

    @Test func halfOpenClosesAfterNSuccessesAndStartsAFreshWindow() {
        var cb = breaker(halfOpenCalls: 3)
        fail(&cb, 10, at: 0)
        let t = 10 * s + 1
        for _ in 0..<3 { #expect(cb.tryAcquirePermission(now: t) == true) }
        #expect(cb.onSuccess(duration: ms, now: t) == nil)
        #expect(cb.onSuccess(duration: ms, now: t) == nil)
        #expect(cb.state == .halfOpen)
        #expect(cb.onSuccess(duration: ms, now: t + 5) == .init(from: .halfOpen, to: .closed, at: t + 5))
        #expect(cb.state == .closed)
        // Fresh window: nine failures are below the minimum again.
        fail(&cb, 9, at: t + 10)
        #expect(cb.state == .closed)
        #expect(cb.snapshot(now: t + 10).calls == 9)
    }

    @Test func halfOpenReopensWhenTrialFailureRateReachesThreshold() {
        var cb = breaker(wait: 10 * s, halfOpenCalls: 3)
        fail(&cb, 10, at: 0)
        let t = 10 * s + 1
        for _ in 0..<3 { #expect(cb.tryAcquirePermission(now: t) == true) }
        cb.onSuccess(duration: ms, now: t)
        cb.onError(duration: ms, now: t)
        #expect(cb.state == .halfOpen)
        #expect(cb.onError(duration: ms, now: t + 7) == .init(from: .halfOpen, to: .open, at: t + 7))
        #expect(cb.openedCount == 2)
        #expect(cb.openUntil == t + 7 + 10 * s)
        #expect(cb.tryAcquirePermission(now: t + 8) == false)
    }

    @Test func halfOpenEvaluatesAfterMinimumNumberOfCallsWhenSmaller() {
        // resilience4j's half-open window is count-based of size N with minimum
        // min(minimumNumberOfCalls, N): with a minimum of 2 the verdict comes after 2 calls.
        var cb = breaker(window: .count(2), minimum: 2, halfOpenCalls: 5)
        fail(&cb, 2, at: 0)
        let t = 10 * s + 1
        for _ in 0..<5 { #expect(cb.tryAcquirePermission(now: t) == true) }
        cb.onSuccess(duration: ms, now: t)
        #expect(cb.state == .halfOpen)
        cb.onSuccess(duration: ms, now: t)
        #expect(cb.state == .closed)
    }

    @Test func slowCallsOpenTheBreaker() {
        // Slow means strictly longer than slowCallDuration; failures stay below threshold.
        var cb = breaker(failure: 1.0, slowRate: 0.5, slowAfter: 1 * s)
        succeed(&cb, 5, at: 0, duration: 1 * s)  // exactly 1 s: not slow
        succeed(&cb, 4, at: 0, duration: 1 * s + 1)
        #expect(cb.state == .closed)
        #expect(cb.snapshot(now: 0).slowCalls == 4)
        succeed(&cb, 1, at: 0, duration: 3 * s)  // 5 slow of 10
        #expect(cb.state == .open)
    }

    @Test func slowFailuresCountAsSlowToo() {
        var cb = breaker(failure: 1.0, slowRate: 0.5, slowAfter: 1 * s)
        succeed(&cb, 5, at: 0)
        for _ in 0..<4 {
            #expect(cb.tryAcquirePermission(now: 0) == true)
            cb.onError(duration: 2 * s, now: 0)
        }
        #expect(cb.state == .closed)  // 40 % failures, 40 % slow
        #expect(cb.tryAcquirePermission(now: 0) == true)
        cb.onError(duration: 2 * s, now: 0)
        #expect(cb.state == .open)  // 50 % slow (failure rate 50 % < 100 %)
    }

    @Test func timeWindowForgetsOldEpochs() {
        // A 10 s window keeps epoch seconds now-9…now. Four failures in second 0:
        var a = breaker(window: .time(10 * s), minimum: 5)
        fail(&a, 4, at: 500 * ms)
        var b = a
        // In second 9 they are still in the window: 4 of 5 fail, so it opens.
        succeed(&a, 1, at: 9 * s + 999 * ms)
        #expect(a.state == .open)
        // In second 10 they have slid out: 1 call, below the minimum.
        succeed(&b, 1, at: 10 * s)
        #expect(b.state == .closed)
        #expect(b.snapshot(now: 10 * s).calls == 1)
        // And a snapshot alone (no call) sees them leave.
        var c = breaker(window: .time(10 * s), minimum: 5)
        fail(&c, 4, at: 0)
        #expect(c.snapshot(now: 9 * s).calls == 4)
        #expect(c.snapshot(now: 10 * s).calls == 0)
    }

    @Test func timeWindowUsesMinimumNumberOfCallsUncapped() {
        // Time-based: the minimum is not capped by the window's size in seconds.
        var cb = breaker(window: .time(2 * s), minimum: 20)
        fail(&cb, 19, at: 0)
        #expect(cb.state == .closed)
        fail(&cb, 1, at: 1 * s)
        #expect(cb.state == .open)
    }

    @Test func timeWindowSlidesBucketByBucket() {
        var cb = breaker(window: .time(3 * s), minimum: 100)
        fail(&cb, 1, at: 0)
        succeed(&cb, 2, at: 1 * s)
        succeed(&cb, 4, at: 2 * s + 5)
        #expect(cb.snapshot(now: 2 * s).calls == 7)
        succeed(&cb, 8, at: 3 * s)  // second 0 leaves
        #expect(cb.snapshot(now: 3 * s).calls == 14)
        #expect(cb.snapshot(now: 3 * s).failedCalls == 0)
        succeed(&cb, 16, at: 5 * s)  // seconds 1 and 2 leave
        #expect(cb.snapshot(now: 5 * s).calls == 24)
        succeed(&cb, 1, at: 100 * s)  // everything leaves
        #expect(cb.snapshot(now: 100 * s).calls == 1)
    }

    @Test func lateOutcomesInOpenAreRecordedButNeverTransition() {
        var cb = breaker()
        for _ in 0..<12 { #expect(cb.tryAcquirePermission(now: 0) == true) }
        for _ in 0..<10 { cb.onError(duration: ms, now: 0) }
        #expect(cb.state == .open)
        let n = cb.transitionCount
        #expect(cb.onSuccess(duration: ms, now: 1) == nil)
        #expect(cb.onError(duration: ms, now: 1) == nil)
        #expect(cb.state == .open)
        #expect(cb.transitionCount == n)
    }

    @Test func forcedOpenRefusesEverything() {
        var cb = breaker()
        cb.forceOpen(now: 5)
        #expect(cb.state == .forcedOpen)
        #expect(cb.lastTransition == .init(from: .closed, to: .forcedOpen, at: 5))
        for t in [SimTime(5), 100 * s, 10_000 * s] { #expect(cb.tryAcquirePermission(now: t) == false) }
        #expect(cb.state == .forcedOpen)
        #expect(cb.openedCount == 0)
        #expect(cb.refusingTime(asOf: 10 * s) == 10 * s - 5)
        cb.reset(now: 10 * s)
        #expect(cb.state == .closed)
        #expect(cb.tryAcquirePermission(now: 10 * s) == true)
    }

    @Test func disabledPermitsAllAndNeverTransitions() {
        var cb = breaker()
        cb.disable(now: 0)
        let n = cb.transitionCount
        for i in 0..<1000 {
            #expect(cb.tryAcquirePermission(now: SimTime(i)) == true)
            #expect(cb.onError(duration: 100 * s, now: SimTime(i)) == nil)
        }
        #expect(cb.state == .disabled)
        #expect(cb.transitionCount == n)
        #expect(cb.snapshot(now: 0).calls == 0)
        cb.reset(now: 1)
        #expect(cb.state == .closed)
        #expect(cb.lastTransition == .init(from: .disabled, to: .closed, at: 1))
    }

    @Test func resetFromOpenClosesWithEmptyWindow() {
        var cb = breaker()
        fail(&cb, 10, at: 0)
        cb.reset(now: 3)
        #expect(cb.state == .closed)
        #expect(cb.snapshot(now: 3).calls == 0)
        #expect(cb.transitionCount == 2)
    }

    @Test func reconfigureKeepsStateAndMovesTheWait() {
        var cb = breaker(wait: 10 * s)
        fail(&cb, 10, at: 2 * s)
        cb.reconfigure(
            .init(slidingWindow: .count(4), minimumNumberOfCalls: 4, waitDurationInOpenState: 1 * s),
            now: 2 * s + 5)
        #expect(cb.state == .open)
        #expect(cb.openUntil == 3 * s)
        #expect(cb.tryAcquirePermission(now: 3 * s + 1) == true)
        #expect(cb.state == .halfOpen)
        #expect(cb.halfOpenPermitsLeft == 9)
    }
}
