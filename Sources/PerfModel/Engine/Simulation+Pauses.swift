import SimKernel

/// Stop-the-world pauses of an instance's process (`gc.*`): every `gc.interval` after the
/// last pause ended, or after every `gc.every` requests the instance finished (the seed's
/// `GC.Collect()` every 10,000 records), the instance stops for `gc.pause`.
///
/// While it is paused nothing in it runs: a visit's own work is pushed back by the pause
/// time that passed while it ran; visits that arrive are held at the door; the events of
/// its visits (cache replies, query results, call replies, timeouts, backoffs) wait and are
/// handled, in order, when the pause ends. The database and the other services go on.
extension Simulation {
    /// Schedules the first timed pause of each instance that has none (instances staggered
    /// over the interval).
    func configurePauses(_ s: Int) {
        let c = services[s].config.gc
        guard c.enabled, c.every == 0 else { return }
        let n = services[s].instances.count
        for k in services[s].instances.indices where !services[s].instances[k].pauseScheduled {
            services[s].instances[k].pauseScheduled = true
            let offset = c.interval / SimTime(n) * SimTime(k + 1)
            scheduler.schedule(.pauseStart(Int16(s), Int16(k)), after: Swift.max(offset, 1))
        }
    }

    /// A timed pause is due.
    func timedPauseDue(_ s: Int, _ k: Int) {
        services[s].instances[k].pauseScheduled = false
        let c = services[s].config.gc
        guard c.enabled, c.every == 0 else { return }
        if services[s].instances[k].paused {
            // Already stopped (gc.every was on): the next timed one follows this pause.
            return
        }
        startPause(s, k)
    }

    /// Instance `k` of service `s` finished a request: with `gc.every`, maybe a pause now.
    @inline(__always)
    func countForPause(_ s: Int, _ k: Int) {
        let c = services[s].config.gc
        guard c.enabled, c.every > 0 else { return }
        services[s].instances[k].finishedSincePause += 1
        if services[s].instances[k].finishedSincePause >= c.every && !services[s].instances[k].paused {
            services[s].instances[k].finishedSincePause = 0
            startPause(s, k)
        }
    }

    func startPause(_ s: Int, _ k: Int) {
        let p = services[s].config.gc.pause
        services[s].instances[k].paused = true
        services[s].instances[k].pauseStart = now
        services[s].instances[k].pauseEnd = now + p
        pausedInstances += 1
        scheduler.schedule(.pauseEnd(Int16(s), Int16(k)), after: p)
        // One event a second at most, however often it pauses (gc.every = 1 pauses per
        // request): the log stays readable and the session small.
        services[s].instances[k].pausesUnreported += 1
        if services[s].instances[k].pauseReported < 0
            || now - services[s].instances[k].pauseReported >= Time.second
        {
            let n = services[s].instances[k].pausesUnreported
            let what = n == 1 ? "" : "; \(n) pauses since the last line"
            emit(
                ModelEvent(
                    t: Time.seconds(now), kind: .gcPause, service: eventService(s),
                    subject:
                        "\(services[s].name)#\(k + 1) stopped for "
                        + "\(KnobRegistry.spec(of: .gcPause).format(.number(Double(p))))\(what)"
                ))
            services[s].instances[k].pauseReported = now
            services[s].instances[k].pausesUnreported = 0
        }
    }

    /// The pause is over: what waited is handled in order, held visits come in, and the
    /// next timed pause is scheduled.
    func endPause(_ s: Int, _ k: Int) {
        guard services[s].instances[k].paused else { return }
        services[s].instances[k].paused = false
        services[s].instances[k].pausedBefore += now - services[s].instances[k].pauseStart
        pausedInstances -= 1
        let waiting = services[s].instances[k].deferred
        services[s].instances[k].deferred.removeAll(keepingCapacity: true)
        for e in waiting { handle(e) }
        let held = services[s].instances[k].held
        services[s].instances[k].held.removeAll(keepingCapacity: true)
        for v in held { admitToInstance(v) }
        pump(s, k)
        let c = services[s].config.gc
        if c.enabled && c.every == 0 && !services[s].instances[k].pauseScheduled {
            services[s].instances[k].pauseScheduled = true
            scheduler.schedule(.pauseStart(Int16(s), Int16(k)), after: c.interval)
        }
    }

    /// The paused instance whose visit an event belongs to, if any (the event must wait).
    func pausedOwner(of event: Event) -> (Int, Int)? {
        var v: Int32 = -1
        switch event {
        case .l1Reply(let x), .l2Reply(let x), .callResult(let x, _):
            v = x
        case .replyArrives(let x, let g):
            guard frames.generation[Int(x)] == g else { return nil }
            v = visitOfCall(frames.parent[Int(x)], generation: frames.parentGeneration[Int(x)])
        case .jobDone(let j):
            guard !jobs[Int(j)].probe else { return nil }
            if jobs[Int(j)].direct {
                // The visit it stands for is at this instance.
                let s = Int(jobs[Int(j)].service)
                let k = Int(jobs[Int(j)].instance)
                return services[s].instances[k].paused ? (s, k) : nil
            }
            v = visitOfCall(jobs[Int(j)].call, generation: jobs[Int(j)].generation)
        case .timeout(let c, let g), .retry(let c, let g):
            v = visitOfCall(c, generation: g)
        default:
            return nil
        }
        guard v >= 0, frames.kind[Int(v)] == .visit else { return nil }
        let s = Int(frames.service[Int(v)])
        let k = Int(frames.instance[Int(v)])
        return services[s].instances[k].paused ? (s, k) : nil
    }

    /// The visit that made call `c` (at its current generation, when one is given), or -1.
    func visitOfCall(_ c: Int32, generation g: UInt32? = nil) -> Int32 {
        guard c >= 0, frames.kind[Int(c)] == .call else { return -1 }
        if let g, frames.generation[Int(c)] != g { return -1 }
        let v = frames.parent[Int(c)]
        guard v >= 0, frames.kind[Int(v)] == .visit,
            frames.generation[Int(v)] == frames.parentGeneration[Int(c)]
        else { return -1 }
        return v
    }

    /// The visit's work came due: if its process paused while it ran, it needs that much
    /// longer (after the pause, if it is still on). Returns whether it was pushed back.
    @inline(__always)
    func workPushedBack(_ v: Int32) -> Bool {
        let i = Int(v)
        let s = Int(frames.service[i])
        let k = Int(frames.instance[i])
        let owed = services[s].instances[k].pauseTime(now: now) - frames.attemptStart[i]
        guard owed > 0 else { return false }
        if services[s].instances[k].paused {
            frames.attemptStart[i] =
                services[s].instances[k].pausedBefore
                + (services[s].instances[k].pauseEnd - services[s].instances[k].pauseStart)
            scheduler.schedule(.workDone(v), at: services[s].instances[k].pauseEnd + owed)
        } else {
            frames.attemptStart[i] = services[s].instances[k].pausedBefore
            scheduler.schedule(.workDone(v), after: owed)
        }
        return true
    }
}
