import SimKernel

/// Calls and their attempts: each call of a plan goes through the calling service's
/// upstream for its target (breaker, balancer, outlier ejection), with the call's timeout
/// and retries, to a backend of the service's database or to an instance of another
/// service.
extension Simulation {
    /// Visit `v` makes call `ci` of its service's plan.
    func makeCall(_ v: Int32, _ ci: Int) {
        let vi = Int(v)
        let s = Int(frames.service[vi])
        let call = services[s].calls[ci]
        var f = frames.flags[vi].intersection([.write, .counted])
        if call.mode == .async { f.insert(.async) }
        let c = frames.allocate(.call, flags: f)
        let i = Int(c)
        frames.service[i] = Int16(s)
        frames.parent[i] = v
        frames.parentGeneration[i] = frames.generation[vi]
        frames.call[i] = Int32(ci)
        frames.step[i] = Int16(clamping: call.count)
        frames.key[i] = frames.key[vi]
        frames.arrival[i] = now
        attempt(c)
    }

    /// The upstream a call goes through (a write-behind flush: the database's).
    @inline(__always)
    func upstream(ofCall c: Int) -> Int {
        let ci = Int(frames.call[c])
        return ci >= 0 ? services[Int(frames.service[c])].upstreamOfCall[ci] : 0
    }

    /// One attempt: ask the breaker, choose a host, send the query or the visit, start the
    /// timeout.
    func attempt(_ c: Int32) {
        let i = Int(c)
        let s = Int(frames.service[i])
        let u = upstream(ofCall: i)
        let counted = frames.flags[i].contains(.counted)
        frames.attempts[i] += 1
        if frames.attempts[i] > 1 {
            services[s].interval.retried &+= 1
            services[s].upstreams[u].interval.retried &+= 1
            if counted {
                services[s].total.retried &+= 1
                services[s].upstreams[u].total.retried &+= 1
            }
        }
        frames.generation[i] &+= 1
        let g = frames.generation[i]
        if frames.attempts[i] == 1 && services[s].config.retries.budget > 0 {
            services[s].upstreams[u].budget.deposit(now: now)
        }
        services[s].upstreams[u].interval.attempts &+= 1
        if counted { services[s].upstreams[u].total.attempts &+= 1 }
        if atWorkLimit {
            // The model holds all it may: the attempt is refused before it sends anything,
            // as by a host that is down, and the call retries after its backoff or fails.
            countAttemptError(s, u, counted)
            if frames.flags[i].contains(.async) {
                callFinished(c, .failed)
            } else {
                retryOrFinish(c, .failed)
            }
            return
        }
        if frames.flags[i].contains(.async) {
            asyncAttempt(c, service: s, upstream: u)
            return
        }
        if services[s].upstreams[u].breakerEnabled {
            let before = services[s].upstreams[u].breaker.transitionCount
            let permitted = services[s].upstreams[u].breaker.tryAcquirePermission(now: now)
            if services[s].upstreams[u].breaker.transitionCount != before { noteBreakerTransition(s, u) }
            guard permitted else {
                services[s].interval.breakerRejected &+= 1
                services[s].upstreams[u].interval.rejected &+= 1
                if counted {
                    services[s].total.breakerRejected &+= 1
                    services[s].upstreams[u].total.rejected &+= 1
                }
                callFinished(c, .rejected)
                return
            }
            frames.flags[i].insert(.breakerPermit)
        }
        guard let h = services[s].upstreams[u].pick(now: now) else {
            // No host can be chosen: the call fails without running, and the breaker sees
            // the failure (the seed's balancer throws inside the breaker's operation).
            if frames.flags[i].contains(.breakerPermit) {
                frames.flags[i].remove(.breakerPermit)
                if services[s].upstreams[u].breaker.onError(duration: 0, now: now) != nil {
                    noteBreakerTransition(s, u)
                }
            }
            countAttemptError(s, u, counted)
            retryOrFinish(c, .failed)
            return
        }
        frames.instance[i] = Int16(h)
        frames.attemptStart[i] = now
        frames.flags[i].insert(.awaiting)
        let ci = Int(frames.call[i])
        let timeout =
            ci >= 0
            ? (services[s].calls[ci].timeout ?? services[s].config.retries.timeout)
            : services[s].config.retries.timeout
        switch services[s].upstreams[u].target {
        case .database:
            services[s].backends[h].countRequest()
            if timeout > 0 {
                scheduleTimer(.timeout(c, g), after: timeout, lane: services[s].lanes.timeout)
            }
            if services[s].backends[h].down || !services[s].config.dbEnabled {
                // Connection refused: the attempt fails at once and uses no connection.
                services[s].backends[h].countError()
                attemptEnded(c, success: false)
                return
            }
            let j = allocateJob(
                Job(
                    call: c, generation: g, service: Int16(s), backend: Int16(h), counted: counted,
                    enqueued: now))
            enqueue(j, service: s, backend: h, counted: counted)
        case .service(let t):
            if timeout > 0 {
                scheduleTimer(.timeout(c, g), after: timeout, lane: services[s].lanes.timeout)
            }
            let v = newVisit(
                service: t, instance: h, caller: s, parent: c, parentGeneration: g, from: frames.flags[i],
                key: frames.key[i])
            frames.child[i] = v
            send(v, from: s)
        }
    }

    /// Sends visit `v` over service `s`'s network (at once when `net.latency` is 0).
    @inline(__always)
    func send(_ v: Int32, from s: Int) {
        let latency = services[s].config.netLatency
        if latency > 0 {
            frames.flags[Int(v)].insert(.inTransit)
            scheduler.schedule(.visitArrives(v), after: latency, lane: services[s].lanes.net)
        } else {
            reachInstance(v)
        }
    }

    /// An async call: the visit is written into the callee's channel; the call ends when
    /// the channel takes it (at once, or when a full channel in `wait` mode makes room).
    func asyncAttempt(_ c: Int32, service s: Int, upstream u: Int) {
        let i = Int(c)
        guard let h = services[s].upstreams[u].pick(now: now),
            case .service(let t) = services[s].upstreams[u].target
        else {
            countAttemptError(s, u, frames.flags[i].contains(.counted))
            callFinished(c, .failed)
            return
        }
        frames.instance[i] = Int16(h)
        frames.attemptStart[i] = now
        frames.flags[i].insert(.awaiting)
        var f = frames.flags[i].intersection([.write, .counted])
        f.insert([.detached, .admissionAwaited])
        let v = newVisit(
            service: t, instance: h, caller: s, parent: c, parentGeneration: frames.generation[i], from: f,
            key: frames.key[i])
        frames.flags[Int(v)] = f
        frames.child[i] = v
        send(v, from: s)
    }

    /// The callee's channel took (or refused) an async call's visit.
    func asyncAdmitted(_ v: Int32, ok: Bool) {
        let vi = Int(v)
        frames.flags[vi].remove(.admissionAwaited)
        let c = frames.parent[vi]
        let g = frames.parentGeneration[vi]
        frames.parent[vi] = -1
        let i = Int(c)
        guard c >= 0, frames.awaits(i, .call, generation: g) else { return }
        frames.flags[i].remove(.awaiting)
        let s = Int(frames.service[i])
        let u = upstream(ofCall: i)
        let h = Int(frames.instance[i])
        services[s].upstreams[u].balancer.onFinish(h, latency: now - frames.attemptStart[i], now: now)
        if ok {
            callSucceeded(c)
        } else {
            countAttemptError(s, u, frames.flags[i].contains(.counted))
            callFinished(c, .failed)
        }
    }

    @inline(__always)
    func countAttemptError(_ s: Int, _ u: Int, _ counted: Bool) {
        services[s].upstreams[u].interval.errors &+= 1
        if counted { services[s].upstreams[u].total.errors &+= 1 }
    }

    /// The callee replied to attempt `g` of call `c`.
    func callReplied(_ c: Int32, generation g: UInt32, _ outcome: Outcome, from callee: Int, counted: Bool) {
        let i = Int(c)
        guard frames.awaits(i, .call, generation: g) else {
            // The caller had stopped waiting: the callee worked for nobody.
            services[callee].interval.wastedVisits &+= 1
            if counted { services[callee].total.wastedVisits &+= 1 }
            return
        }
        attemptEnded(c, success: outcome == .succeeded)
    }

    func attemptTimedOut(_ c: Int32, generation g: UInt32) {
        let i = Int(c)
        guard frames.awaits(i, .call, generation: g) else { return }
        let s = Int(frames.service[i])
        let u = upstream(ofCall: i)
        let counted = frames.flags[i].contains(.counted)
        services[s].interval.attemptTimeouts &+= 1
        services[s].upstreams[u].interval.timedOut &+= 1
        if counted {
            services[s].total.attemptTimeouts &+= 1
            services[s].upstreams[u].total.timedOut &+= 1
        }
        attemptEnded(c, success: false, timedOut: true)
    }

    /// An attempt came back, failed at once, or timed out: tell the balancer, the breaker
    /// and outlier detection, then go on or retry.
    func attemptEnded(_ c: Int32, success: Bool, timedOut: Bool = false) {
        let i = Int(c)
        frames.flags[i].remove(.awaiting)
        let s = Int(frames.service[i])
        let u = upstream(ofCall: i)
        let h = Int(frames.instance[i])
        let permit = frames.flags[i].contains(.breakerPermit)
        frames.flags[i].remove(.breakerPermit)
        let f = services[s].upstreams[u].finish(
            host: h, success: success, latency: now - frames.attemptStart[i], now: now, permit: permit)
        if f.breakerMoved { noteBreakerTransition(s, u) }
        if f.ejectedUntil != nil {
            emit(
                ModelEvent(
                    t: Time.seconds(now), kind: .ejected, service: eventService(s), subject: hostName(s, u, h)
                ))
            notePanic(s, u)
            if let t = services[s].upstreams[u].outliers.nextUnejectTime {
                scheduler.schedule(.unejection(Int16(s), Int16(u)), at: t)
            }
        }
        if success {
            callSucceeded(c)
        } else {
            if !timedOut { countAttemptError(s, u, frames.flags[i].contains(.counted)) }
            retryOrFinish(c, timedOut ? .timedOut : .failed)
        }
    }

    /// One call succeeded: the next of its `count`, or the call is done.
    func callSucceeded(_ c: Int32) {
        let i = Int(c)
        if frames.step[i] > 1 {
            frames.step[i] -= 1
            frames.attempts[i] = 0
            frames.lastBackoff[i] = 0
            attempt(c)
        } else {
            callFinished(c, .succeeded)
        }
    }

    /// Retries after a backoff while retries remain; otherwise the call ends as `outcome`.
    func retryOrFinish(_ c: Int32, _ outcome: Outcome) {
        let i = Int(c)
        let s = Int(frames.service[i])
        let ci = Int(frames.call[i])
        let retryMax =
            ci >= 0
            ? (services[s].calls[ci].retryMax ?? services[s].config.retries.retryMax)
            : services[s].config.retries.retryMax
        let u = upstream(ofCall: i)
        if Int(frames.attempts[i]) <= retryMax
            && (services[s].config.retries.budget == 0
                || services[s].upstreams[u].budget.tryWithdraw(now: now))
        {
            frames.generation[i] &+= 1
            let schedule = services[s].config.retries.delays
            // A fixed schedule (the seed's 100 ms, 500 ms, 1 s) draws nothing: every caller
            // that failed at the same moment retries at the same moment.
            let delay =
                !schedule.isEmpty
                ? schedule[Swift.min(Int(frames.attempts[i]) - 1, schedule.count - 1)]
                : services[s].config.retries.backoff.delay(
                    attempt: Int(frames.attempts[i]) - 1, previous: frames.lastBackoff[i],
                    rng: &services[s].upstreams[u].jitterRandom)
            frames.lastBackoff[i] = delay
            scheduler.schedule(.retry(c, frames.generation[i]), after: delay)
        } else {
            callFinished(c, outcome)
        }
    }

    /// The call is over: a write-behind flush frees its worker; otherwise the visit that
    /// made it hears how it went.
    func callFinished(_ c: Int32, _ outcome: Outcome) {
        let i = Int(c)
        let s = Int(frames.service[i])
        if frames.flags[i].contains(.background) {
            if outcome == .succeeded {
                services[s].total.behindWritten &+= 1
                services[s].interval.behindWritten &+= 1
            }
            frames.release(c)
            services[s].behindActive -= 1
            pumpBehind(s)
            return
        }
        let v = frames.parent[i]
        let pg = frames.parentGeneration[i]
        frames.release(c)
        if v >= 0 && frames.kind[Int(v)] == .visit && frames.generation[Int(v)] == pg {
            if pausedInstances > 0 {
                let vs = Int(frames.service[Int(v)])
                let k = Int(frames.instance[Int(v)])
                if services[vs].instances[k].paused {
                    // The caller's process is stopped: it hears the result when it resumes.
                    services[vs].instances[k].deferred.append(.callResult(v, outcome.rawValue))
                    return
                }
            }
            callEnded(v, outcome)
        }
    }

    // MARK: ejection and the breaker's news

    func unejectionDue(service s: Int, upstream u: Int) {
        while let h = services[s].upstreams[u].outliers.unejectDue(now: now) {
            services[s].upstreams[u].refreshEligibility(h)
            emit(
                ModelEvent(
                    t: Time.seconds(now), kind: .unejected, service: eventService(s),
                    subject: hostName(s, u, h)))
        }
        notePanic(s, u)
        if let t = services[s].upstreams[u].outliers.nextUnejectTime, t > now {
            scheduler.schedule(.unejection(Int16(s), Int16(u)), at: t)
        }
    }

    /// Reports the balancer entering or leaving Envoy's panic mode.
    func notePanic(_ s: Int, _ u: Int) {
        let lb = services[s].upstreams[u].balancer
        let panicking = lb.isPanicking
        guard panicking != services[s].upstreams[u].panicking else { return }
        services[s].upstreams[u].panicking = panicking
        let name = services[s].upstreams[u].name
        let subject =
            "\(name): \(lb.eligibleCount) of \(services[s].upstreams[u].hostCount) hosts healthy"
            + (panicking ? ", balancing over all of them" : "")
        emit(
            ModelEvent(
                t: Time.seconds(now), kind: panicking ? .panic : .panicEnd, service: eventService(s),
                subject: subject))
    }

    func noteBreakerTransition(_ s: Int, _ u: Int) {
        if let t = services[s].upstreams[u].breaker.lastTransition {
            emit(
                ModelEvent(
                    t: Time.seconds(now), kind: .breaker, service: eventService(s),
                    subject: services[s].upstreams[u].name,
                    from: t.from, to: t.to))
        }
    }

    /// How host `h` of an upstream is named: `db-2`, or `pricing#2`.
    func hostName(_ s: Int, _ u: Int, _ h: Int) -> String {
        switch services[s].upstreams[u].target {
        case .database: return services[s].backends[h].name
        case .service(let t): return "\(services[t].name)#\(h + 1)"
        }
    }
}
