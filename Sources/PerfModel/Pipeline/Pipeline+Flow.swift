import SimKernel

/// How a request ended.
enum Outcome {
    case succeeded, failed, timedOut, rejected, dropped
}

extension Pipeline {
    // MARK: arrival and the ingress channel

    func startRequest(user: Int32) {
        let r = requests.allocate()
        let i = Int(r)
        let t = now
        requests.arrival[i] = t
        requests.user[i] = user
        requests.key[i] = keys.next(using: &keyRandom)
        var f: RequestTable.Flags = []
        if writeRatio > 0 && writeRandom.nextUnit() < writeRatio { f.insert(.write) }
        if t >= statsStart { f.insert(.counted); total.offered &+= 1 }
        requests.flags[i] = f
        interval.offered &+= 1
        accountInSystem()
        inSystem += 1
        enterIngress(r)
    }

    /// The bounded channel in front of the workers (.NET's `BoundedChannel` full modes).
    func enterIngress(_ r: Int32) {
        guard channelEnabled else {
            enterService(r)
            return
        }
        if consumersBusy < consumers && channel.isEmpty {
            consumersBusy += 1
            requests.flags[Int(r)].insert(.holdsConsumer)
            enterService(r)
            return
        }
        accountChannel()
        switch channel.tryWrite(r) {
        case .accepted:
            requests.flags[Int(r)].insert(.queued)
        case .acceptedDropping(let victim):
            requests.flags[Int(r)].insert(.queued)
            requests.flags[Int(victim)].remove(.queued)
            finish(victim, .dropped)
        case .dropped:
            finish(r, .dropped)
        case .full:
            requests.flags[Int(r)].insert(.queued)
            blockedWriters.append(r)
        }
        if channel.count > channelMaxDepth { channelMaxDepth = channel.count }
    }

    /// Hands queued requests to free workers, and lets blocked writers in behind them.
    /// Iterative (a guard stops re-entry), so synchronous completions cannot deepen the stack.
    func pumpChannel() {
        if pumping { return }
        pumping = true
        defer { pumping = false }
        while consumersBusy < consumers {
            accountChannel()
            guard let next = channel.read() else { break }
            while !channel.isFull, let w = blockedWriters.popFirst() {
                if case .full = channel.tryWrite(w) {
                    blockedWriters.prepend(w)
                    break
                }
            }
            consumersBusy += 1
            requests.flags[Int(next)].remove(.queued)
            requests.flags[Int(next)].insert(.holdsConsumer)
            enterService(next)
        }
    }

    func accountChannel() {
        let t = now
        channelDepthArea += Double(channel.count) * Double(t - channelDepthLast)
        channelDepthLast = t
    }

    // MARK: the service: bulkhead, then reads and writes

    func enterService(_ r: Int32) {
        let i = Int(r)
        if bulkheadEnabled {
            guard bulkhead.tryAcquire() else {
                if requests.flags[i].contains(.counted) { total.bulkheadRejected &+= 1 }
                interval.bulkheadRejected &+= 1
                finish(r, .rejected)
                return
            }
            requests.flags[i].insert(.holdsBulkhead)
        }
        if requests.flags[i].contains(.write) {
            write(r)
        } else {
            read(r)
        }
    }

    /// Cache-aside read: L1, then L2, then the backend, filling L2 and L1 on the way back.
    func read(_ r: Int32) {
        let i = Int(r)
        let key = requests.key[i]
        let counted = now >= statsStart
        if l1.enabled {
            if l1.lookup(key, now: now) {
                interval.l1Hits &+= 1
                if counted { total.l1Hits &+= 1 }
                if l1Latency > 0 {
                    scheduler.schedule(.l1Reply(r), after: l1Latency)
                } else {
                    finish(r, .succeeded)
                }
                return
            }
            interval.l1Misses &+= 1
            if counted { total.l1Misses &+= 1 }
        }
        if coalesce {
            if let leader = fills[key] {
                // Single flight: wait for the fill already under way.
                requests.next[i] = requests.next[Int(leader)]
                requests.next[Int(leader)] = r
                interval.coalesced &+= 1
                if counted { total.coalesced &+= 1 }
                return
            }
            fills[key] = r
            requests.flags[i].insert(.leader)
        }
        if l2.enabled {
            if l2.lookup(key, now: now) {
                requests.flags[i].insert(.l2Hit)
                interval.l2Hits &+= 1
                if counted { total.l2Hits &+= 1 }
            } else {
                interval.l2Misses &+= 1
                if counted { total.l2Misses &+= 1 }
            }
            scheduler.schedule(.l2Reply(r), after: 2 * l2Latency)
            return
        }
        attempt(r)
    }

    func l2Replied(_ r: Int32) {
        let i = Int(r)
        if requests.flags[i].contains(.l2Hit) {
            l1.fill(requests.key[i], now: now)
            finish(r, .succeeded)
        } else {
            attempt(r)
        }
    }

    func write(_ r: Int32) {
        let i = Int(r)
        if requests.flags[i].contains(.counted) { total.writes &+= 1 }
        interval.writes &+= 1
        if writeMode == .behind {
            let key = requests.key[i]
            l1.fill(key, now: now)
            l2.fill(key, now: now)
            behindQueue.append(key)
            finish(r, .succeeded)
            pumpBehind()
        } else {
            attempt(r)
        }
    }

    /// Starts background write-behind flushes while workers are free.
    func pumpBehind() {
        if pumpingBehind { return }
        pumpingBehind = true
        defer { pumpingBehind = false }
        while behindActive < behindWorkers, let key = behindQueue.popFirst() {
            let r = requests.allocate()
            let i = Int(r)
            requests.arrival[i] = now
            requests.key[i] = key
            requests.flags[i] = [.write, .background]
            behindActive += 1
            attempt(r)
        }
    }

    // MARK: the backend call: breaker, balancer, timeout, retries

    /// One attempt: ask the breaker, choose a backend, give it the job, start the timeout.
    func attempt(_ r: Int32) {
        let i = Int(r)
        requests.attempts[i] += 1
        if requests.attempts[i] > 1 {
            if requests.flags[i].contains(.counted) { total.retried &+= 1 }
            interval.retried &+= 1
        }
        requests.generation[i] &+= 1
        let g = requests.generation[i]
        if breakerEnabled {
            let before = breaker.transitionCount
            let permitted = breaker.tryAcquirePermission(now: now)
            if breaker.transitionCount != before { noteBreakerTransition() }
            guard permitted else {
                if requests.flags[i].contains(.counted) { total.breakerRejected &+= 1 }
                interval.breakerRejected &+= 1
                finish(r, .rejected)
                return
            }
            requests.flags[i].insert(.breakerPermit)
        }
        guard let b = balancer.pick(now: now, rng: &balancerRandom) else {
            // No backend can be chosen: the call fails without running.
            if requests.flags[i].contains(.breakerPermit) {
                requests.flags[i].remove(.breakerPermit)
                breaker.releasePermission()
            }
            retryOrFinish(r, outcome: .failed)
            return
        }
        balancer.onStart(b)
        requests.backend[i] = Int32(b)
        requests.attemptStart[i] = now
        requests.flags[i].insert(.awaiting)
        backends[b].total.requests &+= 1
        backends[b].interval.requests &+= 1
        if timeout > 0 { scheduler.schedule(.timeout(r, g), after: timeout) }
        if backends[b].down {
            // Connection refused: the attempt fails at once and uses no connection.
            backends[b].total.errors &+= 1
            backends[b].interval.errors &+= 1
            attemptEnded(r, success: false)
            return
        }
        let j = allocateJob(Job(request: r, generation: g, backend: Int32(b), enqueued: now, started: now))
        if backends[b].busy < backends[b].pool {
            startJob(j)
            if now >= statsStart { jobsImmediate &+= 1 }
        } else {
            backends[b].waiting.append(j)
            if now >= statsStart { jobsWaited &+= 1 }
        }
    }

    func allocateJob(_ job: Job) -> Int32 {
        if let j = freeJobs.popLast() {
            jobs[Int(j)] = job
            return j
        }
        jobs.append(job)
        return Int32(jobs.count - 1)
    }

    func startJob(_ j: Int32) {
        let b = Int(jobs[Int(j)].backend)
        backends[b].account(now: now)
        backends[b].busy += 1
        jobs[Int(j)].started = now
        let wait = Double(now - jobs[Int(j)].enqueued)
        if wait > 0 {
            backends[b].total.waited &+= 1
            backends[b].interval.waited &+= 1
            backends[b].total.waitTime += wait
            backends[b].interval.waitTime += wait
        }
        var s = backends[b].service.sample(using: &backends[b].serviceRandom)
        if backends[b].slowdown != 1 { s *= backends[b].slowdown }
        scheduler.schedule(.jobDone(j), after: Time.ns(s))
    }

    func jobDone(_ j: Int32) {
        let job = jobs[Int(j)]
        freeJobs.append(j)
        let b = Int(job.backend)
        backends[b].account(now: now)
        backends[b].busy -= 1
        // Hand the connection to the next waiting job, if the pool still has room.
        while backends[b].busy < backends[b].pool, let next = backends[b].waiting.popFirst() {
            startJob(next)
        }
        let failed = backends[b].errorRate > 0 && backends[b].errorRandom.nextUnit() < backends[b].errorRate
        if failed {
            backends[b].total.errors &+= 1
            backends[b].interval.errors &+= 1
        }
        let r = job.request
        let i = Int(r)
        if requests.generation[i] == job.generation && requests.flags[i].contains(.awaiting) {
            attemptEnded(r, success: !failed)
        } else {
            // The client stopped waiting: the work was done for nobody.
            total.wastedJobs &+= 1
            interval.wastedJobs &+= 1
        }
    }

    func attemptTimedOut(_ r: Int32, generation g: UInt32) {
        let i = Int(r)
        guard requests.generation[i] == g, requests.flags[i].contains(.awaiting) else { return }
        if requests.flags[i].contains(.counted) { total.attemptTimeouts &+= 1 }
        interval.attemptTimeouts &+= 1
        attemptEnded(r, success: false, timedOut: true)
    }

    /// An attempt came back, failed at once, or timed out: tell the breaker, the balancer
    /// and outlier detection, then go on or retry.
    func attemptEnded(_ r: Int32, success: Bool, timedOut: Bool = false) {
        let i = Int(r)
        requests.flags[i].remove(.awaiting)
        let b = Int(requests.backend[i])
        let latency = now - requests.attemptStart[i]
        balancer.onFinish(b, latency: latency, now: now)
        if requests.flags[i].contains(.breakerPermit) {
            requests.flags[i].remove(.breakerPermit)
            let t = success ? breaker.onSuccess(duration: latency, now: now) : breaker.onError(duration: latency, now: now)
            if t != nil { noteBreakerTransition() }
        }
        if ejectionEnabled && b < outliers.hostCount {
            if success {
                outliers.onSuccess(b)
            } else if case .ejected = outliers.onFailure(b, now: now) {
                balancer.setEligible(b, false)
                emit("ejected", backends[b].name)
                if let t = outliers.nextUnejectTime { scheduler.schedule(.unejection(Int32(b)), at: t) }
            }
        }
        if success {
            succeeded(r)
        } else {
            retryOrFinish(r, outcome: timedOut ? .timedOut : .failed)
        }
    }

    /// The backend call succeeded: update the caches as the request's kind says, and reply.
    func succeeded(_ r: Int32) {
        let i = Int(r)
        let key = requests.key[i]
        if requests.flags[i].contains(.write) {
            if !requests.flags[i].contains(.background) {
                switch writeMode {
                case .aside:
                    l1.invalidate(key)
                    l2.invalidate(key)
                case .through:
                    l1.fill(key, now: now)
                    l2.fill(key, now: now)
                case .behind:
                    break
                }
            }
        } else {
            l2.fill(key, now: now)
            l1.fill(key, now: now)
        }
        finish(r, .succeeded)
    }

    /// Retries after a backoff while retries remain; otherwise the request ends as `outcome`.
    func retryOrFinish(_ r: Int32, outcome: Outcome) {
        let i = Int(r)
        if Int(requests.attempts[i]) <= retryMax {
            requests.generation[i] &+= 1
            let delay = backoff.delay(attempt: Int(requests.attempts[i]) - 1, previous: requests.lastBackoff[i],
                                      rng: &jitterRandom)
            requests.lastBackoff[i] = delay
            scheduler.schedule(.retry(r, requests.generation[i]), after: delay)
        } else {
            finish(r, outcome)
        }
    }

    func unejectionDue(_ b: Int) {
        while let h = outliers.unejectDue(now: now) {
            balancer.setEligible(h, true)
            emit("unejected", backends[h].name)
        }
        if let t = outliers.nextUnejectTime, t > now { scheduler.schedule(.unejection(Int32(b)), at: t) }
    }

    func noteBreakerTransition() {
        if let t = breaker.lastTransition {
            emit("breaker", "\(t.from.rawValue)->\(t.to.rawValue)")
        }
    }

    // MARK: completion

    func finish(_ r: Int32, _ outcome: Outcome) {
        let i = Int(r)
        let f = requests.flags[i]
        if f.contains(.background) {
            if outcome == .succeeded {
                total.behindWritten &+= 1
                interval.behindWritten &+= 1
            }
            requests.release(r)
            behindActive -= 1
            pumpBehind()
            return
        }
        let counted = f.contains(.counted)
        let lat = now - requests.arrival[i]
        switch outcome {
        case .succeeded:
            interval.succeeded &+= 1
            intervalLatency.record(lat)
            latencyProbe?(lat)
            if counted {
                total.succeeded &+= 1
                latency.record(lat)
            }
        case .failed:
            interval.failed &+= 1
            if counted { total.failed &+= 1 }
        case .timedOut:
            interval.timedOut &+= 1
            if counted { total.timedOut &+= 1 }
        case .rejected:
            interval.rejected &+= 1
            if counted { total.rejected &+= 1 }
        case .dropped:
            interval.dropped &+= 1
            if counted { total.dropped &+= 1 }
        }
        accountInSystem()
        inSystem -= 1
        let u = requests.user[i]
        var follower = requests.next[i]
        if f.contains(.leader) { fills[requests.key[i]] = nil }
        if f.contains(.holdsBulkhead) { bulkhead.release() }
        requests.release(r)
        // Requests that waited on this one's fill end the same way.
        while f.contains(.leader) && follower >= 0 {
            let nextFollower = requests.next[Int(follower)]
            requests.next[Int(follower)] = -1
            finish(follower, outcome)
            follower = nextFollower
        }
        if u >= 0 { scheduleUser(u) }
        if f.contains(.holdsConsumer) {
            consumersBusy -= 1
            pumpChannel()
        }
    }
}
