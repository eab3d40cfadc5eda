import SimKernel

/// The summary of a run in `docs/interface.md`'s JSON layout.
public enum RunSummary {
    /// Builds the summary object. `wallSeconds` is the only field that depends on the machine.
    /// `interruptedAt`: the run was stopped there (Ctrl-C), before the end of its span or in
    /// its drain; it follows `sim_seconds` as `interrupted_at_s`, with `interrupted_in`
    /// (`span` or `drain`: whether arrivals had stopped).
    public static func json(
        scenario: String, simulation p: Simulation, simSeconds: Double, wallSeconds: Double, drained: Bool,
        interruptedAt: SimTime? = nil
    ) -> JSON {
        let t = p.total
        let events = p.eventsProcessed
        var knobs: [(String, JSON)] = []
        for name in p.knobs.visibleNames {
            knobs.append((name, knobJSON(name, p.knobs)))
        }
        let e = p.topology.entry
        let backends: [JSON] = p.topology.isSingle || p.usesDatabase(e) ? backendsJSON(p, service: e) : []
        let timeline: [JSON] = p.samples.map { s in
            let c = s.counters
            return .object([
                ("t", .number(s.t)), ("throughput_rps", .number(round4(s.throughput))),
                ("p50", .number(round4(s.latency.p50))), ("p99", .number(round4(s.latency.p99))),
                ("l1_hit_ratio", .number(round4(c.l1HitRatio))), ("breaker", .string(s.breakerState)),
                ("offered_rps", .number(round4(s.offeredRate))), ("p95", .number(round4(s.latency.p95))),
                ("l2_hit_ratio", .number(round4(c.l2HitRatio))),
                ("succeeded", .int(Int64(c.succeeded))), ("failed", .int(Int64(c.failed))),
                ("timed_out", .int(Int64(c.timedOut))), ("rejected", .int(Int64(c.rejected))),
                ("dropped", .int(Int64(c.dropped))), ("retried", .int(Int64(c.retried))),
                ("in_flight", .int(Int64(s.inFlight))), ("channel_depth", .int(Int64(s.channelDepth))),
                (
                    "backends",
                    .array(
                        s.backends.map { b in
                            .object([
                                ("requests", .int(Int64(b.counters.requests))),
                                ("errors", .int(Int64(b.counters.errors))),
                                ("utilization", .number(round4(b.counters.utilization))),
                                ("in_flight", .int(Int64(b.inFlight))), ("waiting", .int(Int64(b.waiting))),
                                ("down", .bool(b.down)), ("ejected", .bool(b.ejected)),
                            ])
                        })
                ),
                ("shed", .int(Int64(c.shed))),
            ])
        }
        let span = Swift.max(simSeconds, 1e-9)
        var fields: [(String, JSON)] = [
            ("scenario", .string(scenario)), ("seed", .int(Int64(bitPattern: p.seed))),
            ("sim_seconds", .number(simSeconds)), ("wall_seconds", .number(round4(wallSeconds))),
            ("events", .int(Int64(events))),
            ("events_per_second", .number((Double(events) / Swift.max(wallSeconds, 1e-9)).rounded())),
            ("knobs", .object(knobs)),
            (
                "requests",
                .object(
                    outcomesJSON(t) + [
                        ("in_flight", .int(Int64(drained ? 0 : p.inFlight))), ("shed", .int(Int64(t.shed))),
                    ])
            ),
            ("throughput_rps", .number(round4(Double(t.succeeded) / span))),
            ("span_throughput_rps", p.succeededInSpan.map { .number(round4(Double($0) / span)) } ?? .null),
            ("latency_ms", latencyJSON(p.latency)),
            ("latency_ms_corrected", p.correctedLatency.map(latencyJSON) ?? .null),
            ("cache", cacheJSON(t)),
            ("breaker", .object(p.breakerSummary(service: e))),
            ("backends", .array(backends)),
            ("channel", .object(p.channelSummary(service: e, dropped: t.dropped))),
            (
                "queueing",
                .object([
                    ("mean_in_system", .number(round4(p.meanInSystem))),
                    ("p_wait", .number(round4(p.waitProbability()))),
                    ("wasted_backend_jobs", .int(Int64(t.wastedJobs))),
                    ("attempt_timeouts", .int(Int64(t.attemptTimeouts))),
                    ("wasted_visits", .int(Int64(t.wastedVisits))),
                ])
            ),
            ("drained", .bool(drained)),
            ("drain", drainJSON(p)),
            ("timeline", .array(timeline)),
            ("services", .array(p.services.indices.map { servicesJSON(p, $0, span: span) })),
        ]
        if let interruptedAt {
            fields.insert(("interrupted_at_s", .number(Time.seconds(interruptedAt))), at: 3)
            fields.insert(("interrupted_in", .string(p.arrivalsStopped ? "drain" : "span")), at: 4)
        }
        return .object(fields)
    }

    /// How requests (or visits) ended, as `requests` lists them first.
    static func outcomesJSON(_ t: Counters) -> [(String, JSON)] {
        [
            ("offered", .int(Int64(t.offered))), ("completed", .int(Int64(t.completed))),
            ("succeeded", .int(Int64(t.succeeded))), ("failed", .int(Int64(t.failed))),
            ("rejected", .int(Int64(t.rejected))), ("dropped", .int(Int64(t.dropped))),
            ("timed_out", .int(Int64(t.timedOut))), ("retried", .int(Int64(t.retried))),
        ]
    }

    /// The drain after the measured span: how long it took (to the last request's end, or
    /// to the drain limit) and how many counted requests succeeded in it, which
    /// `throughput_rps` includes; null when arrivals were never stopped.
    static func drainJSON(_ p: Simulation) -> JSON {
        guard let stopped = p.arrivalsStoppedAt else { return .null }
        return .object([
            ("seconds", .number(round4(Time.seconds(p.now - stopped)))),
            ("succeeded", .int(Int64(p.succeededInDrain))),
        ])
    }

    static func latencyJSON(_ lat: LatencyHistogram) -> JSON {
        .object([
            ("mean", .number(round4(lat.meanMs))), ("p50", .number(round4(lat.percentileMs(50)))),
            ("p90", .number(round4(lat.percentileMs(90)))), ("p95", .number(round4(lat.percentileMs(95)))),
            ("p99", .number(round4(lat.percentileMs(99)))), ("p999", .number(round4(lat.percentileMs(99.9)))),
            ("max", .number(round4(lat.maxMs))),
        ])
    }

    static func cacheJSON(_ t: Counters) -> JSON {
        .object([
            (
                "l1",
                .object([
                    ("hits", .int(Int64(t.l1Hits))), ("misses", .int(Int64(t.l1Misses))),
                    ("hit_ratio", .number(round4(t.l1HitRatio))),
                ])
            ),
            (
                "l2",
                .object([
                    ("hits", .int(Int64(t.l2Hits))), ("misses", .int(Int64(t.l2Misses))),
                    ("hit_ratio", .number(round4(t.l2HitRatio))),
                ])
            ),
            ("coalesced", .int(Int64(t.coalesced))),
        ])
    }

    static func backendsJSON(_ p: Simulation, service s: Int) -> [JSON] {
        p.backendTotals(service: s).enumerated().map { (i, b) in
            .object([
                ("name", .string(b.name)), ("weight", .int(Int64(b.weight))),
                ("requests", .int(Int64(b.counters.requests))), ("errors", .int(Int64(b.counters.errors))),
                ("utilization", .number(round4(b.counters.utilization))),
                ("waited", .int(Int64(b.counters.waited))),
                (
                    "mean_pool_wait_ms",
                    .number(
                        round4(
                            b.counters.requests == 0
                                ? 0 : b.counters.waitTime / 1e6 / Double(b.counters.requests)))
                ),
                ("health", .string(p.services[s].backends[i].health.status.rawValue)),
                ("leaked", .int(Int64(p.services[s].backends[i].leaked))),
            ])
        }
    }

    /// One service's own view: visits to it, time inside it, its workers, stages and calls.
    static func servicesJSON(_ p: Simulation, _ s: Int, span: Double) -> JSON {
        let t = p.services[s].total
        let calls: [JSON] = p.services[s].upstreams.indices.compactMap { u in
            let up = p.services[s].upstreams[u]
            guard p.services[s].upstreamOfCall.contains(u), u != 0 || p.services[s].stepsInForce > 0 else {
                return nil
            }
            // Beside the counts a sample has, the run's figures of this target's breaker.
            return .object(
                SampleCodec.callFields(up.name, up.total, breaker: up.breakerStateName) + [
                    ("breaker_opened", .int(Int64(up.breaker.openedCount))),
                    (
                        "breaker_open_seconds",
                        .number(round4(Time.seconds(up.breaker.refusingTime(asOf: p.now))))
                    ),
                ])
        }
        return .object([
            ("name", .string(p.services[s].name)), ("instances", .int(Int64(p.services[s].activeInstances))),
            (
                "requests",
                .object(
                    outcomesJSON(t) + [
                        ("wasted", .int(Int64(t.wastedVisits)))
                    ])
            ),
            ("throughput_rps", .number(round4(Double(t.succeeded) / span))),
            ("latency_ms", latencyJSON(p.services[s].latency.totalHistogram())),
            ("utilization", .number(round4(p.workerUtilization(s)))),
            ("workers", .int(Int64(p.workerCount(s)))),
            ("cache", cacheJSON(t)),
            ("breaker", .object(p.breakerSummary(service: s))),
            ("channel", .object(p.channelSummary(service: s, dropped: t.dropped))),
            ("backends", .array(p.usesDatabase(s) ? backendsJSON(p, service: s) : [])),
            ("p_wait", .number(round4(p.waitProbability(service: s)))),
            ("calls", .array(calls)),
        ])
    }

    static func knobJSON(_ name: String, _ k: KnobSet) -> JSON {
        guard let spec = KnobRegistry.lookup(name) else { return .null }
        let v = k[name]
        switch (spec.unit, v) {
        case (.count, .number(let x)), (.rate, .number(let x)):
            return x == x.rounded() ? .int(Int64(x)) : .number(x)
        case (.ratio, .number(let x)), (.number, .number(let x)): return .number(x)
        case (_, .flag(let b)): return .bool(b)
        default: return .string(spec.format(v))
        }
    }

    /// Rounds to 4 decimals: summaries are read by people; exact values live in sessions.
    static func round4(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        return (x * 10_000).rounded() / 10_000
    }
}
