import SimKernel
import Testing

@testable import PerfModel

/// Active health checks: Envoy's thresholds (a host turns unhealthy after
/// `unhealthy_threshold` failed checks in a row and healthy again after `healthy_threshold`
/// passed ones), ASP.NET Core's Degraded status, and Envoy's panic threshold over the hosts
/// that are left.
@Suite struct HealthCheckTests {
    static let config = HealthCheck.Config(
        unhealthyThreshold: 3, healthyThreshold: 2, degraded: 5 * Time.millisecond)
    static let fast: SimTime? = Time.millisecond
    static let slow: SimTime? = 6 * Time.millisecond

    /// Envoy's state machine, step by step: failures must be consecutive (a pass resets
    /// them), and so must the passes that bring a host back.
    @Test func thresholdsCountConsecutiveProbes() {
        var h = HealthCheck()
        let steps: [(SimTime?, HealthCheck.Status)] = [
            (nil, .healthy), (nil, .healthy), (Self.fast, .healthy), (nil, .healthy), (nil, .healthy),
            (nil, .unhealthy), (Self.fast, .unhealthy), (nil, .unhealthy), (Self.fast, .unhealthy),
            (Self.fast, .healthy),
        ]
        for (n, (latency, status)) in steps.enumerated() {
            h.record(latency: latency, config: Self.config)
            #expect(h.status == status, "after probe \(n + 1)")
        }
    }

    /// ASP.NET Core's Degraded: an answer slower than the limit, still in rotation; a host
    /// coming back on slow answers comes back degraded.
    @Test func slowAnswersAreDegradedNotUnhealthy() {
        var h = HealthCheck()
        #expect(h.record(latency: Self.slow, config: Self.config) == .degraded)
        #expect(!h.isUnhealthy)
        #expect(h.record(latency: Self.fast, config: Self.config) == .healthy)
        for _ in 0..<3 { h.record(latency: nil, config: Self.config) }
        #expect(h.isUnhealthy)
        #expect(h.record(latency: Self.slow, config: Self.config) == nil)
        #expect(h.record(latency: Self.slow, config: Self.config) == .degraded)
        var off = HealthCheck.Config(unhealthyThreshold: 1, healthyThreshold: 1, degraded: 0)
        off.degraded = 0
        var g = HealthCheck()
        #expect(g.record(latency: 3600 * Time.second, config: off) == nil)
    }

    /// A probe that gets no answer fails at its timeout, and the next one starts an
    /// interval later: with one backend stalled, probes at 1 s, 2.5 s and 4 s (interval 1 s,
    /// timeout 0.5 s) fail at 1.5 s, 3 s and 4.5 s, when the third failure marks it.
    @Test func aProbeWithoutAnswerFailsAtItsTimeout() throws {
        let run = try StoryRun(
            "mmc",
            [
                ("health.enabled", "true"), ("health.interval", "1s"), ("health.timeout", "500ms"),
                ("backend.1.pause", "true"), ("load.rate", "10"),
            ], seconds: 6)
        let marks = run.events(.health, "db-1 unhealthy")
        #expect(marks.map(\.t) == [4.5])
    }

    /// A backend whose probe takes 8 ms against a 5 ms limit is degraded and keeps its share
    /// of the traffic.
    @Test func aDegradedBackendStaysInRotation() throws {
        let run = try StoryRun(
            "mmc",
            [
                ("health.enabled", "true"), ("health.interval", "1s"), ("health.degraded", "5ms"),
                ("backends.count", "2"), ("backends.weights", "1,1"), ("db.distribution", "const"),
                ("db.service", "4ms"), ("backend.2.slowdown", "2"), ("load.rate", "400"),
            ], seconds: 10)
        #expect(run.events(.health).map(\.subject) == ["db-2 degraded"])
        let b = run.simulation.backendTotals()
        #expect(b[1].counters.requests * 100 > b[0].counters.requests * 95)
        #expect(run.simulation.services[0].backends[1].health.status == .degraded)
    }

    /// Envoy's panic threshold over health-checked hosts (its documentation's example): with
    /// 10 backends and 6 failing their checks, 40% healthy is below 50% and traffic goes to
    /// all 10; with 5 failing, it goes to the healthy 5 only.
    @Test(arguments: [5, 6]) func panicOverHealthCheckedHosts(_ down: Int) throws {
        var settings: [(String, String)] = [
            ("health.enabled", "true"), ("health.interval", "500ms"), ("backends.count", "10"),
            ("backends.weights", "1,1,1,1,1,1,1,1,1,1"), ("load.rate", "2000"),
        ]
        for b in 1...down { settings.append(("backend.\(b).down", "true")) }
        let run = try StoryRun("mmc", settings, seconds: 6)
        #expect(run.events(.health).filter { $0.subject.hasSuffix("unhealthy") }.count == down)
        let last = run.events(.health).map(\.t).max() ?? 99
        #expect(last < 2.1)
        let after = (last + 1)...6
        for b in 0..<10 {
            let n = run.requests(backend: b, in: after)
            if down == 6 || b >= down {
                #expect(n > 500, "backend \(b + 1): \(n) queries")
            } else {
                #expect(n == 0, "backend \(b + 1): \(n) queries")
            }
        }
        #expect(run.events(.panic).count == (down == 6 ? 1 : 0))
    }
}
