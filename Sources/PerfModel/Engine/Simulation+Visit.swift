import SimKernel

/// A visit's walk through one service's stages: the instance's ingress channel and workers,
/// the bulkhead, the worker's own time, the cache tier, the call plan, and the way out
/// through the exits of every stage it entered.
extension Simulation {
    // MARK: arrival at an instance

    /// A new visit to instance `instance` of service `s`, made by frame `parent` at its
    /// generation `g` (a call of service `caller`, or the client's request when `caller` is
    /// -1), carrying the request's kind and key.
    @inline(__always)
    func newVisit(
        service s: Int, instance: Int, caller: Int, parent: Int32, parentGeneration g: UInt32,
        from f: FrameTable.Flags, key: UInt64
    ) -> Int32 {
        let v = frames.allocate(.visit, flags: f.intersection([.write, .counted]))
        let i = Int(v)
        frames.service[i] = Int16(s)
        frames.instance[i] = Int16(instance)
        frames.call[i] = Int32(caller)
        frames.parent[i] = parent
        frames.parentGeneration[i] = g
        frames.key[i] = key
        frames.step[i] = 0
        frames.pending[i] = 0
        frames.arrival[i] = now
        return v
    }

    /// The visit reaches its instance: the ingress channel admits it, queues it, parks it or
    /// drops it.
    func reachInstance(_ v: Int32) {
        let i = Int(v)
        frames.arrival[i] = now
        if pausedInstances > 0 {
            let s = Int(frames.service[i])
            let inst = Int(frames.instance[i])
            if services[s].instances[inst].paused {
                // The process is stopped: the visit waits at the door until the pause ends.
                services[s].instances[inst].held.append(v)
                return
            }
        }
        admitToInstance(v)
    }

    /// The visit (arrived now, or held through a pause) meets its instance's ingress.
    func admitToInstance(_ v: Int32) {
        let i = Int(v)
        let s = Int(frames.service[i])
        let inst = Int(frames.instance[i])
        visitProbe?(s)
        services[s].interval.offered &+= 1
        if frames.flags[i].contains(.counted) { services[s].total.offered &+= 1 }
        if services[s].instances[inst].down {
            // Connection refused: the instance is down.
            admitted(v, ok: false)
            end(v, .failed)
            return
        }
        admitted(v, services[s].instances[inst].ingress.admit(v, now: now))
    }

    /// Carries out what the channel did with visit `v`: start it, queue it, drop it or
    /// another, or park it as a blocked writer.
    func admitted(_ v: Int32, _ admission: Ingress.Admission) {
        let i = Int(v)
        let s = Int(frames.service[i])
        let inst = Int(frames.instance[i])
        switch admission {
        case .start(let worker):
            if worker { frames.flags[i].insert(.holdsWorker) }
            admitted(v, ok: true)
            enterStages(v)
        case .queued:
            frames.flags[i].insert(.queued)
            admitted(v, ok: true)
            if services[s].instances[inst].ingress.maxWorkers > 0 { scheduleInjection(s, inst) }
        case .queuedDropping(let victim):
            frames.flags[i].insert(.queued)
            admitted(v, ok: true)
            frames.flags[Int(victim)].remove(.queued)
            end(victim, .dropped)
        case .dropped:
            admitted(v, ok: true)
            end(v, .dropped)
        case .blocked:
            // Parked until a read makes room (an async writer waits here: backpressure).
            frames.flags[i].insert(.queued)
        }
    }

    /// The channel took the visit (or refused it): an async call that waited on it ends.
    @inline(__always)
    func admitted(_ v: Int32, ok: Bool) {
        guard frames.flags[Int(v)].contains(.admissionAwaited) else { return }
        asyncAdmitted(v, ok: ok)
    }

    /// Hands queued visits to free workers and lets blocked writers in behind them.
    /// Iterative (a guard stops re-entry), so synchronous completions cannot deepen the stack.
    func pump(_ s: Int, _ inst: Int) {
        if services[s].instances[inst].ingress.pumping || services[s].instances[inst].paused { return }
        services[s].instances[inst].ingress.pumping = true
        while !services[s].instances[inst].paused,
            let next = services[s].instances[inst].ingress.nextToStart(now: now)
        {
            while let w = services[s].instances[inst].ingress.admitBlockedWriter() {
                admitted(w, ok: true)
            }
            frames.flags[Int(next)].remove(.queued)
            frames.flags[Int(next)].insert(.holdsWorker)
            enterStages(next)
        }
        services[s].instances[inst].ingress.pumping = false
    }

    // MARK: the stages

    /// A worker has the visit: the bulkhead, then the worker's own time.
    func enterStages(_ v: Int32) {
        let i = Int(v)
        let s = Int(frames.service[i])
        let inst = Int(frames.instance[i])
        if services[s].config.bulkheadEnabled {
            guard services[s].instances[inst].bulkhead.tryAcquire() else {
                if frames.flags[i].contains(.counted) { services[s].total.bulkheadRejected &+= 1 }
                services[s].interval.bulkheadRejected &+= 1
                end(v, .rejected)
                return
            }
            frames.flags[i].insert(.holdsBulkhead)
        }
        if let work = services[s].config.work {
            var d = work.sample(using: &services[s].workRandom)
            let slow = services[s].instances[inst].slowdown
            if slow != 1 { d *= slow }
            // The pause time so far: pauses while the work runs push it back.
            frames.attemptStart[i] = services[s].instances[inst].pauseTime(now: now)
            scheduler.schedule(.workDone(v), after: Time.ns(d))
            return
        }
        // No work of its own: a non-blocking worker is free at once.
        if !services[s].config.workersBlocking && frames.flags[i].contains(.holdsWorker) { releaseWorker(v) }
        afterWork(v)
    }

    /// The worker's own time is over; a non-blocking worker is given back now.
    func workDone(_ v: Int32) {
        let i = Int(v)
        let s = Int(frames.service[i])
        if services[s].config.gc.enabled || services[s].instances[Int(frames.instance[i])].pausedBefore > 0,
            workPushedBack(v)
        {
            return
        }
        if !services[s].config.workersBlocking && frames.flags[i].contains(.holdsWorker) {
            releaseWorker(v)
        }
        afterWork(v)
    }

    func releaseWorker(_ v: Int32) {
        let i = Int(v)
        let s = Int(frames.service[i])
        let inst = Int(frames.instance[i])
        frames.flags[i].remove(.holdsWorker)
        services[s].instances[inst].ingress.release(now: now)
        pump(s, inst)
    }

    @inline(__always)
    func afterWork(_ v: Int32) {
        if frames.flags[Int(v)].contains(.write) {
            write(v)
        } else {
            read(v)
        }
    }

    /// Cache-aside read: L1 (the instance's), then L2 (the service's), then the call plan,
    /// filling L2 and L1 on the way back.
    func read(_ v: Int32) {
        let i = Int(v)
        let s = Int(frames.service[i])
        let inst = Int(frames.instance[i])
        let key = frames.key[i]
        let counted = frames.flags[i].contains(.counted)
        if services[s].instances[inst].l1.enabled {
            if services[s].instances[inst].l1.lookup(key, now: now) {
                services[s].interval.l1Hits &+= 1
                if counted { services[s].total.l1Hits &+= 1 }
                let latency = services[s].config.l1.latency
                if latency > 0 {
                    scheduler.schedule(.l1Reply(v), after: latency, lane: services[s].lanes.l1)
                } else {
                    end(v, .succeeded)
                }
                return
            }
            services[s].interval.l1Misses &+= 1
            if counted { services[s].total.l1Misses &+= 1 }
        }
        if services[s].config.coalesce {
            if let leader = services[s].instances[inst].fills[key] {
                // Single flight: wait for the fill already under way.
                frames.next[i] = frames.next[Int(leader)]
                frames.next[Int(leader)] = v
                services[s].interval.coalesced &+= 1
                if counted { services[s].total.coalesced &+= 1 }
                return
            }
            services[s].instances[inst].fills[key] = v
            frames.flags[i].insert(.leader)
        }
        if services[s].l2.enabled {
            if services[s].l2.lookup(key, now: now) {
                frames.flags[i].insert(.l2Hit)
                services[s].interval.l2Hits &+= 1
                if counted { services[s].total.l2Hits &+= 1 }
            } else {
                services[s].interval.l2Misses &+= 1
                if counted { services[s].total.l2Misses &+= 1 }
            }
            scheduler.schedule(
                .l2Reply(v), after: 2 * services[s].config.l2.latency, lane: services[s].lanes.l2)
            return
        }
        runPlan(v)
    }

    func l2Replied(_ v: Int32) {
        let i = Int(v)
        if frames.flags[i].contains(.l2Hit) {
            let s = Int(frames.service[i])
            services[s].instances[Int(frames.instance[i])].l1.fill(frames.key[i], now: now)
            end(v, .succeeded)
        } else {
            runPlan(v)
        }
    }

    func write(_ v: Int32) {
        let i = Int(v)
        let s = Int(frames.service[i])
        let counted = frames.flags[i].contains(.counted)
        if counted { services[s].total.writes &+= 1 }
        services[s].interval.writes &+= 1
        if services[s].config.writeMode == .behind {
            // The write-behind queue is bounded (as Hazelcast's write-behind queue is): a
            // write that finds it full is refused rather than held in memory.
            guard services[s].behindQueue.count < client.config.maxInFlight else {
                end(v, .rejected)
                return
            }
            let key = frames.key[i]
            services[s].instances[Int(frames.instance[i])].l1.fill(key, now: now)
            services[s].l2.fill(key, now: now)
            services[s].behindQueue.append(BehindWrite(key: key, counted: counted))
            end(v, .succeeded)
            pumpBehind(s)
        } else {
            runPlan(v)
        }
    }

    /// Starts background write-behind flushes (queries of the service's database that no
    /// request waits for) while flush workers are free.
    func pumpBehind(_ s: Int) {
        if services[s].pumpingBehind { return }
        services[s].pumpingBehind = true
        while services[s].behindActive < services[s].config.behindWorkers,
            let w = services[s].behindQueue.popFirst()
        {
            var f: FrameTable.Flags = [.write, .background]
            if now >= statsStart { f.insert(.counted) }
            let c = frames.allocate(.call, flags: f)
            let i = Int(c)
            frames.service[i] = Int16(s)
            frames.call[i] = -1
            frames.step[i] = 1
            frames.key[i] = w.key
            frames.arrival[i] = now
            services[s].behindActive += 1
            attempt(c)
        }
        services[s].pumpingBehind = false
    }

    // MARK: the call plan

    /// A cache miss (or a write): the service's call plan, step by step.
    func runPlan(_ v: Int32) {
        frames.step[Int(v)] = 0
        runSteps(v)
    }

    /// Runs steps from the visit's current one until one has calls still out, or the plan is
    /// done. `pending` holds one extra count while a step's calls are being made, so that
    /// calls ending at once do not move the visit on from inside the loop.
    func runSteps(_ v: Int32) {
        let i = Int(v)
        let s = Int(frames.service[i])
        while true {
            let st = Int(frames.step[i])
            if st >= services[s].stepsInForce {
                complete(v)
                return
            }
            frames.pending[i] = 1
            frames.flags[i].remove(.stepFailed)
            let first = services[s].stepStart[st]
            let end = services[s].stepStart[st + 1]
            for ci in first..<end {
                let p = services[s].calls[ci].probability
                if p < 1 && services[s].planRandom.nextUnit() >= p { continue }
                frames.pending[i] += 1
                makeCall(v, ci)
            }
            frames.pending[i] -= 1
            if frames.pending[i] > 0 { return }
            if frames.flags[i].contains(.stepFailed) {
                self.end(v, frames.outcome[i])
                return
            }
            frames.step[i] += 1
        }
    }

    /// A call of the visit's current step ended; when the step's last one has, the visit
    /// goes on to the next step, or ends with the step's first failure.
    func callEnded(_ v: Int32, _ outcome: Outcome) {
        let i = Int(v)
        if outcome != .succeeded && !frames.flags[i].contains(.stepFailed) {
            frames.flags[i].insert(.stepFailed)
            frames.outcome[i] = outcome
        }
        frames.pending[i] -= 1
        if frames.pending[i] > 0 { return }
        if frames.flags[i].contains(.stepFailed) {
            end(v, frames.outcome[i])
            return
        }
        frames.step[i] += 1
        runSteps(v)
    }

    /// The plan succeeded: update the caches as the request's kind says, and reply.
    func complete(_ v: Int32) {
        let i = Int(v)
        let s = Int(frames.service[i])
        let inst = Int(frames.instance[i])
        let key = frames.key[i]
        if frames.flags[i].contains(.write) {
            switch services[s].config.writeMode {
            case .aside:
                services[s].instances[inst].l1.invalidate(key)
                services[s].l2.invalidate(key)
            case .through:
                services[s].instances[inst].l1.fill(key, now: now)
                services[s].l2.fill(key, now: now)
            case .behind:
                break
            }
        } else {
            services[s].l2.fill(key, now: now)
            services[s].instances[inst].l1.fill(key, now: now)
        }
        end(v, .succeeded)
    }

    // MARK: the way out

    /// The visit ends with `outcome`: it leaves every stage it entered, innermost first
    /// (the fill it leads, the bulkhead), its followers end the same way, the reply goes to
    /// whoever waits for it, and its worker takes the next visit.
    func end(_ v: Int32, _ outcome: Outcome) {
        let i = Int(v)
        let f = frames.flags[i]
        let s = Int(frames.service[i])
        let inst = Int(frames.instance[i])
        let counted = f.contains(.counted)
        countVisitEnd(s, outcome, arrival: frames.arrival[i], counted: counted)
        let parent = frames.parent[i]
        let pg = frames.parentGeneration[i]
        var follower = frames.next[i]
        if f.contains(.leader) { services[s].instances[inst].fills[frames.key[i]] = nil }
        if f.contains(.holdsBulkhead) { services[s].instances[inst].bulkhead.release() }
        // The reply travels back over the caller's network: the frame waits for it. (The
        // caller is the one that made the visit: the parent's slot may have been reused since.)
        let caller = Int(frames.call[i])
        let latency = caller >= 0 && !f.contains(.detached) ? services[caller].config.netLatency : 0
        if latency > 0 {
            frames.outcome[i] = outcome
            frames.flags[i] = [.inTransit]
            if counted { frames.flags[i].insert(.counted) }
            scheduler.schedule(
                .replyArrives(v, frames.generation[i]), after: latency, lane: services[caller].lanes.net)
        } else {
            frames.release(v)
        }
        // Visits that waited on this one's fill end the same way.
        while f.contains(.leader) && follower >= 0 {
            let nextFollower = frames.next[Int(follower)]
            frames.next[Int(follower)] = -1
            end(follower, outcome)
            follower = nextFollower
        }
        if latency == 0 && parent >= 0 && !f.contains(.detached) {
            deliver(outcome, to: parent, generation: pg, from: s, client: caller < 0, counted: counted)
        }
        if f.contains(.holdsWorker) {
            services[s].instances[inst].ingress.release(now: now)
            pump(s, inst)
        }
        if services[s].config.gc.enabled { countForPause(s, inst) }
    }

    /// Service `s` counts a visit that arrived at `arrival` and ended now with `outcome`.
    @inline(__always)
    func countVisitEnd(_ s: Int, _ outcome: Outcome, arrival: SimTime, counted: Bool) {
        switch outcome {
        case .succeeded:
            services[s].interval.succeeded &+= 1
            services[s].latency.record(now - arrival, counted: counted)
            if counted { services[s].total.succeeded &+= 1 }
        case .failed:
            services[s].interval.failed &+= 1
            if counted { services[s].total.failed &+= 1 }
        case .timedOut:
            services[s].interval.timedOut &+= 1
            if counted { services[s].total.timedOut &+= 1 }
        case .rejected:
            services[s].interval.rejected &+= 1
            if counted { services[s].total.rejected &+= 1 }
        case .dropped:
            services[s].interval.dropped &+= 1
            if counted { services[s].total.dropped &+= 1 }
        }
    }

    /// A reply that travelled over the network arrives.
    func replyArrived(_ v: Int32, generation g: UInt32) {
        let i = Int(v)
        guard frames.generation[i] == g else { return }
        let outcome = frames.outcome[i]
        let parent = frames.parent[i]
        let pg = frames.parentGeneration[i]
        let s = Int(frames.service[i])
        let client = frames.call[i] < 0
        let counted = frames.flags[i].contains(.counted)
        frames.release(v)
        deliver(outcome, to: parent, generation: pg, from: s, client: client, counted: counted)
    }

    /// Service `s` replies `outcome` to the frame that made the visit: the client's request
    /// (`client`) or a call. What the parent's slot holds now may be another frame: the
    /// generation tells, and a reply that finds nobody waiting is counted as work wasted by
    /// the client or by service `s`.
    @inline(__always)
    func deliver(
        _ outcome: Outcome, to parent: Int32, generation pg: UInt32, from s: Int, client: Bool, counted: Bool
    ) {
        if client {
            clientReplied(parent, generation: pg, outcome, counted: counted)
        } else {
            callReplied(parent, generation: pg, outcome, from: s, counted: counted)
        }
    }
}
