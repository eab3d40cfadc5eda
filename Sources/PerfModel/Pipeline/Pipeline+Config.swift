import SimKernel

extension Pipeline {
    /// Reads every knob into the model's working state.
    func configureAll() {
        configureLoad()
        configureBackends()
        timeout = knobs.time("timeout")
        retryMax = knobs.int("retry.max")
    }

    /// Changes one knob now. The change takes effect at the current simulated time, so a
    /// run with the same seed and the same changes at the same times gives the same numbers.
    public func set(_ name: String, _ value: KnobValue) throws {
        try knobs.set(name, value)
        apply(name)
    }

    /// Changes one knob from user text (`KNOB`, `VALUE`).
    public func set(_ name: String, text: String) throws {
        var k = knobs
        let v = try k.set(name, text: text)
        try set(name, v)
    }

    func apply(_ name: String) {
        switch name {
        case "load.model", "load.rate", "load.users", "load.think", "load.write_ratio":
            configureLoad()
        case "keys.count", "keys.distribution", "keys.zipf", "keys.trace":
            if let k = try? KeySource(knobs: knobs) { keys = k }
        case "timeout":
            timeout = knobs.time("timeout")
        case "retry.max":
            retryMax = knobs.int("retry.max")
        default:
            if name.hasPrefix("db.") || name.hasPrefix("backend") {
                configureBackends()
            }
        }
    }

    func configureLoad() {
        let wasOpen = openModel
        openModel = knobs.text("load.model") != "closed"
        let rate = knobs.number("load.rate")
        arrivalMean = rate > 0 ? 1e9 / rate : 0
        thinkMean = knobs.number("load.think")
        writeRatio = knobs.number("load.write_ratio")
        if openModel {
            // Memoryless arrivals: restarting the chain at a rate change is exact.
            arrivalGeneration &+= 1
            scheduleNextArrival()
            activeUsers = 0
        } else {
            if wasOpen { arrivalGeneration &+= 1 }
            let users = knobs.int("load.users")
            if users > activeUsers {
                for u in activeUsers..<users { scheduleUser(Int32(u)) }
            }
            activeUsers = users
        }
    }

    func configureBackends() {
        let count = knobs.int("backends.count")
        let weights = knobs["backends.weights"].list
        let mean = knobs.number("db.service")
        let kind = Distribution.Kind(rawValue: knobs.text("db.distribution")) ?? .exponential
        let dist = Distribution(kind: kind, mean: mean, cv: knobs.number("db.cv"))
        let pool = knobs.int("db.pool")
        let err = knobs.number("db.error_rate")
        while backends.count < count {
            backends.append(Backend(index: backends.count, pool: pool, service: dist, errorRate: err, seed: seed))
            backends[backends.count - 1].lastChange = now
        }
        backendCount = count
        for b in backends.indices {
            backends[b].account(now: now)
            backends[b].service = dist
            backends[b].errorRate = err
            backends[b].pool = b < count ? pool : 0
            backends[b].weight = b < weights.count ? Int(weights[b]) : 1
            backends[b].down = knobs.flag("backend.\(b + 1).down")
            backends[b].slowdown = knobs.number("backend.\(b + 1).slowdown")
            while backends[b].busy < backends[b].pool, let next = backends[b].waiting.popFirst() {
                startJob(next)
            }
        }
    }

    /// The backend for the next attempt.
    func pickBackend() -> Int? {
        guard backendCount > 0 else { return nil }
        let b = rrNext % backendCount
        rrNext = b + 1
        return b
    }

    func unejectionDue(_ b: Int) {}
}
