/// A policy chosen at run time (for the simulated pipeline's caches): one of the concrete
/// policies, each held in a box of its own behind a switch.
///
/// The box lets every call mutate the policy in place through one reference: no payload is
/// moved in or out of the enum, nothing is copied and nothing is allocated per call. It is a
/// handle: copies of an `AnyEvictionPolicy` share one cache (the pipeline owns each of its
/// caches through exactly one). The concrete policy structs keep value semantics.
public struct AnyEvictionPolicy: EvictionPolicy {
    /// A mutable home for one concrete policy.
    @usableFromInline
    final class Box<P: EvictionPolicy> {
        @usableFromInline var policy: P
        @usableFromInline init(_ policy: P) { self.policy = policy }
    }

    @usableFromInline
    enum Storage {
        case lru(Box<LRUPolicy>)
        case fifo(Box<FIFOPolicy>)
        case lfu(Box<LFUPolicy>)
        case clock(Box<ClockPolicy>)
        case sieve(Box<SievePolicy>)
        case s3fifo(Box<S3FIFOPolicy>)
        case arc(Box<ARCPolicy>)
        case twoq(Box<TwoQPolicy>)
        case wtinylfu(Box<WTinyLFUPolicy>)
        case random(Box<RandomPolicy>)
    }

    @usableFromInline var storage: Storage
    /// The policy's name.
    public let name: CachePolicyName

    /// A new empty cache of `capacity` entries (at least 1) run by policy `name`; `seed`
    /// drives `random`'s choices. Throws ``CachePolicyError/offlineOnly`` for `belady`,
    /// which needs the future and exists only for traces.
    public init(_ name: CachePolicyName, capacity: Int, seed: UInt64 = 42) throws(CachePolicyError) {
        guard capacity >= 1 else { throw .invalidCapacity(capacity) }
        self.name = name
        switch name {
        case .lru: storage = .lru(Box(LRUPolicy(capacity: capacity)))
        case .fifo: storage = .fifo(Box(FIFOPolicy(capacity: capacity)))
        case .lfu: storage = .lfu(Box(LFUPolicy(capacity: capacity)))
        case .clock: storage = .clock(Box(ClockPolicy(capacity: capacity)))
        case .sieve: storage = .sieve(Box(SievePolicy(capacity: capacity)))
        case .s3fifo: storage = .s3fifo(Box(S3FIFOPolicy(capacity: capacity)))
        case .arc: storage = .arc(Box(ARCPolicy(capacity: capacity)))
        case .twoq: storage = .twoq(Box(TwoQPolicy(capacity: capacity)))
        case .wtinylfu: storage = .wtinylfu(Box(WTinyLFUPolicy(capacity: capacity)))
        case .random: storage = .random(Box(RandomPolicy(capacity: capacity, seed: seed)))
        case .belady: throw .offlineOnly(name)
        }
    }

    /// Same as the throwing initialiser, from a policy's name as typed (`"lru"`).
    public init(named text: String, capacity: Int, seed: UInt64 = 42) throws(CachePolicyError) {
        guard let name = CachePolicyName(rawValue: text) else { throw .unknownPolicy(text) }
        try self.init(name, capacity: capacity, seed: seed)
    }

    public var capacity: Int {
        switch storage {
        case .lru(let b): return b.policy.capacity
        case .fifo(let b): return b.policy.capacity
        case .lfu(let b): return b.policy.capacity
        case .clock(let b): return b.policy.capacity
        case .sieve(let b): return b.policy.capacity
        case .s3fifo(let b): return b.policy.capacity
        case .arc(let b): return b.policy.capacity
        case .twoq(let b): return b.policy.capacity
        case .wtinylfu(let b): return b.policy.capacity
        case .random(let b): return b.policy.capacity
        }
    }

    public var count: Int {
        switch storage {
        case .lru(let b): return b.policy.count
        case .fifo(let b): return b.policy.count
        case .lfu(let b): return b.policy.count
        case .clock(let b): return b.policy.count
        case .sieve(let b): return b.policy.count
        case .s3fifo(let b): return b.policy.count
        case .arc(let b): return b.policy.count
        case .twoq(let b): return b.policy.count
        case .wtinylfu(let b): return b.policy.count
        case .random(let b): return b.policy.count
        }
    }

    public func contains(_ key: UInt64) -> Bool {
        switch storage {
        case .lru(let b): return b.policy.contains(key)
        case .fifo(let b): return b.policy.contains(key)
        case .lfu(let b): return b.policy.contains(key)
        case .clock(let b): return b.policy.contains(key)
        case .sieve(let b): return b.policy.contains(key)
        case .s3fifo(let b): return b.policy.contains(key)
        case .arc(let b): return b.policy.contains(key)
        case .twoq(let b): return b.policy.contains(key)
        case .wtinylfu(let b): return b.policy.contains(key)
        case .random(let b): return b.policy.contains(key)
        }
    }

    @inlinable
    public mutating func access(_ key: UInt64) -> Bool {
        switch storage {
        case .lru(let b): return b.policy.access(key)
        case .fifo(let b): return b.policy.access(key)
        case .lfu(let b): return b.policy.access(key)
        case .clock(let b): return b.policy.access(key)
        case .sieve(let b): return b.policy.access(key)
        case .s3fifo(let b): return b.policy.access(key)
        case .arc(let b): return b.policy.access(key)
        case .twoq(let b): return b.policy.access(key)
        case .wtinylfu(let b): return b.policy.access(key)
        case .random(let b): return b.policy.access(key)
        }
    }

    @inlinable
    public mutating func lookup(_ key: UInt64) -> Bool {
        switch storage {
        case .lru(let b): return b.policy.lookup(key)
        case .fifo(let b): return b.policy.lookup(key)
        case .lfu(let b): return b.policy.lookup(key)
        case .clock(let b): return b.policy.lookup(key)
        case .sieve(let b): return b.policy.lookup(key)
        case .s3fifo(let b): return b.policy.lookup(key)
        case .arc(let b): return b.policy.lookup(key)
        case .twoq(let b): return b.policy.lookup(key)
        case .wtinylfu(let b): return b.policy.lookup(key)
        case .random(let b): return b.policy.lookup(key)
        }
    }

    @discardableResult
    @inlinable
    public mutating func insert(_ key: UInt64) -> UInt64? {
        switch storage {
        case .lru(let b): return b.policy.insert(key)
        case .fifo(let b): return b.policy.insert(key)
        case .lfu(let b): return b.policy.insert(key)
        case .clock(let b): return b.policy.insert(key)
        case .sieve(let b): return b.policy.insert(key)
        case .s3fifo(let b): return b.policy.insert(key)
        case .arc(let b): return b.policy.insert(key)
        case .twoq(let b): return b.policy.insert(key)
        case .wtinylfu(let b): return b.policy.insert(key)
        case .random(let b): return b.policy.insert(key)
        }
    }

    @inlinable
    public mutating func insertAbsent(_ key: UInt64) -> UInt64? {
        switch storage {
        case .lru(let b): return b.policy.insertAbsent(key)
        case .fifo(let b): return b.policy.insertAbsent(key)
        case .lfu(let b): return b.policy.insertAbsent(key)
        case .clock(let b): return b.policy.insertAbsent(key)
        case .sieve(let b): return b.policy.insertAbsent(key)
        case .s3fifo(let b): return b.policy.insertAbsent(key)
        case .arc(let b): return b.policy.insertAbsent(key)
        case .twoq(let b): return b.policy.insertAbsent(key)
        case .wtinylfu(let b): return b.policy.insertAbsent(key)
        case .random(let b): return b.policy.insertAbsent(key)
        }
    }

    @discardableResult
    @inlinable
    public mutating func remove(_ key: UInt64) -> Bool {
        switch storage {
        case .lru(let b): return b.policy.remove(key)
        case .fifo(let b): return b.policy.remove(key)
        case .lfu(let b): return b.policy.remove(key)
        case .clock(let b): return b.policy.remove(key)
        case .sieve(let b): return b.policy.remove(key)
        case .s3fifo(let b): return b.policy.remove(key)
        case .arc(let b): return b.policy.remove(key)
        case .twoq(let b): return b.policy.remove(key)
        case .wtinylfu(let b): return b.policy.remove(key)
        case .random(let b): return b.policy.remove(key)
        }
    }
}
