import DequeModule
import SimKernel

/// One service of a topology: a composition of stages, walked in a fixed order.
///
/// A request reaching the service becomes a visit at one of its instances and passes, in
/// order: the ingress channel and its workers (``Ingress``), the bulkhead, the worker's own
/// time (`work.time`), the cache tier (L1 per instance, L2 shared, single flight,
/// write-behind), then the call plan (``CallPlan``), each call through the service's
/// ``Upstream`` for its target: the service's own database (``Backend``s behind their
/// pools) or another service's instances. A visit leaves through the exits of the stages it
/// entered, innermost first. The engine (``Simulation``) routes visits and calls between
/// services; the stages own their state.
struct Service: ~Copyable {
    let index: Int
    let name: String
    var config: ServiceConfig
    /// The plan as written, or nil for the default (one query when the service has a
    /// database).
    let declaredPlan: CallPlan?
    /// Every call of the plan in order (a call's index is its place here), the index of
    /// each step's first call (with one more entry: the end), and each call's upstream.
    var calls: [CallPlan.Call] = []
    var stepStart: [Int] = [0]
    var upstreamOfCall: [Int] = []

    /// Steps of the plan in force: the default plan (one query) runs only while the service
    /// has a database.
    var stepsInForce: Int {
        declaredPlan == nil && !config.dbEnabled ? 0 : stepStart.count - 1
    }

    var instances = Slots<Instance>(reserve: 1)
    /// Instances configured now (`instances`); those beyond are retired.
    var activeInstances = 0
    var l2 = CacheLevel()
    var backends = Slots<Backend>(reserve: KnobRegistry.maxBackends)
    var backendCount = 0
    var upstreams = Slots<Upstream>(reserve: 1)

    /// Write-behind: keys waiting for a background flush, and the flushes under way.
    var behindQueue = Deque<BehindWrite>()
    var behindActive = 0
    var pumpingBehind = false

    var workRandom: RandomStream
    var planRandom: RandomStream
    /// The scheduler's lanes for the service's fixed delays (``Scheduler/makeLane()``).
    var lanes = ServiceLanes()

    /// Counts since statistics started and since the last tick (one rule: a count belongs
    /// to the request that caused it, counted in the summary when that request arrived
    /// after the warm-up).
    var total = Counters()
    var interval = Counters()
    /// Time inside the service (arrival at an instance to reply), of visits that succeeded.
    var latency = LatencyRecorder()
    /// Queries that started without waiting for a connection, and that waited.
    var jobsImmediate: UInt64 = 0
    var jobsWaited: UInt64 = 0

    init(index: Int, name: String, plan: CallPlan?, config: ServiceConfig, streams: StreamNames, seed: UInt64)
    {
        self.index = index
        self.name = name
        self.declaredPlan = plan
        self.config = config
        workRandom = RandomStream(seed: seed, stream: streams.name("work"))
        planRandom = RandomStream(seed: seed, stream: streams.name("plan"))
    }

    /// Time integrals of the workers of every instance: (busy, available) worker·ns.
    var workerAreas: (busy: Double, workers: Double) {
        var b = 0.0
        var w = 0.0
        for i in instances.indices {
            b += instances[i].ingress.busyArea
            w += instances[i].ingress.workerArea
        }
        return (b, w)
    }
}

/// A write waiting in a service's write-behind queue.
struct BehindWrite {
    var key: UInt64
    var counted: Bool
}

/// How a component's random stream is named: its own name in a topology of one service (so
/// that today's sessions re-simulate), `SERVICE/NAME` in a topology of several.
struct StreamNames {
    var prefix: String

    init(service: String, single: Bool) {
        prefix = single ? "" : service + "/"
    }

    func name(_ s: String) -> String { prefix + s }
}

/// A service's events that come due a fixed delay after they are scheduled, each kind in a
/// lane of the scheduler of its own: call timeouts, acquire timeouts, L1 and L2 replies, and
/// visits and replies over its network.
struct ServiceLanes {
    var timeout = 0
    var acquire = 0
    var l1 = 0
    var l2 = 0
    var net = 0
}
