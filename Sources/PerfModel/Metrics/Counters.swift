/// Request outcomes and stage counts over some stretch of time.
///
/// `offered = completed + rejected + dropped` once every counted request has finished, and
/// `completed = succeeded + failed + timedOut`.
public struct Counters: Sendable, Equatable {
    public var offered: UInt64 = 0
    public var succeeded: UInt64 = 0
    public var failed: UInt64 = 0
    public var timedOut: UInt64 = 0
    public var rejected: UInt64 = 0
    public var dropped: UInt64 = 0
    /// Retry attempts (not counting first attempts).
    public var retried: UInt64 = 0
    /// Attempts that timed out (a request may time out more than once before it finishes).
    public var attemptTimeouts: UInt64 = 0
    /// Backend work finished after its client had stopped waiting.
    public var wastedJobs: UInt64 = 0
    public var l1Hits: UInt64 = 0
    public var l1Misses: UInt64 = 0
    public var l2Hits: UInt64 = 0
    public var l2Misses: UInt64 = 0
    /// Misses that joined a fill already under way (coalescing).
    public var coalesced: UInt64 = 0
    public var breakerRejected: UInt64 = 0
    public var bulkheadRejected: UInt64 = 0
    public var writes: UInt64 = 0
    public var behindWritten: UInt64 = 0
    /// Arrivals the client shed because too much was in flight (counted in `dropped` too).
    public var shed: UInt64 = 0
    /// Visits that finished after their caller had stopped waiting (work for nobody).
    public var wastedVisits: UInt64 = 0

    public init() {}

    public var completed: UInt64 { succeeded + failed + timedOut }
    public var l1HitRatio: Double { ratio(l1Hits, l1Hits + l1Misses) }
    public var l2HitRatio: Double { ratio(l2Hits, l2Hits + l2Misses) }

    func ratio(_ a: UInt64, _ b: UInt64) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

    /// Every field by the name session files and reports use, grouped as a session's
    /// sample line groups them: the one list of the counters' fields.
    public static let groups:
        [(group: String, fields: [(name: String, path: WritableKeyPath<Counters, UInt64> & Sendable)])] = [
            (
                "requests",
                [
                    ("offered", \.offered), ("succeeded", \.succeeded), ("failed", \.failed),
                    ("timed_out", \.timedOut), ("rejected", \.rejected), ("dropped", \.dropped),
                    ("retried", \.retried), ("attempt_timeouts", \.attemptTimeouts),
                    ("wasted_jobs", \.wastedJobs),
                    ("writes", \.writes), ("behind_written", \.behindWritten), ("shed", \.shed),
                    ("wasted_visits", \.wastedVisits),
                ]
            ),
            (
                "cache",
                [
                    ("l1_hits", \.l1Hits), ("l1_misses", \.l1Misses), ("l2_hits", \.l2Hits),
                    ("l2_misses", \.l2Misses),
                    ("coalesced", \.coalesced),
                ]
            ),
            ("rejected_by", [("breaker", \.breakerRejected), ("bulkhead", \.bulkheadRejected)]),
        ]

    /// Sum of two stretches.
    public static func + (a: Counters, b: Counters) -> Counters {
        var c = a
        for (_, fields) in groups {
            for f in fields { c[keyPath: f.path] += b[keyPath: f.path] }
        }
        return c
    }
}

/// One backend's counts over some stretch of time.
public struct BackendCounters: Sendable, Equatable {
    /// Attempts that reached the backend.
    public var requests: UInt64 = 0
    public var errors: UInt64 = 0
    /// Jobs that had to wait for a connection.
    public var waited: UInt64 = 0
    /// Total time jobs spent waiting for a connection, ns.
    public var waitTime: Double = 0
    /// Integral of busy connections over time, connection·ns.
    public var busyArea: Double = 0
    /// Integral of the pool size over time, connection·ns (utilisation's denominator).
    public var poolArea: Double = 0

    public init() {}

    public var utilization: Double { poolArea == 0 ? 0 : busyArea / poolArea }

    public static func + (a: BackendCounters, b: BackendCounters) -> BackendCounters {
        var c = a
        c.requests += b.requests
        c.errors += b.errors
        c.waited += b.waited
        c.waitTime += b.waitTime
        c.busyArea += b.busyArea
        c.poolArea += b.poolArea
        return c
    }
}
