import SimKernel

/// Active health checks of a service's database backends (`health.*`): a probe query per
/// backend through its pool, every `health.interval` after the last one ended; a probe
/// fails on an error, a refused connection or no answer within `health.timeout`. A backend
/// that ``HealthCheck`` marks unhealthy leaves the balancer's rotation, unless too few are
/// left and the balancer panics (Envoy's panic threshold).
extension Simulation {
    /// Starts probing backends that have none scheduled (checks switched on, backends
    /// added); with checks off, every backend is healthy again.
    func configureHealth(_ s: Int) {
        let c = services[s].config.health
        let n = services[s].backendCount
        for b in services[s].backends.indices {
            if c.enabled && b < n {
                guard !services[s].backends[b].probeScheduled && !services[s].backends[b].probeOut else {
                    continue
                }
                services[s].backends[b].probeScheduled = true
                // Staggered over the first interval, so the probes do not all land at once.
                let offset = c.interval / SimTime(n) * SimTime(b + 1)
                scheduler.schedule(.healthProbe(Int16(s), Int16(b)), after: Swift.max(offset, 1))
            } else if services[s].backends[b].health.status != .healthy {
                services[s].backends[b].health.reset()
                setHealth(s, b, .healthy)
            }
        }
    }

    /// Backend `b`'s probe is due: a query through its pool, with a timeout.
    func probeDue(_ s: Int, _ b: Int) {
        guard services[s].config.health.enabled, b < services[s].backendCount else {
            services[s].backends[b].probeScheduled = false
            return
        }
        let serial = services[s].backends[b].sendProbe(now: now)
        scheduler.schedule(
            .healthTimeout(Int16(s), Int16(b), serial), after: services[s].config.health.timeout)
        if services[s].backends[b].down || !services[s].config.dbEnabled {
            probeEnded(s, b, serial: serial, ok: false)
            return
        }
        let j = allocateJob(
            Job(
                call: -1, generation: serial, service: Int16(s), backend: Int16(b), counted: false,
                enqueued: now,
                probe: true))
        if services[s].backends[b].canStart {
            startJob(j)
        } else {
            jobs.append(j, to: &services[s].backends[b].waiting)
        }
    }

    /// Probe `serial` of backend `b` answered (`ok`), failed or timed out; a later answer to
    /// a probe already timed out is ignored.
    func probeEnded(_ s: Int, _ b: Int, serial: UInt32, ok: Bool) {
        guard let latency = services[s].backends[b].probeReturned(serial, now: now) else { return }
        if let status = services[s].backends[b].health.record(
            latency: ok ? latency : nil, config: services[s].config.health.check)
        {
            setHealth(s, b, status)
        }
        guard services[s].config.health.enabled, b < services[s].backendCount,
            !services[s].backends[b].probeScheduled
        else { return }
        services[s].backends[b].probeScheduled = true
        scheduler.schedule(.healthProbe(Int16(s), Int16(b)), after: services[s].config.health.interval)
    }

    /// Backend `b`'s status is now `status`: the balancer of the database follows it.
    func setHealth(_ s: Int, _ b: Int, _ status: HealthCheck.Status) {
        let unhealthy = status == .unhealthy
        let name = services[s].backends[b].name
        emit(
            ModelEvent(
                t: Time.seconds(now), kind: .health, service: eventService(s),
                subject: "\(name) \(status.rawValue)"))
        // Upstream 0 is the service's database (buildUpstreams).
        guard services[s].upstreams[0].unhealthy[b] != unhealthy else { return }
        services[s].upstreams[0].unhealthy[b] = unhealthy
        services[s].upstreams[0].refreshEligibility(b)
        notePanic(s, 0)
    }

    /// Reports a backend's pool running dry (every connection leaked) and coming back.
    func notePool(_ s: Int, _ b: Int) {
        let dry =
            services[s].backends[b].pool > 0 && services[s].backends[b].leaked >= services[s].backends[b].pool
        guard dry != services[s].backends[b].dry else { return }
        services[s].backends[b].dry = dry
        let name = services[s].backends[b].name
        let subject =
            dry
            ? "\(name): all \(services[s].backends[b].pool) connections leaked"
            : "\(name): \(services[s].backends[b].pool - services[s].backends[b].leaked) connections free to "
                + "use"
        emit(
            ModelEvent(
                t: Time.seconds(now), kind: dry ? .poolExhausted : .poolRecovered, service: eventService(s),
                subject: subject))
    }
}
