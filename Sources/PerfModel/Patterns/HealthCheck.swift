import SimKernel

/// Active health checking of one host: Envoy's thresholds with ASP.NET Core's statuses.
///
/// A probe either answers (with its latency) or fails (an error, a refused connection, or
/// no answer within the timeout). As Envoy's health checker: a host becomes unhealthy after
/// `unhealthyThreshold` failed probes in a row, and an unhealthy host becomes healthy again
/// after `healthyThreshold` passed probes in a row; a host starts healthy. As ASP.NET Core's
/// `HealthCheckResult`: a probe that answers slower than `degraded` reports `Degraded`,
/// which keeps the host in rotation (ASP.NET Core maps Degraded to HTTP 200 by default) but
/// shows on the dashboard. The seed's database check reports Degraded past 5 s.
public struct HealthCheck: Sendable, Equatable {
    public enum Status: String, Sendable {
        case healthy, degraded, unhealthy
    }

    public struct Config: Sendable, Equatable {
        public var unhealthyThreshold: Int
        public var healthyThreshold: Int
        /// A probe answered slower than this is degraded (0: never).
        public var degraded: SimTime

        public init(unhealthyThreshold: Int = 3, healthyThreshold: Int = 2, degraded: SimTime = 0) {
            self.unhealthyThreshold = unhealthyThreshold
            self.healthyThreshold = healthyThreshold
            self.degraded = degraded
        }
    }

    public private(set) var status: Status = .healthy
    /// Failed probes in a row, and passed probes in a row.
    public private(set) var failures = 0
    public private(set) var successes = 0

    public init() {}

    /// Whether the balancer should leave the host out.
    public var isUnhealthy: Bool { status == .unhealthy }

    /// A probe ended: `latency` is its answer's, nil when it failed. Returns the new status
    /// when it changed.
    @discardableResult
    public mutating func record(latency: SimTime?, config: Config) -> Status? {
        let old = status
        if let latency {
            failures = 0
            successes += 1
            let answered: Status = config.degraded > 0 && latency > config.degraded ? .degraded : .healthy
            if status != .unhealthy || successes >= config.healthyThreshold { status = answered }
        } else {
            successes = 0
            failures += 1
            if failures >= config.unhealthyThreshold { status = .unhealthy }
        }
        return status != old ? status : nil
    }

    /// Forgets every probe: healthy again (checks switched off).
    public mutating func reset() {
        self = HealthCheck()
    }
}
