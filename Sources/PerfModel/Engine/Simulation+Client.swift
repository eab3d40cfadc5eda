import SimKernel

/// The client's flow: arrivals (open or closed), shedding past `load.max_in_flight`, each
/// try sent to an instance of the entry service, its deadline, the client's retries, and the
/// end-to-end accounting of every request.
extension Simulation {
    // MARK: arrivals

    func scheduleNextArrival() {
        guard client.config.open, !client.arrivalsStopped, client.config.arrivalMean > 0 else { return }
        let e = client.config.arrivalMean * client.arrivalRandom.nextExponential()
        let ramp = Double(client.config.ramp)
        let t0 = Double(now)
        if ramp > t0 {
            // A rate growing linearly to load.rate over the ramp, by inversion of its
            // cumulative intensity Λ(t) = λt²/(2R): the next arrival is where Λ has grown by
            // one unit exponential (e, here in mean gaps).
            let t = (t0 * t0 + 2 * ramp * e).squareRoot()
            if t <= ramp {
                client.nextArrival = Swift.max(now + 1, SimTime(t.rounded(.up)))
                return
            }
            let left = e - (ramp * ramp - t0 * t0) / (2 * ramp)
            client.nextArrival = Swift.max(now + 1, SimTime((ramp + left).rounded(.up)))
            return
        }
        client.nextArrival = now + Time.ns(e)
    }

    /// The closed model's user `u` comes (back): at once, or where the ramp-up lets it in.
    func startUser(_ u: Int32) {
        let ramp = client.config.ramp
        let users = client.config.users
        if ramp > 0 && users > 0 {
            let at = SimTime(Double(ramp) * Double(u) / Double(users))
            if at > now {
                scheduler.schedule(.userReady(u), at: at)
                return
            }
        }
        scheduleUser(u)
    }

    // MARK: batches

    /// `load.model=batch`: `load.batch` requests start together; the next batch starts
    /// `load.think` after the last of them finished (the seed's ProcessInBatchesAsync).
    func startBatch() {
        client.batchScheduled = false
        guard client.config.batch, !client.arrivalsStopped, client.batchOpen == 0 else { return }
        client.batchStarted = now
        let n = client.config.batchSize
        // One extra count while the batch starts: requests that end at once cannot start
        // the next batch from inside this loop.
        client.batchOpen = n + 1
        for _ in 0..<n { arrive(user: Client.batchUser) }
        batchRequestEnded()
    }

    func batchRequestEnded() {
        client.batchOpen -= 1
        guard client.batchOpen == 0 else { return }
        scheduleBatch()
    }

    func scheduleBatch() {
        guard client.config.batch, !client.arrivalsStopped, !client.batchScheduled, client.batchOpen == 0
        else {
            return
        }
        client.batchScheduled = true
        let mean = client.config.thinkMean
        var gap = mean > 0 ? Time.ns(mean * client.thinkRandom.nextExponential()) : 0
        // A batch that ended the moment it started (every request refused) waits a little,
        // so that time moves on.
        if now == client.batchStarted && mean == 0 { gap = Client.minimumCycle }
        scheduler.schedule(.batchReady, after: gap)
    }

    /// User `u` thinks, then sends its next request (`instant`: its last one ended the
    /// moment it was sent, so with no think time it waits ``Client/minimumCycle``).
    func scheduleUser(_ u: Int32, instant: Bool = false) {
        guard !client.arrivalsStopped else { return }
        let mean = client.config.thinkMean
        var gap = mean > 0 ? Time.ns(mean * client.thinkRandom.nextExponential()) : 0
        if instant && mean == 0 { gap = Client.minimumCycle }
        scheduler.schedule(.userReady(u), after: gap)
    }

    /// Users parked by shedding try again (each tick, and one per request that finishes).
    func wakeParkedUsers(_ n: Int) {
        var n = n
        while n > 0, let u = client.parked.popFirst() {
            scheduleUser(u)
            n -= 1
        }
    }

    /// A request arrives (from user `user`, or -1 in the open model).
    func arrive(user: Int32) {
        let t = now
        let counted = t >= statsStart
        if client.inSystem >= client.config.maxInFlight || atWorkLimit {
            shed(user: user, counted: counted)
            return
        }
        // An episode ends once the load is well under the limit (10% of hysteresis, so that
        // a load hovering at the limit makes one episode, not one per arrival).
        if client.shedding && client.inSystem * 10 < client.config.maxInFlight * 9
            && liveWork * 10 < workLimit * 9
        {
            client.shedding = false
            emit(ModelEvent(t: Time.seconds(t), kind: .shedEnded, subject: "client"))
        }
        var f: FrameTable.Flags = []
        let key = client.nextKey()
        if client.config.writeRatio > 0 && client.writeRandom.nextUnit() < client.config.writeRatio {
            f.insert(.write)
        }
        if counted {
            f.insert(.counted)
            client.total.offered &+= 1
        }
        client.interval.offered &+= 1
        let r = frames.allocate(.request, flags: f)
        let i = Int(r)
        frames.arrival[i] = t
        frames.user[i] = user
        frames.key[i] = key
        client.accountInSystem(now: t)
        client.inSystem += 1
        clientAttempt(r)
    }

    /// Too much is open: the arrival is turned away before it costs anything.
    func shed(user: Int32, counted: Bool) {
        client.interval.offered &+= 1
        client.interval.dropped &+= 1
        client.interval.shed &+= 1
        if counted {
            client.total.offered &+= 1
            client.total.dropped &+= 1
            client.total.shed &+= 1
        }
        if !client.shedding {
            client.shedding = true
            emit(
                ModelEvent(
                    t: Time.seconds(now), kind: .shedding,
                    subject:
                        "\(client.inSystem) requests open (load.max_in_flight \(client.config.maxInFlight))"))
        }
        if user >= 0 {
            client.parked.append(user)
        } else if user == Client.batchUser {
            batchRequestEnded()
        }
    }

    // MARK: tries

    /// One try of request `r`: a visit to an instance of the entry service, with the
    /// client's deadline.
    func clientAttempt(_ r: Int32) {
        let i = Int(r)
        frames.attempts[i] += 1
        if frames.attempts[i] > 1 {
            client.interval.retried &+= 1
            if frames.flags[i].contains(.counted) { client.total.retried &+= 1 }
        }
        frames.generation[i] &+= 1
        let g = frames.generation[i]
        frames.attemptStart[i] = now
        if frames.attempts[i] > 1 && atWorkLimit {
            // The model holds all it may (the tries this request and others abandoned are
            // still being worked on): the retry is dropped at the door, as an arrival would
            // be shed, and the client tries again later or gives up.
            clientRetryOrFinish(r, .dropped)
            return
        }
        frames.flags[i].insert(.awaiting)
        if client.config.timeout > 0 {
            scheduleTimer(.deadline(r, g), after: client.config.timeout, lane: client.deadlineLane)
        }
        let e = topology.entry
        let instance = nextEntryInstance()
        if directEntry && directAttempt(r, generation: g, instance: instance) { return }
        let v = newVisit(
            service: e, instance: instance, caller: -1, parent: r, parentGeneration: g, from: frames.flags[i],
            key: frames.key[i])
        frames.child[i] = v
        reachInstance(v)
    }

    /// The entry instance for the next try: round robin over the instances in service.
    func nextEntryInstance() -> Int {
        let e = topology.entry
        let n = services[e].activeInstances
        if n <= 1 { return 0 }
        let k = client.entryCursor % n
        client.entryCursor = k + 1
        return k
    }

    /// The try's deadline passed: the client stops waiting (the services go on), and tries
    /// again or gives up.
    func deadlinePassed(_ r: Int32, generation g: UInt32) {
        let i = Int(r)
        guard frames.awaits(i, .request, generation: g)
        else { return }
        frames.flags[i].remove(.awaiting)
        clientRetryOrFinish(r, .timedOut)
    }

    /// The entry service replied to try `g` of request `r`.
    func clientReplied(_ r: Int32, generation g: UInt32, _ outcome: Outcome, counted: Bool) {
        let i = Int(r)
        guard frames.awaits(i, .request, generation: g)
        else {
            // The client had left: the entry service worked for nobody (counted at it, as a
            // callee's visit for a caller that stopped waiting is counted at the callee).
            let e = topology.entry
            services[e].interval.wastedVisits &+= 1
            if counted { services[e].total.wastedVisits &+= 1 }
            return
        }
        frames.flags[i].remove(.awaiting)
        if outcome == .succeeded {
            clientDone(r, .succeeded)
        } else {
            clientRetryOrFinish(r, outcome)
        }
    }

    func clientRetryOrFinish(_ r: Int32, _ outcome: Outcome) {
        let i = Int(r)
        if Int(frames.attempts[i]) <= client.config.retries {
            frames.generation[i] &+= 1
            scheduler.schedule(
                .clientRetry(r, frames.generation[i]), after: client.config.retryDelay, lane: client.retryLane
            )
        } else {
            clientDone(r, outcome)
        }
    }

    /// Request `r` ends: its end-to-end outcome and latency, then its user thinks again.
    func clientDone(_ r: Int32, _ outcome: Outcome) {
        let i = Int(r)
        let counted = frames.flags[i].contains(.counted)
        let lat = now - frames.arrival[i]
        switch outcome {
        case .succeeded:
            client.interval.succeeded &+= 1
            client.latency.record(lat, counted: counted)
            let e = client.config.expectedInterval
            if e > 0 {
                // HdrHistogram's recordValueWithExpectedInterval: the requests a user would
                // have sent while this one was stuck, each with what it would have waited.
                client.corrected.record(lat, counted: counted)
                var missing = lat - e
                while missing >= e {
                    client.corrected.record(missing, counted: counted)
                    missing -= e
                }
            }
            latencyProbe?(lat)
            if counted { client.total.succeeded &+= 1 }
        case .failed:
            client.interval.failed &+= 1
            if counted { client.total.failed &+= 1 }
        case .timedOut:
            client.interval.timedOut &+= 1
            if counted { client.total.timedOut &+= 1 }
        case .rejected:
            client.interval.rejected &+= 1
            if counted { client.total.rejected &+= 1 }
        case .dropped:
            client.interval.dropped &+= 1
            if counted { client.total.dropped &+= 1 }
        }
        client.accountInSystem(now: now)
        client.inSystem -= 1
        let u = frames.user[i]
        frames.release(r)
        if u >= 0 {
            scheduleUser(u, instant: lat == 0)
        } else if u == Client.batchUser {
            batchRequestEnded()
        }
        if !client.parked.isEmpty { wakeParkedUsers(1) }
    }
}
