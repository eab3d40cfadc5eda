import SimKernel

/// How a request ended.
enum Outcome {
    case succeeded, failed, timedOut, rejected, dropped
}

extension Pipeline {
    // MARK: arrival and service entry

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
        enterService(r)
    }

    /// The request enters the service proper.
    func enterService(_ r: Int32) {
        backendCall(r)
    }

    // MARK: the backend call, with timeouts and retries

    func backendCall(_ r: Int32) {
        attempt(r)
    }

    /// One attempt: choose a backend, give it the job, and start the timeout.
    func attempt(_ r: Int32) {
        let i = Int(r)
        requests.attempts[i] += 1
        if requests.attempts[i] > 1 {
            if requests.flags[i].contains(.counted) { total.retried &+= 1 }
            interval.retried &+= 1
        }
        requests.generation[i] &+= 1
        let g = requests.generation[i]
        guard let b = pickBackend() else {
            attemptFailed(r, latency: 0)
            return
        }
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
            attemptFinished(r, success: false)
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
        scheduler.schedule(.jobDone(j), after: SimTime(s.rounded()))
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
            attemptFinished(r, success: !failed)
        } else {
            total.wastedJobs &+= 1
            interval.wastedJobs &+= 1
        }
    }

    func attemptTimedOut(_ r: Int32, generation g: UInt32) {
        let i = Int(r)
        guard requests.generation[i] == g, requests.flags[i].contains(.awaiting) else { return }
        requests.flags[i].remove(.awaiting)
        if requests.flags[i].contains(.counted) { total.attemptTimeouts &+= 1 }
        interval.attemptTimeouts &+= 1
        retryOrFinish(r, outcome: .timedOut)
    }

    /// An attempt came back (or failed at once).
    func attemptFinished(_ r: Int32, success: Bool) {
        let i = Int(r)
        requests.flags[i].remove(.awaiting)
        if success {
            finish(r, .succeeded)
        } else {
            attemptFailed(r, latency: now - requests.attemptStart[i])
        }
    }

    func attemptFailed(_ r: Int32, latency: SimTime) {
        retryOrFinish(r, outcome: .failed)
    }

    /// Retries after a backoff while retries remain; otherwise the request ends as `outcome`.
    func retryOrFinish(_ r: Int32, outcome: Outcome) {
        let i = Int(r)
        if Int(requests.attempts[i]) <= retryMax {
            requests.generation[i] &+= 1
            let delay = backoffDelay(r)
            scheduler.schedule(.retry(r, requests.generation[i]), after: delay)
        } else {
            finish(r, outcome)
        }
    }

    func backoffDelay(_ r: Int32) -> SimTime {
        0
    }

    // MARK: completion

    func finish(_ r: Int32, _ outcome: Outcome) {
        let i = Int(r)
        let counted = requests.flags[i].contains(.counted)
        switch outcome {
        case .succeeded:
            let lat = now - requests.arrival[i]
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
        requests.release(r)
        if u >= 0 { scheduleUser(u) }
    }
}
