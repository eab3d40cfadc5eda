import Foundation

/// The M/M/c queue's response time (Erlang C): its mean and quantiles, for the sweep's
/// theory column.
///
/// With arrival rate λ, service rate μ per server and c servers (ρ = λ/(cμ) < 1), a
/// customer waits with probability C(c, λ/μ) (Erlang's C formula), and then for an
/// exponential time of rate θ = cμ − λ; the response time is that wait plus an exponential
/// service: P(T > t) = (1 − C)·e^(−μt) + C·(θ·e^(−μt) − μ·e^(−θt)) / (θ − μ).
public struct ErlangC: Sendable {
    public var lambda: Double
    public var mu: Double
    public var servers: Int

    public init(lambda: Double, mu: Double, servers: Int) {
        self.lambda = lambda
        self.mu = mu
        self.servers = servers
    }

    public var utilization: Double { lambda / (Double(servers) * mu) }
    public var isStable: Bool { utilization < 1 }

    /// The probability that an arrival waits.
    public var waitProbability: Double {
        let a = lambda / mu
        let c = servers
        // Erlang B by its recursion (stable for large c), then C from B.
        var b = 1.0
        for k in 1...c { b = a * b / (Double(k) + a * b) }
        let rho = utilization
        return b / (1 - rho * (1 - b))
    }

    /// Mean response time (s): 1/μ + C/(cμ − λ).
    public var meanResponse: Double {
        1 / mu + waitProbability / (Double(servers) * mu - lambda)
    }

    /// P(T > t).
    public func survival(_ t: Double) -> Double {
        let cw = waitProbability
        let theta = Double(servers) * mu - lambda
        let es = Foundation.exp(-mu * t)
        let tail: Double
        if Swift.abs(theta - mu) < 1e-9 * mu {
            tail = es * (1 + mu * t)  // Erlang(2, μ)
        } else {
            tail = (theta * es - mu * Foundation.exp(-theta * t)) / (theta - mu)
        }
        return (1 - cw) * es + cw * tail
    }

    /// The q-quantile of the response time (s), by bisection.
    public func quantile(_ q: Double) -> Double {
        var lo = 0.0
        var hi = 1.0 / mu
        while survival(hi) > 1 - q { hi *= 2 }
        for _ in 0..<200 {
            let m = (lo + hi) / 2
            if survival(m) > 1 - q { lo = m } else { hi = m }
        }
        return (lo + hi) / 2
    }

    /// The queue a scenario's knobs describe, if they describe the textbook M/M/c: open
    /// Poisson arrivals into one service that makes one query per request, to one
    /// exponential backend, with every other stage off (the `mm1` and `mmc` presets and
    /// their variations; not a service that makes ten queries a request).
    public static func of(_ k: KnobSet, topology: Topology) -> ErlangC? {
        guard topology.isCanonical else { return nil }
        let s = 0
        guard k.text(.loadModel) == "open", k.number(.loadWriteRatio) == 0, k.number(.loadTimeout) == 0,
            !k.flag(.channelEnabled, service: s), !k.flag(.bulkheadEnabled, service: s),
            !k.flag(.l1Enabled, service: s), !k.flag(.l2Enabled, service: s),
            !k.flag(.breakerEnabled, service: s),
            k.int(.backendsCount, service: s) == 1, k.text(.dbDistribution, service: s) == "exp",
            k.number(.dbErrorRate, service: s) == 0, k.number(.workTime, service: s) == 0,
            k.number(.backendService, service: s, index: 1) == 0,
            k.int(.backendPool, service: s, index: 1) == 0,
            k.number(.backendSlowdown, service: s, index: 1) == 1,
            !k.flag(.backendDown, service: s, index: 1),
            k.flag(.dbEnabled, service: s), k.number(.loadRate) > 0
        else { return nil }
        let q = ErlangC(
            lambda: k.number(.loadRate), mu: 1e9 / k.number(.dbService, service: s),
            servers: k.int(.dbPool, service: s))
        return q.isStable ? q : nil
    }
}
