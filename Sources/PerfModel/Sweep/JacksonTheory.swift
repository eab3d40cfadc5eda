import SimKernel

/// The mean end-to-end time of an open Jackson network of M/M/c services, for the sweep's
/// theory column.
///
/// It applies when the knobs make every service a textbook queue: Poisson arrivals at the
/// entry, each service c workers (`channel.consumers`, or no limit with the channel off)
/// serving an exponential `work.time` and giving their worker back before they call
/// anyone, no database, caches, breaker, timeouts or retries, and plans of single sync calls
/// (each with a probability). Then a request's visits to service i are vᵢ = Σ (visits of its
/// callers × the call's probability), λᵢ = λ·vᵢ, each service is an M/M/cᵢ queue (Jackson)
/// and the mean end-to-end time is Σ vᵢ·Wᵢ, Wᵢ its mean sojourn (Erlang C).
public enum JacksonTheory {
    /// The mean end-to-end response time in seconds, or nil where this does not apply.
    public static func meanResponse(_ k: KnobSet, topology t: Topology) -> Double? {
        guard !t.isSingle, k.text(.loadModel) == "open", k.number(.loadWriteRatio) == 0,
            k.number(.loadTimeout) == 0,
            k.number(.loadRate) > 0
        else { return nil }
        var visits = [Double](repeating: 0, count: t.services.count)
        visits[t.entry] = 1
        for s in t.callOrder {
            let plan = t.services[s].plan ?? CallPlan(steps: [])
            for step in plan.steps {
                guard !step.parallel, step.calls.count == 1 else { return nil }
                let c = step.calls[0]
                guard case .service(let callee) = c.target, c.mode == .sync, c.count == 1, c.timeout == nil,
                    c.retryMax == nil
                else { return nil }
                visits[callee] += visits[s] * c.probability
            }
        }
        var total = 0.0
        for s in t.services.indices where visits[s] > 0 {
            let hasCalls = !(t.services[s].plan?.steps.isEmpty ?? true)
            // No plan means one query of the database, unless there is none.
            guard t.services[s].plan != nil || !k.flag(.dbEnabled, service: s),
                !k.flag(.l1Enabled, service: s), !k.flag(.l2Enabled, service: s),
                !k.flag(.breakerEnabled, service: s),
                !k.flag(.bulkheadEnabled, service: s), k.int(.instances, service: s) == 1,
                k.number(.netLatency, service: s) == 0, k.int(.retryMax, service: s) == 0,
                k.number(.timeout, service: s) == 0, k.text(.workDistribution, service: s) == "exp",
                !hasCalls || !k.flag(.workersBlocking, service: s), k.int(.workersMin, service: s) == 0,
                k.number(.instanceSlowdown, service: s, index: 1) == 1,
                !k.flag(.instanceDown, service: s, index: 1)
            else { return nil }
            let work = k.number(.workTime, service: s) / 1e9
            guard work > 0 else { continue }
            let lambda = k.number(.loadRate) * visits[s]
            let w: Double
            if k.flag(.channelEnabled, service: s) {
                guard k.number(.channelCapacity, service: s) >= 1e6 else { return nil }
                let q = ErlangC(lambda: lambda, mu: 1 / work, servers: k.int(.channelConsumers, service: s))
                guard q.isStable else { return nil }
                w = q.meanResponse
            } else {
                w = work  // no worker limit: M/M/∞, the sojourn is the work
            }
            total += visits[s] * w
        }
        return total
    }
}
