/// The metrics of one interval of the timeline (one simulated second), ending at `t`.
public struct Sample: Sendable, Equatable {
    /// End of the interval, simulated seconds.
    public var t: Double
    /// Length of the interval, simulated seconds.
    public var interval: Double
    public var counters: Counters
    /// End-to-end latency of requests that succeeded in the interval: percentiles.
    public var latency: LatencySummary
    /// The interval's histogram, kept only when the pipeline is asked to
    /// (``Simulation/keepsSampleHistograms``): sessions need it, the timeline does not.
    public var histogram: LatencyHistogram?
    public var backends: [BackendSample]
    public var breakerState: String
    public var channelDepth: Int
    public var blockedWriters: Int
    public var inFlight: Int
    public var behindQueue: Int
    /// Every service of the topology, in its order.
    public var services: [ServiceSample] = []

    public var throughput: Double { interval > 0 ? Double(counters.succeeded) / interval : 0 }
    public var offeredRate: Double { interval > 0 ? Double(counters.offered) / interval : 0 }
    public var errorRate: Double {
        interval > 0
            ? Double(counters.failed + counters.timedOut + counters.rejected + counters.dropped) / interval
            : 0
    }
}

/// One backend at the end of an interval.
public struct BackendSample: Sendable, Equatable {
    public var counters: BackendCounters
    public var inFlight: Int
    public var waiting: Int
    public var down: Bool
    public var slowdown: Double
    public var ejected: Bool
}

/// The headline figures of a latency histogram, in milliseconds.
public struct LatencySummary: Sendable, Equatable {
    public var count: UInt64 = 0
    public var mean = 0.0
    public var p50 = 0.0
    public var p90 = 0.0
    public var p95 = 0.0
    public var p99 = 0.0
    public var p999 = 0.0
    public var max = 0.0

    public init() {}

    public init(_ h: LatencyHistogram) {
        self.init(
            count: h.count, sum: h.sum, max: h.maxValue,
            percentiles: h.values(atPercentiles: LatencySummary.percentiles))
    }

    init(_ c: borrowing LatencyCounts) {
        self.init(
            count: c.count, sum: c.sum, max: c.maxValue,
            percentiles: c.values(atPercentiles: LatencySummary.percentiles))
    }

    static let percentiles: [Double] = [50, 90, 95, 99, 99.9]

    private init(count: UInt64, sum: Double, max: UInt64, percentiles: [UInt64]) {
        self.count = count
        mean = count == 0 ? 0 : sum / Double(count) / 1e6
        let v = percentiles.map { Double($0) / 1e6 }
        p50 = v[0]
        p90 = v[1]
        p95 = v[2]
        p99 = v[3]
        p999 = v[4]
        self.max = Double(max) / 1e6
    }
}

/// One service at the end of an interval: what the service map shows.
public struct ServiceSample: Sendable, Equatable {
    public var name: String
    /// Visits to the service and their outcomes, and its stage counts.
    public var counters: Counters
    /// Time inside the service of visits that succeeded.
    public var latency: LatencySummary
    public var busyWorkers: Int
    /// Workers of every instance (0 with the channel off: no limit).
    public var workers: Int
    public var channelDepth: Int
    /// The worst state among its breakers.
    public var breakerState: String
    public var instances: Int
    /// Its database's backends.
    public var backends: [BackendSample] = []
    /// Its calls to other services, one per callee, in the order of its plan.
    public var calls: [CallSample] = []
    /// Its workers' utilisation over the interval: busy worker seconds over worker seconds
    /// (nil in a session recorded before samples kept it, or with no workers all interval).
    public var intervalUtilization: Double? = nil

    /// Its workers' utilisation over the interval, or, in a session recorded before samples
    /// kept that, the share of them busy at its end.
    public var utilization: Double {
        intervalUtilization ?? (workers > 0 ? Double(busyWorkers) / Double(workers) : 0)
    }
}

/// A service's calls to one callee over an interval: attempts and how they ended, and the
/// state of the breaker in front of that callee (`disabled` when it has none).
public struct CallSample: Sendable, Equatable {
    public var to: String
    public var counters: CallCounters
    public var breakerState: String
}
