import SimKernel

/// A service's database: queries (jobs) take a connection of their backend's pool or wait
/// for one in FIFO order, run for a drawn service time, and end in success or an error.
extension Simulation {
    @inline(__always)
    func allocateJob(_ job: Job) -> Int32 {
        jobs.allocate(job)
    }

    /// Query `j` takes a connection of backend `h` of service `s` at once, or waits for one
    /// in FIFO order (with `db.acquire_timeout`, for at most that long).
    @inline(__always)
    func enqueue(_ j: Int32, service s: Int, backend h: Int, counted: Bool) {
        if services[s].backends[h].canStart {
            startJob(j)
            if counted { services[s].jobsImmediate &+= 1 }
        } else {
            jobs.append(j, to: &services[s].backends[h].waiting)
            if counted { services[s].jobsWaited &+= 1 }
            let limit = services[s].config.acquireTimeout
            if limit > 0 {
                jobSerial &+= 1
                jobs[Int(j)].serial = jobSerial
                scheduleTimer(.acquireTimeout(j, jobSerial), after: limit, lane: services[s].lanes.acquire)
            }
        }
    }

    func startJob(_ j: Int32) {
        let s = Int(jobs[Int(j)].service)
        let b = Int(jobs[Int(j)].backend)
        jobs[Int(j)].started = true
        let d = services[s].backends[b].start(now: now, enqueued: jobs[Int(j)].enqueued)
        scheduler.schedule(.jobDone(j), after: Time.ns(d))
    }

    func jobDone(_ j: Int32) {
        let job = jobs[Int(j)]
        jobs.release(j)
        let s = Int(job.service)
        let b = Int(job.backend)
        // A connection leaked (`db.leak`): said once the pool has run dry.
        if services[s].backends[b].end(now: now) { notePool(s, b) }
        // Hand the connection to the next waiting job, if the pool still has room.
        startWaitingJobs(s, b)
        let failed = services[s].backends[b].drawError()
        if job.probe {
            probeEnded(s, b, serial: job.generation, ok: !failed)
            return
        }
        if failed { services[s].backends[b].countError() }
        if job.direct {
            directJobDone(job, j, failed: failed)
            return
        }
        let c = job.call
        let i = Int(c)
        if frames.awaits(i, .call, generation: job.generation) {
            attemptEnded(c, success: !failed)
        } else {
            // The caller stopped waiting: the work was done for nobody.
            services[s].interval.wastedJobs &+= 1
            if job.counted { services[s].total.wastedJobs &+= 1 }
        }
    }

    @inline(__always)
    func startWaitingJobs(_ s: Int, _ b: Int) {
        while services[s].backends[b].canStart, let next = jobs.popFirst(&services[s].backends[b].waiting) {
            startJob(next)
        }
    }

    /// Whether the acquire timeout `serial` set for job `j` still stands: the job it was
    /// set for has not taken a connection.
    @inline(__always)
    func acquireTimeoutPending(_ j: Int32, serial: UInt32) -> Bool {
        jobs[Int(j)].serial == serial && !jobs[Int(j)].started
    }

    /// A query waited `db.acquire_timeout` for a connection and got none: it fails
    /// ("Timeout expired prior to obtaining a connection from the pool").
    func acquireTimedOut(_ j: Int32, serial: UInt32) {
        guard acquireTimeoutPending(j, serial: serial) else { return }
        let job = jobs[Int(j)]
        let s = Int(job.service)
        let b = Int(job.backend)
        guard jobs.remove(j, from: &services[s].backends[b].waiting) else { return }
        jobs[Int(j)].serial = 0
        jobs.release(j)
        failWithoutConnection(job)
    }

    /// Refuses the queries waiting at backends that `backends.count` took away (after the
    /// balancer has stopped choosing them, so that retries go elsewhere).
    func refuseRemovedBackendsQueue(_ s: Int) {
        let count = services[s].backendCount
        for b in count..<Swift.max(count, services[s].backends.count) {
            while let j = jobs.popFirst(&services[s].backends[b].waiting) { refuseJob(j) }
        }
    }

    /// A waiting job whose backend went away: the connection is refused.
    func refuseJob(_ j: Int32) {
        let job = jobs[Int(j)]
        jobs.release(j)
        if job.probe {
            probeEnded(Int(job.service), Int(job.backend), serial: job.generation, ok: false)
            return
        }
        failWithoutConnection(job)
    }

    /// Query `job`, taken out of its backend's queue before it had a connection, fails: an
    /// error at the backend, and its attempt ends failed (if anyone still awaits it).
    private func failWithoutConnection(_ job: Job) {
        let s = Int(job.service)
        let b = Int(job.backend)
        services[s].backends[b].countError()
        if job.direct {
            attemptEnded(materialize(job), success: false)
            return
        }
        if frames.awaits(Int(job.call), .call, generation: job.generation) {
            attemptEnded(job.call, success: false)
        }
    }
}
