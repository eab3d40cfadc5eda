import SimKernel

/// Direct dispatch: a try that the entry service would pass straight to its database.
///
/// When every stage of the entry service that a read goes through is switched off (no
/// channel, no bulkhead, no work of its own, no caches, no pauses) and its plan is one query
/// with no breaker and no timeout, the visit and the call would hold nothing the query does
/// not: the try becomes the query at once, and the job names the client's request. This is
/// the textbook M/M/c queue (`mm1`, `mmc`), at one frame per request instead of three.
///
/// It is the general model with two frames left out, never a model of its own: each count
/// the visit and the call would make is made at the same moment, every random stream is
/// drawn in the same order and every event scheduled in the same order. The frames are made
/// after all (``materialize(_:)``) as they would be at that moment whenever the query ends
/// in anything but a plain success under the same stages (an error, a backend taken away,
/// caches or pauses switched on while it ran), and the general path takes over from there.
/// `DirectDispatchTests` runs every preset, every example topology and scripted knob
/// changes with it and without it and compares the results bit for bit.
extension Simulation {
    /// Whether the entry service's configuration lets a read be dispatched directly; what
    /// can change per try (the instance, the backends, the request's kind) is checked in
    /// ``directAttempt(_:generation:instance:)``.
    func refreshDirectDispatch() {
        let e = topology.entry
        let c = services[e].config
        var ok =
            directDispatch && !c.channelEnabled && !c.bulkheadEnabled && c.work == nil && !c.l1.enabled
            && !c.l2.enabled && !c.coalesce && !c.gc.enabled && !c.breaker.enabled && c.dbEnabled
            && services[e].stepsInForce == 1 && services[e].stepStart.count == 2
            && services[e].stepStart[1] == 1
        if ok {
            let call = services[e].calls[0]
            ok =
                call.target == .database && call.mode != .async && call.count == 1 && call.probability >= 1
                && (call.timeout ?? c.retries.timeout) == 0
        }
        if ok {
            for b in 0..<services[e].backendCount where services[e].backends[b].down { ok = false }
        }
        directEntry = ok
    }

    /// Try `g` of request `r` at instance `k` of the entry service, as a query at once.
    /// Returns false, having changed nothing, when the try must take the general path.
    ///
    /// The counts and draws are those of ``admitToInstance(_:)``, ``enterStages(_:)``,
    /// ``read(_:)``, ``runSteps(_:)`` and ``attempt(_:)`` on a visit whose stages are all
    /// off, in their order.
    @inline(__always)
    func directAttempt(_ r: Int32, generation g: UInt32, instance k: Int) -> Bool {
        let i = Int(r)
        let e = topology.entry
        guard !frames.flags[i].contains(.write), !services[e].instances[k].down,
            !services[e].instances[k].paused, visitProbe == nil, services[e].upstreams[0].balancer.canPick
        else { return false }
        let counted = frames.flags[i].contains(.counted)
        // The visit reaches its instance.
        services[e].interval.offered &+= 1
        if counted { services[e].total.offered &+= 1 }
        // Its one call's first attempt, through the database's upstream.
        if services[e].config.retries.budget > 0 { services[e].upstreams[0].budget.deposit(now: now) }
        services[e].upstreams[0].interval.attempts &+= 1
        if counted { services[e].upstreams[0].total.attempts &+= 1 }
        let h = services[e].upstreams[0].pick(now: now)!
        services[e].backends[h].countRequest()
        let j = allocateJob(
            Job(
                call: r, generation: g, service: Int16(e), backend: Int16(h), counted: counted, enqueued: now,
                direct: true, instance: Int16(k), key: frames.key[i]))
        directJobs += 1
        directDispatched &+= 1
        enqueue(j, service: e, backend: h, counted: counted)
        return true
    }

    /// Direct job `job` (slot `j`) ended, `failed` or not: a plain success is the visit's and
    /// the call's way out (``attemptEnded(_:success:timedOut:)``, ``end(_:_:)``); anything
    /// else goes the general way with the frames made.
    @inline(__always)
    func directJobDone(_ job: Job, _ j: Int32, failed: Bool) {
        let s = Int(job.service)
        let k = Int(job.instance)
        if failed || services[s].instances[k].l1.enabled || services[s].l2.enabled
            || services[s].config.gc.enabled
        {
            attemptEnded(materialize(job), success: !failed)
            return
        }
        directJobs -= 1
        let latency = now - job.enqueued
        // A success without a breaker permit moves no breaker and ejects nobody.
        _ = services[s].upstreams[0].finish(
            host: Int(job.backend), success: true, latency: latency, now: now, permit: false)
        countVisitEnd(s, .succeeded, arrival: job.enqueued, counted: job.counted)
        clientReplied(job.call, generation: job.generation, .succeeded, counted: job.counted)
    }

    /// The visit and the call frames a direct job stands for, as the general path would
    /// hold them while the query runs (the visit at its plan's first step with its one call
    /// out; the call at its first attempt, awaiting the query). Returns the call.
    func materialize(_ job: Job) -> Int32 {
        directJobs -= 1
        let f: FrameTable.Flags = job.counted ? [.counted] : []
        let v = frames.allocate(.visit, flags: f)
        let vi = Int(v)
        frames.service[vi] = job.service
        frames.instance[vi] = job.instance
        frames.call[vi] = -1
        frames.parent[vi] = job.call
        frames.parentGeneration[vi] = job.generation
        frames.key[vi] = job.key
        frames.step[vi] = 0
        frames.pending[vi] = 1
        frames.arrival[vi] = job.enqueued
        let c = frames.allocate(.call, flags: f.union(.awaiting))
        let ci = Int(c)
        frames.service[ci] = job.service
        frames.parent[ci] = v
        frames.parentGeneration[ci] = frames.generation[vi]
        frames.call[ci] = 0
        frames.step[ci] = 1
        frames.key[ci] = job.key
        frames.arrival[ci] = job.enqueued
        frames.attempts[ci] = 1
        frames.instance[ci] = job.backend
        frames.attemptStart[ci] = job.enqueued
        let r = Int(job.call)
        if frames.kind[r] == .request && frames.generation[r] == job.generation { frames.child[r] = v }
        return c
    }
}
