import SimKernel

/// A circuit breaker: a state machine over a sliding window of call outcomes that stops
/// calls to a failing dependency and probes it again after a wait.
///
/// Follows resilience4j's `CircuitBreakerStateMachine` (with its defaults, and with
/// `automaticTransitionFromOpenToHalfOpenEnabled = false`):
///
/// - **closed** permits every call and records each outcome in the sliding window
///   (``SlidingWindow/count(_:)`` or ``SlidingWindow/time(_:)``, the latter in 1 s buckets).
///   Once the window holds at least `minimumNumberOfCalls` calls (for a count-based window,
///   `min(minimumNumberOfCalls, size)`), a failure rate ≥ `failureRateThreshold` or a slow-call
///   rate ≥ `slowCallRateThreshold` opens the breaker. A call is slow when its duration is
///   strictly greater than `slowCallDuration`; a failed call can be slow too.
/// - **open** refuses calls. The first permission request strictly after
///   `openedAt + waitDurationInOpenState` (resilience4j compares with `Instant.isAfter`)
///   moves the breaker to half-open and is then decided by half-open. Outcomes of calls
///   permitted before the breaker opened are still recorded, but cause no transition.
/// - **halfOpen** permits `permittedNumberOfCallsInHalfOpenState` calls and refuses the rest.
///   Its outcomes go to a fresh count-based window of that size, whose minimum is
///   `min(minimumNumberOfCalls, permittedNumberOfCallsInHalfOpenState)`, exactly as in
///   resilience4j: once that many have completed, rates below both thresholds close the
///   breaker and a rate at or above either opens it again.
/// - **forcedOpen** refuses everything; **disabled** permits everything and records nothing;
///   neither leaves its state except through ``forceOpen(now:)``, ``disable(now:)`` or
///   ``reset(now:)``.
///
/// Entering closed or half-open starts a new window; entering open keeps the window it came
/// from (for reporting), as resilience4j does.
///
/// Differences from resilience4j: time is simulated (``SimTime`` nanoseconds, epoch seconds
/// counted from the start of the run); thresholds are ratios in 0…1 instead of percentages;
/// the wait in open is a constant (no interval function), there is no
/// `maxWaitDurationInHalfOpenState`, no metrics-only state, no exception classification (the
/// caller says success or error) and no event publisher: the caller learns of transitions
/// from ``lastTransition`` and ``transitionCount``, and from the values returned by
/// ``onSuccess(duration:now:)`` and ``onError(duration:now:)``.
///
/// Two other kinds count failures instead of rates (``Kind``): Polly's classic breaker
/// (`consecutive`: a success resets the count) and the seed's `CircuitBreaker`
/// (`cumulative`: failures since it last closed, never reset by a success); either opens
/// when the count reaches `failureThreshold`, and in half-open the first outcome decides
/// (a success closes, a failure opens again), as Polly's does.
///
/// Every operation is O(1) (a time-based window's slide is O(seconds elapsed, at most its
/// size)) and allocates nothing after construction.
public struct CircuitBreaker: Sendable {
    /// The breaker's states, named as resilience4j's `CircuitBreaker.State` in snake case.
    public enum State: String, Sendable, CaseIterable {
        case closed
        case open
        case halfOpen = "half_open"
        case forcedOpen = "forced_open"
        case disabled
    }

    /// The closed state's sliding window.
    public enum SlidingWindow: Sendable, Equatable {
        /// The last `n` calls (resilience4j's `COUNT_BASED`).
        case count(Int)
        /// The calls of the last `duration`, rounded up to whole seconds and kept in one
        /// bucket per second (resilience4j's `TIME_BASED`).
        case time(SimTime)
    }

    /// How the closed state decides to open.
    public enum Kind: String, Sendable, CaseIterable {
        /// resilience4j: failure and slow-call rates over a sliding window.
        case sliding
        /// Polly's classic breaker: `failureThreshold` failures in a row.
        case consecutive
        /// The seed's: `failureThreshold` failures since it last closed, whatever succeeded
        /// between them.
        case cumulative
    }

    /// The breaker's settings; the defaults are resilience4j's.
    public struct Config: Sendable, Equatable {
        public var kind: Kind = .sliding
        /// Failures that open a `consecutive` or `cumulative` breaker.
        public var failureThreshold: Int = 5
        /// Failure ratio (0…1) at or above which the breaker opens. resilience4j: 50 %.
        public var failureRateThreshold: Double
        /// Slow-call ratio (0…1) at or above which the breaker opens. resilience4j: 100 %.
        public var slowCallRateThreshold: Double
        /// Calls that take strictly longer than this are slow. resilience4j: 60 s.
        public var slowCallDuration: SimTime
        /// The closed state's window. resilience4j: the last 100 calls.
        public var slidingWindow: SlidingWindow
        /// Calls the window must hold before rates are evaluated. resilience4j: 100.
        public var minimumNumberOfCalls: Int
        /// How long open refuses calls. resilience4j: 60 s.
        public var waitDurationInOpenState: SimTime
        /// Trial calls permitted in half-open. resilience4j: 10.
        public var permittedNumberOfCallsInHalfOpenState: Int

        public init(
            failureRateThreshold: Double = 0.5,
            slowCallRateThreshold: Double = 1.0,
            slowCallDuration: SimTime = 60 * Time.second,
            slidingWindow: SlidingWindow = .count(100),
            minimumNumberOfCalls: Int = 100,
            waitDurationInOpenState: SimTime = 60 * Time.second,
            permittedNumberOfCallsInHalfOpenState: Int = 10,
            kind: Kind = .sliding,
            failureThreshold: Int = 5
        ) {
            self.kind = kind
            self.failureThreshold = failureThreshold
            self.failureRateThreshold = failureRateThreshold
            self.slowCallRateThreshold = slowCallRateThreshold
            self.slowCallDuration = slowCallDuration
            self.slidingWindow = slidingWindow
            self.minimumNumberOfCalls = minimumNumberOfCalls
            self.waitDurationInOpenState = waitDurationInOpenState
            self.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState
        }
    }

    /// One state change.
    public struct Transition: Sendable, Equatable {
        public var from: State
        public var to: State
        public var at: SimTime

        public init(from: State, to: State, at: SimTime) {
            self.from = from
            self.to = to
            self.at = at
        }
    }

    /// The counts in the current state's window, as seen at some time.
    public struct WindowSnapshot: Sendable, Equatable {
        public var calls: Int
        public var failedCalls: Int
        public var slowCalls: Int
        /// The failure ratio, or `nil` below the minimum number of calls (resilience4j's -1).
        public var failureRate: Double?
        /// The slow-call ratio, or `nil` below the minimum number of calls.
        public var slowCallRate: Double?
    }

    public private(set) var config: Config
    public private(set) var state: State = .closed
    /// The latest state change, if any.
    public private(set) var lastTransition: Transition?
    /// State changes so far; compare before and after a call to learn of a change.
    public private(set) var transitionCount: Int = 0
    /// Times the breaker entered ``State/open`` (from closed or half-open).
    public private(set) var openedCount: Int = 0
    /// Permission requests refused.
    public private(set) var notPermittedCount: Int = 0
    /// While open: permission requests at times strictly after this move to half-open.
    public private(set) var openUntil: SimTime = 0
    /// Half-open trial permits left.
    public private(set) var halfOpenPermitsLeft: Int = 0

    /// Failures counted by a `consecutive` or `cumulative` breaker since it last closed.
    public private(set) var failureCount = 0
    private var closedWindow: OutcomeWindow
    private var halfOpenWindow: OutcomeWindow
    /// In open: whether it came from half-open, so that late outcomes and reports use the
    /// half-open window (resilience4j's open state keeps the metrics of the state before).
    private var openedFromHalfOpen = false
    private var closedMinimumCalls: Int
    private var halfOpenMinimumCalls: Int
    /// Time spent in open or forced-open before the current stay in it.
    private var refusingTimeBefore: SimTime = 0
    private var enteredStateAt: SimTime

    /// A closed breaker at time `now`.
    public init(config: Config = Config(), now: SimTime = 0) {
        CircuitBreaker.validate(config)
        self.config = config
        enteredStateAt = now
        (closedWindow, closedMinimumCalls) = CircuitBreaker.makeClosedWindow(config, now: now)
        let permits = config.permittedNumberOfCallsInHalfOpenState
        halfOpenWindow = OutcomeWindow(kind: .count, size: permits, now: now)
        halfOpenMinimumCalls = min(config.minimumNumberOfCalls, permits)
    }

    private static func validate(_ c: Config) {
        precondition((0...1).contains(c.failureRateThreshold), "failureRateThreshold must be in 0…1")
        precondition((0...1).contains(c.slowCallRateThreshold), "slowCallRateThreshold must be in 0…1")
        precondition(c.minimumNumberOfCalls >= 1, "minimumNumberOfCalls must be at least 1")
        precondition(c.permittedNumberOfCallsInHalfOpenState >= 1, "half-open calls must be at least 1")
        precondition(c.waitDurationInOpenState >= 0, "waitDurationInOpenState must be non-negative")
        switch c.slidingWindow {
        case .count(let n): precondition(n >= 1, "a count window needs at least one call")
        case .time(let d): precondition(d >= 1, "a time window must be positive")
        }
    }

    private static func makeClosedWindow(_ c: Config, now: SimTime) -> (OutcomeWindow, Int) {
        switch c.slidingWindow {
        case .count(let n):
            return (OutcomeWindow(kind: .count, size: n, now: now), min(c.minimumNumberOfCalls, n))
        case .time(let d):
            let seconds = Int((d + Time.second - 1) / Time.second)
            return (OutcomeWindow(kind: .time, size: seconds, now: now), c.minimumNumberOfCalls)
        }
    }

    // MARK: Calls

    /// Asks to make one call at `now`; `true` if it may go ahead. Call it before every
    /// attempt, and for every `true` call exactly one of ``onSuccess(duration:now:)``,
    /// ``onError(duration:now:)`` or ``releasePermission()``.
    ///
    /// In open, a request strictly after ``openUntil`` moves the breaker to half-open (a
    /// transition: see ``lastTransition``) and takes one of its trial permits.
    public mutating func tryAcquirePermission(now: SimTime) -> Bool {
        switch state {
        case .closed, .disabled:
            return true
        case .forcedOpen:
            notPermittedCount += 1
            return false
        case .open:
            if now > openUntil {
                transition(to: .halfOpen, now: now)
                return takeHalfOpenPermit()
            }
            notPermittedCount += 1
            return false
        case .halfOpen:
            return takeHalfOpenPermit()
        }
    }

    @inline(__always)
    private mutating func takeHalfOpenPermit() -> Bool {
        if halfOpenPermitsLeft > 0 {
            halfOpenPermitsLeft -= 1
            return true
        }
        notPermittedCount += 1
        return false
    }

    /// Gives back a permission for a call that never ran (resilience4j's
    /// `releasePermission`): in half-open the trial permit returns; elsewhere a no-op.
    public mutating func releasePermission() {
        if state == .halfOpen {
            halfOpenPermitsLeft = min(halfOpenPermitsLeft + 1, config.permittedNumberOfCallsInHalfOpenState)
        }
    }

    /// Records a permitted call that succeeded after `duration`; returns the transition it
    /// caused, if any.
    @discardableResult
    public mutating func onSuccess(duration: SimTime, now: SimTime) -> Transition? {
        record(failed: false, duration: duration, now: now)
    }

    /// Records a permitted call that failed after `duration` (a timeout is an error whose
    /// duration is the timeout); returns the transition it caused, if any.
    @discardableResult
    public mutating func onError(duration: SimTime, now: SimTime) -> Transition? {
        record(failed: true, duration: duration, now: now)
    }

    private mutating func record(failed: Bool, duration: SimTime, now: SimTime) -> Transition? {
        let slow = duration > config.slowCallDuration
        switch state {
        case .disabled, .forcedOpen:
            return nil
        case .open:
            // A call permitted before the breaker opened: recorded, never a transition.
            if openedFromHalfOpen {
                halfOpenWindow.record(failed: failed, slow: slow, now: now)
            } else {
                closedWindow.record(failed: failed, slow: slow, now: now)
            }
            return nil
        case .closed where config.kind != .sliding:
            if failed {
                failureCount += 1
            } else if config.kind == .consecutive {
                failureCount = 0
            }
            if failureCount >= config.failureThreshold {
                transition(to: .open, now: now)
                return lastTransition
            }
            return nil
        case .halfOpen where config.kind != .sliding:
            transition(to: failed ? .open : .closed, now: now)
            return lastTransition
        case .closed:
            closedWindow.record(failed: failed, slow: slow, now: now)
            let verdict = CircuitBreaker.evaluate(closedWindow, minimum: closedMinimumCalls, config)
            if verdict == .above {
                transition(to: .open, now: now)
                return lastTransition
            }
            return nil
        case .halfOpen:
            halfOpenWindow.record(failed: failed, slow: slow, now: now)
            switch CircuitBreaker.evaluate(halfOpenWindow, minimum: halfOpenMinimumCalls, config) {
            case .belowMinimum:
                return nil
            case .above:
                transition(to: .open, now: now)
            case .below:
                transition(to: .closed, now: now)
            }
            return lastTransition
        }
    }

    private enum Verdict { case belowMinimum, below, above }

    /// resilience4j's `checkIfThresholdsExceeded` on a window that has just been updated.
    private static func evaluate(_ w: OutcomeWindow, minimum: Int, _ c: Config) -> Verdict {
        let calls = w.totalCalls
        if calls == 0 || calls < minimum { return .belowMinimum }
        let failureRate = Double(w.totalFailed) / Double(calls)
        let slowRate = Double(w.totalSlow) / Double(calls)
        if failureRate >= c.failureRateThreshold || slowRate >= c.slowCallRateThreshold {
            return .above
        }
        return .below
    }

    // MARK: Manual transitions

    /// Forces the breaker open: it refuses every call until ``reset(now:)`` or
    /// ``disable(now:)``. No-op if already forced open.
    public mutating func forceOpen(now: SimTime) {
        if state != .forcedOpen { transition(to: .forcedOpen, now: now) }
    }

    /// Disables the breaker: it permits every call and records nothing until
    /// ``reset(now:)`` or ``forceOpen(now:)``. No-op if already disabled.
    public mutating func disable(now: SimTime) {
        if state != .disabled { transition(to: .disabled, now: now) }
    }

    /// Returns the breaker to closed with an empty window (resilience4j's `reset`); counters
    /// are kept. A transition is recorded only if the state was not already closed.
    public mutating func reset(now: SimTime) {
        if state == .closed {
            closedWindow.reset(now: now)
        } else {
            transition(to: .closed, now: now)
        }
    }

    /// Applies new settings at `now`, keeping the state and the counters: the windows are
    /// rebuilt empty (this allocates), half-open gets the new number of trial permits, and
    /// an open breaker's wait is measured from when it opened with the new duration.
    public mutating func reconfigure(_ newConfig: Config, now: SimTime) {
        CircuitBreaker.validate(newConfig)
        let openedAt = openUntil - config.waitDurationInOpenState
        config = newConfig
        failureCount = 0
        (closedWindow, closedMinimumCalls) = CircuitBreaker.makeClosedWindow(newConfig, now: now)
        let permits = newConfig.permittedNumberOfCallsInHalfOpenState
        halfOpenWindow = OutcomeWindow(kind: .count, size: permits, now: now)
        halfOpenMinimumCalls = min(newConfig.minimumNumberOfCalls, permits)
        if state == .halfOpen { halfOpenPermitsLeft = permits }
        if state == .open { openUntil = openedAt + newConfig.waitDurationInOpenState }
    }

    private mutating func transition(to newState: State, now: SimTime) {
        let old = state
        if old == .open || old == .forcedOpen {
            refusingTimeBefore += max(0, now - enteredStateAt)
        }
        state = newState
        enteredStateAt = now
        switch newState {
        case .closed:
            closedWindow.reset(now: now)
            failureCount = 0
        case .halfOpen:
            halfOpenWindow.reset(now: now)
            // Polly's half-open lets one trial call through; resilience4j's several.
            halfOpenPermitsLeft = config.kind == .sliding ? config.permittedNumberOfCallsInHalfOpenState : 1
        case .open:
            openedCount += 1
            openUntil = now + config.waitDurationInOpenState
            openedFromHalfOpen = old == .halfOpen
        case .forcedOpen, .disabled:
            break
        }
        transitionCount += 1
        lastTransition = Transition(from: old, to: newState, at: now)
    }

    // MARK: Reporting

    /// Total simulated time spent refusing calls (in open or forced-open) up to `now`.
    public func refusingTime(asOf now: SimTime) -> SimTime {
        if state == .open || state == .forcedOpen {
            return refusingTimeBefore + max(0, now - enteredStateAt)
        }
        return refusingTimeBefore
    }

    /// The current state's window as seen at `now` (a time-based window leaves out the
    /// seconds that have slid out). Empty in forced-open and disabled.
    public func snapshot(now: SimTime) -> WindowSnapshot {
        let counts: (calls: Int, failed: Int, slow: Int)
        let minimum: Int
        switch state {
        case .forcedOpen, .disabled:
            return WindowSnapshot(calls: 0, failedCalls: 0, slowCalls: 0, failureRate: nil, slowCallRate: nil)
        case .halfOpen:
            counts = halfOpenWindow.counts(at: now)
            minimum = halfOpenMinimumCalls
        case .open where openedFromHalfOpen:
            counts = halfOpenWindow.counts(at: now)
            minimum = halfOpenMinimumCalls
        case .closed, .open:
            counts = closedWindow.counts(at: now)
            minimum = closedMinimumCalls
        }
        let enough = counts.calls > 0 && counts.calls >= minimum
        return WindowSnapshot(
            calls: counts.calls, failedCalls: counts.failed, slowCalls: counts.slow,
            failureRate: enough ? Double(counts.failed) / Double(counts.calls) : nil,
            slowCallRate: enough ? Double(counts.slow) / Double(counts.calls) : nil)
    }
}
