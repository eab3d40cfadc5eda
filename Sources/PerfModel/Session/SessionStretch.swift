/// The samples of a session between two times, added up: counts, the merged latency
/// histogram, time in each breaker state, gauges and per-backend totals.
///
/// Percentiles come from merging the samples' exact histograms, never from averaging the
/// samples' percentiles, so they equal those of one histogram of every latency in the
/// stretch.
public struct SessionStretch {
    /// Start of the first sample's interval and end of the last one, simulated seconds.
    public var from = 0.0
    public var to = 0.0
    public var sampleCount = 0
    /// Simulated seconds covered by the samples.
    public var seconds = 0.0
    public var counters = Counters()
    public var latency = LatencyHistogram()
    /// Whether every sample carried its histogram (otherwise percentiles cover only those that did).
    public var histogramsComplete = true
    /// Seconds spent in each breaker state, as sampled at the end of each interval, in order of appearance.
    public var breakerSeconds: [(state: String, seconds: Double)] = []
    public var meanInFlight = 0.0
    public var maxInFlight = 0
    public var meanChannelDepth = 0.0
    public var maxChannelDepth = 0
    public var backends: [BackendCounters] = []

    /// Adds up `samples` (in time order). With `entry`, the index of a topology's entry
    /// service in each sample's services, the breaker's time is that service's: its
    /// database's breaker, or a breaker of its calls when one of those is open or trying
    /// (half-open) and its database's is not.
    public init(_ samples: [RecordedSample], entry: Int? = nil) {
        guard let first = samples.first, let last = samples.last else { return }
        from = first.sample.t - first.sample.interval
        to = last.sample.t
        sampleCount = samples.count
        var inFlightArea = 0.0
        var depthArea = 0.0
        for r in samples {
            let s = r.sample
            seconds += s.interval
            counters = counters + s.counters
            if let h = r.histogram {
                h.add(into: &latency)
            } else if s.counters.succeeded > 0 {
                histogramsComplete = false
            }
            let state = SessionStretch.breakerState(s, entry: entry)
            if let i = breakerSeconds.firstIndex(where: { $0.state == state }) {
                breakerSeconds[i].seconds += s.interval
            } else {
                breakerSeconds.append((state, s.interval))
            }
            inFlightArea += Double(s.inFlight) * s.interval
            depthArea += Double(s.channelDepth) * s.interval
            maxInFlight = max(maxInFlight, s.inFlight)
            maxChannelDepth = max(maxChannelDepth, s.channelDepth)
            for (b, bs) in s.backends.enumerated() {
                if backends.count <= b { backends.append(BackendCounters()) }
                backends[b] = backends[b] + bs.counters
            }
        }
        if seconds > 0 {
            meanInFlight = inFlightArea / seconds
            meanChannelDepth = depthArea / seconds
        }
    }

    /// The state a sample shows for the entry service's breakers (``init(_:entry:)``).
    static func breakerState(_ s: Sample, entry: Int?) -> String {
        guard let entry, entry < s.services.count else { return s.breakerState }
        let calls = s.services[entry].breakerState
        guard calls != "closed" else { return s.breakerState }
        return CircuitBreaker.State.worse(s.breakerState, calls)
    }

    func rate(_ n: UInt64) -> Double { seconds > 0 ? Double(n) / seconds : 0 }

    /// Succeeded requests per simulated second.
    public var throughput: Double { rate(counters.succeeded) }
    public var offeredRate: Double { rate(counters.offered) }
    /// Failed and timed-out requests over completed ones.
    public var errorRatio: Double {
        let c = counters.completed
        return c == 0 ? 0 : Double(counters.failed + counters.timedOut) / Double(c)
    }

    /// Seconds the breaker spent open (or forced open).
    public var breakerOpenSeconds: Double {
        breakerSeconds.filter { CircuitBreaker.State.refuses($0.state) }.reduce(0) {
            $0 + $1.seconds
        }
    }

    /// Percentile `p` (0…100) of the merged histogram, in milliseconds.
    public func percentileMs(_ p: Double) -> Double { latency.percentileMs(p) }

    /// The figures `report` leads with and `compare` sets side by side.
    public var headline: [SessionMetric] {
        let ps = latency.values(atPercentiles: [50, 90, 95, 99, 99.9]).map { Double($0) / 1e6 }
        // No request succeeded (or no histogram came): no latency to compare.
        let none = latency.count == 0
        return [
            SessionMetric(
                "throughput_rps", "throughput", throughput, unit: "req/s", better: .higher, digits: 1),
            SessionMetric("offered_rps", "offered", offeredRate, unit: "req/s", better: .neither, digits: 1),
            SessionMetric(
                "mean_ms", "latency mean", latency.meanMs, unit: "ms", better: .lower, missing: none),
            SessionMetric("p50_ms", "latency p50", ps[0], unit: "ms", better: .lower, missing: none),
            SessionMetric("p90_ms", "latency p90", ps[1], unit: "ms", better: .lower, missing: none),
            SessionMetric("p95_ms", "latency p95", ps[2], unit: "ms", better: .lower, missing: none),
            SessionMetric("p99_ms", "latency p99", ps[3], unit: "ms", better: .lower, missing: none),
            SessionMetric("p999_ms", "latency p99.9", ps[4], unit: "ms", better: .lower, missing: none),
            SessionMetric("max_ms", "latency max", latency.maxMs, unit: "ms", better: .lower, missing: none),
            SessionMetric(
                "error_ratio", "errors / completed", errorRatio * 100, unit: "%", better: .lower, digits: 3),
            SessionMetric("failed", "failed", Double(counters.failed), better: .lower, digits: 0),
            SessionMetric("timed_out", "timed out", Double(counters.timedOut), better: .lower, digits: 0),
            SessionMetric("rejected", "rejected", Double(counters.rejected), better: .lower, digits: 0),
            SessionMetric("dropped", "dropped", Double(counters.dropped), better: .lower, digits: 0),
            SessionMetric("retried", "retried", Double(counters.retried), better: .lower, digits: 0),
            SessionMetric("l1_hit_ratio", "L1 hit ratio", counters.l1HitRatio, better: .higher, digits: 4),
            SessionMetric("l2_hit_ratio", "L2 hit ratio", counters.l2HitRatio, better: .higher, digits: 4),
            SessionMetric(
                "breaker_open_s", "breaker open", breakerOpenSeconds, unit: "s", better: .lower, digits: 1),
            SessionMetric("mean_in_flight", "in flight (mean)", meanInFlight, better: .lower, digits: 1),
        ]
    }
}
