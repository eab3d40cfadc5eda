import SimKernel

/// Passive outlier detection by consecutive failures: ejects a host from load balancing after
/// N failures in a row, for a time that grows with repeated ejections.
///
/// Follows Envoy's consecutive-5xx detector (`source/common/upstream/outlier_detection_impl.cc`)
/// with its defaults:
///
/// - Each host counts failures in a row; a success resets the count. When the count reaches
///   `consecutiveFailures` (Envoy's `consecutive_5xx`, default 5) the host is ejected if the
///   ejection limit allows, and the count restarts at 0 either way (as Envoy's
///   `onConsecutiveErrorWorker` does).
/// - The ejection limit: Envoy ejects when `100 × (ejected + 1) / hosts ≤ max_ejection_percent`
///   (default 10 %), counting the hosts ejected now. Envoy's documentation once said it "will
///   eject at least one host regardless of the value", and until Envoy 1.27 it did (the first
///   ejection ignored the limit); since then the limit is strict unless
///   `always_eject_one_host` is set (default false), which lets an ejection through whenever
///   no host is ejected. Here: the same strict rule and the same flag, default false, so with
///   the defaults a cluster of fewer than 10 hosts never ejects anything. Refused ejections
///   are counted in ``overflowCount`` (Envoy's `ejections_overflow`).
/// - Ejection time: Envoy keeps a per-host multiplier that grows by 1 on each ejection (while
///   `multiplier × base < max + base`) and shrinks by 1 on each interval tick at which the
///   host is in service and was un-ejected at least one interval earlier. A host is ejected
///   for `min(base × multiplier, max)`: `base_ejection_time` 30 s, `max_ejection_time`
///   300 s. So a host ejected again soon after its return stays out twice as long, then
///   three times, and one that stays healthy earns its way back to the base time.
/// - Un-ejection: Envoy un-ejects only on its interval timer (`interval`, default 10 s,
///   ticking from the detector's creation), at the first tick at which the ejection time has
///   passed. ``UnejectTiming/intervalTick`` (the default) reproduces this, with ticks at
///   every multiple of `interval` from time 0; ``UnejectTiming/exact`` un-ejects at the moment
///   the time has passed. Un-ejection resets the host's failure count.
///
/// No periodic event is needed: the multiplier's decrements at ticks are computed when they
/// matter (at the next ejection), with a tick at the same instant as an ejection taken to
/// come after it. The caller schedules one event at ``nextUnejectTime`` and there calls
/// ``unejectDue(now:)`` until it returns `nil`. Outcomes reported for an ejected host (calls
/// in flight when it was ejected) are ignored, which is what Envoy's counting amounts to.
///
/// Differs from Envoy besides: only the consecutive-failure detector (no gateway-failure,
/// success-rate or failure-percentage detection); `enforcing_consecutive_5xx` is always
/// 100 %; no ejection-time jitter (Envoy's default is 0); no active health checks.
///
/// Every operation is O(1) except ``nextUnejectTime`` and ``unejectDue(now:)``, which are
/// O(hosts); nothing allocates after construction.
public struct OutlierDetector: Sendable {
    /// When an ejected host returns to service.
    public enum UnejectTiming: String, Sendable, CaseIterable {
        /// At the first interval tick after its ejection time has passed (Envoy).
        case intervalTick = "interval"
        /// As soon as its ejection time has passed.
        case exact
    }

    /// The detector's settings; the defaults are Envoy's.
    public struct Config: Sendable, Equatable {
        /// Failures in a row that eject a host. Envoy's `consecutive_5xx`: 5.
        public var consecutiveFailures: Int
        /// Envoy's `base_ejection_time`: 30 s.
        public var baseEjectionTime: SimTime
        /// Envoy's `max_ejection_time`: 300 s (or the base time if that is larger).
        public var maxEjectionTime: SimTime
        /// Envoy's `max_ejection_percent`: 10.
        public var maxEjectionPercent: Int
        /// Envoy's `always_eject_one_host`: false.
        public var alwaysEjectOneHost: Bool
        /// Envoy's `interval`: 10 s.
        public var interval: SimTime
        public var unejectTiming: UnejectTiming

        public init(
            consecutiveFailures: Int = 5,
            baseEjectionTime: SimTime = 30 * Time.second,
            maxEjectionTime: SimTime? = nil,
            maxEjectionPercent: Int = 10,
            alwaysEjectOneHost: Bool = false,
            interval: SimTime = 10 * Time.second,
            unejectTiming: UnejectTiming = .intervalTick
        ) {
            self.consecutiveFailures = consecutiveFailures
            self.baseEjectionTime = baseEjectionTime
            self.maxEjectionTime = maxEjectionTime ?? max(300 * Time.second, baseEjectionTime)
            self.maxEjectionPercent = maxEjectionPercent
            self.alwaysEjectOneHost = alwaysEjectOneHost
            self.interval = interval
            self.unejectTiming = unejectTiming
        }
    }

    /// What one reported failure did.
    public enum Verdict: Sendable, Equatable {
        /// Counted (or ignored, the host being ejected already); nothing else happened.
        case counted
        /// The host was ejected; it returns to service at `until`.
        case ejected(until: SimTime)
        /// The host reached the threshold but the ejection limit refused it.
        case overflow
    }

    public let config: Config
    public let hostCount: Int

    private var consecutive: [Int]
    private var ejected: [Bool]
    /// Envoy's `ejectTimeBackoff`.
    private var multiplier: [Int]
    private var ejectionTimes: [Int]
    private var unejectAt: [SimTime]
    private var lastUnejection: [SimTime]
    private var everUnejected: [Bool]

    /// Hosts ejected now.
    public private(set) var ejectedCount = 0
    /// Ejections so far (Envoy's `ejections_enforced_total`).
    public private(set) var ejectionCount = 0
    /// Ejections refused by the limit (Envoy's `ejections_overflow`).
    public private(set) var overflowCount = 0
    /// Un-ejections so far.
    public private(set) var unejectionCount = 0

    public init(hostCount: Int, config: Config = Config()) {
        precondition(hostCount >= 1, "at least one host")
        precondition(config.consecutiveFailures >= 1, "consecutiveFailures must be at least 1")
        precondition(config.baseEjectionTime > 0 && config.interval > 0, "times must be positive")
        precondition(config.maxEjectionTime >= config.baseEjectionTime, "max ejection time below base")
        precondition((0...100).contains(config.maxEjectionPercent), "maxEjectionPercent in 0…100")
        self.config = config
        self.hostCount = hostCount
        consecutive = [Int](repeating: 0, count: hostCount)
        ejected = [Bool](repeating: false, count: hostCount)
        multiplier = [Int](repeating: 0, count: hostCount)
        ejectionTimes = [Int](repeating: 0, count: hostCount)
        unejectAt = [SimTime](repeating: 0, count: hostCount)
        lastUnejection = [SimTime](repeating: 0, count: hostCount)
        everUnejected = [Bool](repeating: false, count: hostCount)
    }

    // MARK: Queries

    /// Whether `host` is ejected now.
    public func isEjected(_ host: Int) -> Bool { ejected[host] }

    /// Times `host` has been ejected.
    public func ejections(of host: Int) -> Int { ejectionTimes[host] }

    /// `host`'s failures in a row so far.
    public func consecutiveFailures(of host: Int) -> Int { consecutive[host] }

    /// When `host` returns to service, if it is ejected.
    public func unejectTime(of host: Int) -> SimTime? { ejected[host] ? unejectAt[host] : nil }

    /// The earliest time an ejected host returns to service, or `nil` if none is ejected:
    /// schedule an event there and call ``unejectDue(now:)``.
    public var nextUnejectTime: SimTime? {
        guard ejectedCount > 0 else { return nil }
        var best = SimTime.max
        for i in 0..<hostCount where ejected[i] && unejectAt[i] < best { best = unejectAt[i] }
        return best
    }

    // MARK: Outcomes

    /// A call to `host` succeeded: its failure count restarts.
    public mutating func onSuccess(_ host: Int) {
        if !ejected[host] { consecutive[host] = 0 }
    }

    /// A call to `host` failed at `now`.
    @discardableResult
    public mutating func onFailure(_ host: Int, now: SimTime) -> Verdict {
        guard !ejected[host] else { return .counted }
        consecutive[host] += 1
        guard consecutive[host] >= config.consecutiveFailures else { return .counted }
        consecutive[host] = 0
        let percent = 100.0 * Double(ejectedCount + 1) / Double(hostCount)
        let allowed =
            percent <= Double(config.maxEjectionPercent)
            || (config.alwaysEjectOneHost && ejectedCount == 0)
        guard allowed else {
            overflowCount += 1
            return .overflow
        }
        eject(host, now: now)
        return .ejected(until: unejectAt[host])
    }

    private mutating func eject(_ host: Int, now: SimTime) {
        let base = config.baseEjectionTime
        let interval = config.interval
        // The decrements Envoy's interval ticks would have made since the last un-ejection:
        // one per tick T (a multiple of the interval) with lastUnejection + interval ≤ T < now.
        if everUnejected[host] && multiplier[host] > 0 {
            let from = ceilDiv(lastUnejection[host] + interval, interval)
            let to = ceilDiv(now, interval)  // ticks k·interval < now: k < to
            let ticks = max(0, to - max(from, 1))
            multiplier[host] = max(0, multiplier[host] - Int(clamping: ticks))
        }
        if SimTime(multiplier[host]) * base < config.maxEjectionTime + base { multiplier[host] += 1 }
        let duration = min(base * SimTime(multiplier[host]), config.maxEjectionTime)
        let expiry = now + duration
        switch config.unejectTiming {
        case .exact: unejectAt[host] = expiry
        case .intervalTick: unejectAt[host] = ceilDiv(expiry, interval) * interval
        }
        ejected[host] = true
        ejectedCount += 1
        ejectionCount += 1
        ejectionTimes[host] += 1
    }

    @inline(__always)
    private func ceilDiv(_ a: SimTime, _ b: SimTime) -> SimTime {
        a >= 0 ? (a + b - 1) / b : -((-a) / b)
    }

    /// Returns to service the ejected host due earliest at or before `now` (the lowest index
    /// among equals) and returns it, or `nil` if none is due. Call until `nil`.
    public mutating func unejectDue(now: SimTime) -> Int? {
        guard ejectedCount > 0 else { return nil }
        var host = -1
        for i in 0..<hostCount where ejected[i] && unejectAt[i] <= now {
            if host < 0 || unejectAt[i] < unejectAt[host] { host = i }
        }
        guard host >= 0 else { return nil }
        ejected[host] = false
        ejectedCount -= 1
        unejectionCount += 1
        consecutive[host] = 0
        lastUnejection[host] = unejectAt[host]
        everUnejected[host] = true
        return host
    }
}
