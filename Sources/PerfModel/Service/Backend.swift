import SimKernel

/// A database behind a pool of connections: a multi-server FIFO queue.
///
/// A job (one attempt of one request) takes a free connection at once or waits in FIFO
/// order for one; its service time is drawn from the backend's distribution and multiplied
/// by the injected slowdown. With exponential service and `pool` = c this is the M/M/c
/// server of queueing theory.
struct Backend {
    let index: Int
    var pool: Int
    var busy = 0
    /// Queries waiting for a connection, first come first served.
    var waiting = JobQueue()
    var down = false
    /// `backend.N.pause`: starts no query while on.
    var paused = false
    var slowdown = 1.0
    var weight = 1
    var service: Distribution
    var errorRate: Double
    /// `db.leak`, and the connections leaked so far (never given back).
    var leak = 0.0
    var leaked = 0
    /// Whether the pool's running dry has been reported (`pool_exhausted`).
    var dry = false
    /// Active health checking (`health.*`): the status, and the probe out now (its serial,
    /// when it started), and whether the next one is scheduled.
    var health = HealthCheck()
    var probeSerial: UInt32 = 0
    var probeOut = false
    var probeStart: SimTime = 0
    var probeScheduled = false
    var serviceRandom: RandomStream
    var errorRandom: RandomStream
    var leakRandom: RandomStream
    /// Counters since the run's statistics started, and since the last tick.
    var total = BackendCounters()
    var interval = BackendCounters()
    var lastChange: SimTime = 0

    init(index: Int, pool: Int, service: Distribution, errorRate: Double, seed: UInt64, streams: StreamNames)
    {
        self.index = index
        self.pool = pool
        self.service = service
        self.errorRate = errorRate
        serviceRandom = RandomStream(seed: seed, stream: streams.name("db-\(index + 1)-service"))
        errorRandom = RandomStream(seed: seed, stream: streams.name("db-\(index + 1)-errors"))
        leakRandom = RandomStream(seed: seed, stream: streams.name("db-\(index + 1)-leak"))
    }

    var name: String { "db-\(index + 1)" }

    // MARK: entry and exit

    /// Whether a query can take a connection now: one is free and the backend is not paused.
    var canStart: Bool { busy < pool && !paused }

    /// A query is sent here (whether it then runs, waits or is refused).
    @inline(__always)
    mutating func countRequest() {
        total.requests &+= 1
        interval.requests &+= 1
    }

    /// A query failed here: its error (`db.error_rate`), a refused connection, or no
    /// connection in time.
    @inline(__always)
    mutating func countError() {
        total.errors &+= 1
        interval.errors &+= 1
    }

    /// Entry: a query that has waited since `enqueued` takes a connection at `now`. Returns
    /// how long it runs (ns): a draw of the service time, times the injected slowdown.
    @inline(__always)
    mutating func start(now: SimTime, enqueued: SimTime) -> Double {
        account(now: now)
        busy += 1
        let wait = Double(now - enqueued)
        if wait > 0 {
            total.waited &+= 1
            interval.waited &+= 1
            total.waitTime += wait
            interval.waitTime += wait
        }
        let d = service.sample(using: &serviceRandom)
        return slowdown != 1 ? d * slowdown : d
    }

    /// Exit: a query ends at `now` and gives its connection back; or, with `db.leak`, never
    /// does: then it returns true, and the pool is one connection smaller from now on.
    @inline(__always)
    mutating func end(now: SimTime) -> Bool {
        account(now: now)
        if leak > 0 && leakRandom.nextUnit() < leak {
            leaked += 1
            return true
        }
        busy -= 1
        return false
    }

    /// Whether the query that just ended failed (`db.error_rate`).
    @inline(__always)
    mutating func drawError() -> Bool {
        errorRate > 0 && errorRandom.nextUnit() < errorRate
    }

    // MARK: health checks

    /// A health check's probe goes out at `now` (the one due has come); returns its serial.
    mutating func sendProbe(now: SimTime) -> UInt32 {
        probeScheduled = false
        probeSerial &+= 1
        probeOut = true
        probeStart = now
        return probeSerial
    }

    /// Probe `serial` ended at `now` (answered, failed or timed out): how long it took, or
    /// nil when it is not the probe out (a later answer to one already timed out).
    mutating func probeReturned(_ serial: UInt32, now: SimTime) -> SimTime? {
        guard probeOut, probeSerial == serial else { return nil }
        probeOut = false
        return now - probeStart
    }

    /// Accumulates busy and pool areas up to `now` (call before busy or pool changes). The
    /// pool counted holds the connections that exist: one shrunk below its busy connections
    /// keeps them until their queries end, so utilisation never exceeds 1.
    @inline(__always)
    mutating func account(now: SimTime) {
        let dt = Double(now &- lastChange)
        if dt > 0 {
            let b = Double(busy) * dt
            let p = Double(Swift.max(pool, busy)) * dt
            total.busyArea += b
            interval.busyArea += b
            total.poolArea += p
            interval.poolArea += p
        }
        lastChange = now
    }
}

/// A backend's work item: one attempt of one call to a service's database.
///
/// (Its fields are ordered widest first: it is written whole for every query.)
struct Job {
    var enqueued: SimTime
    /// What the visit and call frames of a direct job (``direct``) would hold: the key.
    var key: UInt64 = 0
    /// The call frame, and its generation when the attempt started (a reply to an older
    /// generation is work done for nobody). A direct job (``direct``) names the client's
    /// request frame and its generation instead.
    var call: Int32
    var generation: UInt32
    /// A serial number, so that an acquire timeout finds the job it was set for.
    var serial: UInt32 = 0
    /// Links of the backend's queue of jobs waiting for a connection (``JobQueue``).
    var prev: Int32 = -1
    var next: Int32 = -1
    var service: Int16
    var backend: Int16
    /// What the visit frame of a direct job would hold: the instance.
    var instance: Int16 = 0
    /// Whether its request counts in the summary.
    var counted: Bool
    /// Set when it takes a connection.
    var started = false
    /// Whether it waits in its backend's queue now.
    var queued = false
    /// A health check's probe query (`generation` is the probe's serial; no call).
    var probe = false
    /// A query sent by direct dispatch (``Simulation/directAttempt(_:generation:instance:)``):
    /// no visit or call frame stands between it and the request.
    var direct = false

    init(
        call: Int32, generation: UInt32, service: Int16, backend: Int16, counted: Bool, enqueued: SimTime,
        probe: Bool = false, direct: Bool = false, instance: Int16 = 0, key: UInt64 = 0
    ) {
        self.call = call
        self.generation = generation
        self.service = service
        self.backend = backend
        self.counted = counted
        self.enqueued = enqueued
        self.probe = probe
        self.direct = direct
        self.instance = instance
        self.key = key
    }
}
