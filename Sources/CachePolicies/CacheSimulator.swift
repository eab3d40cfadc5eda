import SimKernel

/// The result of running one policy at one size over a trace.
public struct SimulationResult: Sendable, Equatable {
    public let policy: CachePolicyName
    /// The capacity, in entries.
    public let size: Int
    public let hits: Int
    public let misses: Int
    /// Wall-clock time of the simulation (building the cache and replaying the trace; not
    /// reading it), measured on a monotonic clock.
    public let wallSeconds: Double

    public init(policy: CachePolicyName, size: Int, hits: Int, misses: Int, wallSeconds: Double) {
        self.policy = policy
        self.size = size
        self.hits = hits
        self.misses = misses
        self.wallSeconds = wallSeconds
    }

    public var requests: Int { hits + misses }
    /// Misses over requests (0 for an empty trace).
    public var missRatio: Double { requests == 0 ? 0 : Double(misses) / Double(requests) }
    public var requestsPerSecond: Double { wallSeconds > 0 ? Double(requests) / wallSeconds : 0 }
}

/// Replays traces through cache policies. The cache starts empty and every request
/// counts, as in libCacheSim's `process_trace`.
public enum CacheSimulator {
    /// Replays `keys` through `policy` (libCacheSim `get` per request): hits and misses.
    /// Generic, so the loop is specialised for each policy type.
    @inlinable
    public static func replay<P: EvictionPolicy>(_ keys: UnsafeBufferPointer<UInt64>, through policy: inout P)
        -> (hits: Int, misses: Int)
    {
        var hits = 0
        for k in keys where policy.access(k) { hits &+= 1 }
        return (hits, keys.count - hits)
    }

    /// Runs policy `name` with `size` entries (at least 1) over `keys`, timing it; `seed`
    /// drives `random`. Belady is supported here (it reads the whole trace first).
    public static func run(_ name: CachePolicyName, size: Int, keys: [UInt64], seed: UInt64 = 42)
        -> SimulationResult
    {
        keys.withUnsafeBufferPointer { run(name, size: size, keys: $0, seed: seed) }
    }

    /// Runs policy `name` with `size` entries (at least 1) over `keys`, timing it.
    public static func run(
        _ name: CachePolicyName, size: Int, keys: UnsafeBufferPointer<UInt64>, seed: UInt64 = 42
    ) -> SimulationResult {
        precondition(size >= 1, "size must be at least 1")
        let clock = ContinuousClock()
        let start = clock.now
        let counts: (hits: Int, misses: Int)
        switch name {
        case .lru: var p = LRUPolicy(capacity: size); counts = replay(keys, through: &p)
        case .fifo: var p = FIFOPolicy(capacity: size); counts = replay(keys, through: &p)
        case .lfu: var p = LFUPolicy(capacity: size); counts = replay(keys, through: &p)
        case .clock: var p = ClockPolicy(capacity: size); counts = replay(keys, through: &p)
        case .sieve: var p = SievePolicy(capacity: size); counts = replay(keys, through: &p)
        case .s3fifo: var p = S3FIFOPolicy(capacity: size); counts = replay(keys, through: &p)
        case .arc: var p = ARCPolicy(capacity: size); counts = replay(keys, through: &p)
        case .twoq: var p = TwoQPolicy(capacity: size); counts = replay(keys, through: &p)
        case .wtinylfu: var p = WTinyLFUPolicy(capacity: size); counts = replay(keys, through: &p)
        case .random: var p = RandomPolicy(capacity: size, seed: seed); counts = replay(keys, through: &p)
        case .belady: counts = BeladySimulator.simulate(keys: keys, capacity: size)
        }
        let seconds = Time.seconds(clock.now - start)
        return SimulationResult(
            policy: name, size: size, hits: counts.hits, misses: counts.misses, wallSeconds: seconds)
    }
}
