import SimKernel

extension Pipeline {
    /// The one-second tick: closes the interval into a sample.
    func tick() {
        let t = now
        var bs: [BackendSample] = []
        bs.reserveCapacity(backendCount)
        for b in 0..<backendCount {
            backends[b].account(now: t)
            bs.append(BackendSample(counters: backends[b].interval, inFlight: backends[b].busy,
                                    waiting: backends[b].waiting.count, down: backends[b].down,
                                    slowdown: backends[b].slowdown, ejected: ejectionEnabled && outliers.isEjected(b)))
            backends[b].interval = BackendCounters()
        }
        let s = Sample(t: Time.seconds(t), interval: Time.seconds(t - lastTick), counters: interval,
                       latency: LatencySummary(intervalLatency),
                       histogram: keepsSampleHistograms ? intervalLatency : nil, backends: bs, breakerState: breakerStateName,
                       channelDepth: channelEnabled ? channel.count : 0, blockedWriters: blockedWriters.count,
                       inFlight: inSystem, behindQueue: behindQueue.count)
        if samples.count >= timelineLimit {
            samples.removeFirst(Swift.max(samples.count - timelineLimit + 1, timelineLimit / 2))
        }
        // The timeline keeps no histograms (each is about 260 KB); listeners get them.
        if s.histogram != nil {
            var kept = s
            kept.histogram = nil
            samples.append(kept)
        } else {
            samples.append(s)
        }
        onSample?(s)
        interval = Counters()
        intervalLatency.reset()
        lastTick = t
        scheduler.schedule(.tick, after: Time.second)
    }

    /// The breaker's state by its resilience4j name, or `disabled` when the stage is off.
    public var breakerStateName: String { breakerEnabled ? breaker.state.rawValue : "disabled" }

    /// Each backend's counters since statistics started.
    public var backendTotals: [(name: String, weight: Int, counters: BackendCounters)] {
        (0..<backendCount).map { b in
            var c = backends[b].total
            let dt = Double(now - backends[b].lastChange)
            c.busyArea += Double(backends[b].busy) * dt
            c.poolArea += Double(backends[b].pool) * dt
            return (backends[b].name, backends[b].weight, c)
        }
    }

    /// The share of jobs since statistics started that waited for a connection.
    public var waitProbability: Double {
        let n = jobsImmediate + jobsWaited
        return n == 0 ? 0 : Double(jobsWaited) / Double(n)
    }
}

extension Pipeline {
    var breakerSummary: [(String, JSON)] {
        [("state", .string(breakerStateName)), ("opened", .int(Int64(breaker.openedCount))),
         ("transitions", .int(Int64(breaker.transitionCount))),
         ("open_seconds", .number(RunSummary.round4(Time.seconds(breaker.refusingTime(asOf: now))))),
         ("rejected", .int(Int64(total.breakerRejected)))]
    }
    var channelSummary: [(String, JSON)] {
        accountChannel()
        let span = Double(now - statsStart)
        return [("mean_depth", .number(RunSummary.round4(span > 0 ? channelDepthArea / span : 0))),
                ("max_depth", .int(Int64(channelMaxDepth))), ("dropped", .int(Int64(total.dropped))),
                ("bulkhead_rejected", .int(Int64(total.bulkheadRejected))),
                ("write_behind_queue", .int(Int64(behindQueue.count)))]
    }
}
