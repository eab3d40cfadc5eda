/// A policy chosen at run time (for the simulated pipeline's caches): one of the concrete
/// policies behind a switch, so it is still a value type with copy-on-write storage.
///
/// Each call mutates the wrapped policy in place: the enum is set to an empty case while its
/// payload is mutated, so the payload's storage stays uniquely referenced and is never
/// copied. Methods dispatch through a switch, so this costs a branch, not an allocation.
public struct AnyEvictionPolicy: EvictionPolicy, Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case lru(LRUPolicy)
        case fifo(FIFOPolicy)
        case lfu(LFUPolicy)
        case clock(ClockPolicy)
        case sieve(SievePolicy)
        case s3fifo(S3FIFOPolicy)
        case arc(ARCPolicy)
        case twoq(TwoQPolicy)
        case wtinylfu(WTinyLFUPolicy)
        case random(RandomPolicy)
        case empty
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
        case .lru: storage = .lru(LRUPolicy(capacity: capacity))
        case .fifo: storage = .fifo(FIFOPolicy(capacity: capacity))
        case .lfu: storage = .lfu(LFUPolicy(capacity: capacity))
        case .clock: storage = .clock(ClockPolicy(capacity: capacity))
        case .sieve: storage = .sieve(SievePolicy(capacity: capacity))
        case .s3fifo: storage = .s3fifo(S3FIFOPolicy(capacity: capacity))
        case .arc: storage = .arc(ARCPolicy(capacity: capacity))
        case .twoq: storage = .twoq(TwoQPolicy(capacity: capacity))
        case .wtinylfu: storage = .wtinylfu(WTinyLFUPolicy(capacity: capacity))
        case .random: storage = .random(RandomPolicy(capacity: capacity, seed: seed))
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
        case .lru(let p): return p.capacity
        case .fifo(let p): return p.capacity
        case .lfu(let p): return p.capacity
        case .clock(let p): return p.capacity
        case .sieve(let p): return p.capacity
        case .s3fifo(let p): return p.capacity
        case .arc(let p): return p.capacity
        case .twoq(let p): return p.capacity
        case .wtinylfu(let p): return p.capacity
        case .random(let p): return p.capacity
        case .empty: return 0
        }
    }

    public var count: Int {
        switch storage {
        case .lru(let p): return p.count
        case .fifo(let p): return p.count
        case .lfu(let p): return p.count
        case .clock(let p): return p.count
        case .sieve(let p): return p.count
        case .s3fifo(let p): return p.count
        case .arc(let p): return p.count
        case .twoq(let p): return p.count
        case .wtinylfu(let p): return p.count
        case .random(let p): return p.count
        case .empty: return 0
        }
    }

    public func contains(_ key: UInt64) -> Bool {
        switch storage {
        case .lru(let p): return p.contains(key)
        case .fifo(let p): return p.contains(key)
        case .lfu(let p): return p.contains(key)
        case .clock(let p): return p.contains(key)
        case .sieve(let p): return p.contains(key)
        case .s3fifo(let p): return p.contains(key)
        case .arc(let p): return p.contains(key)
        case .twoq(let p): return p.contains(key)
        case .wtinylfu(let p): return p.contains(key)
        case .random(let p): return p.contains(key)
        case .empty: return false
        }
    }

    public mutating func access(_ key: UInt64) -> Bool {
        switch storage {
        case .lru(var p):
            storage = .empty
            defer { storage = .lru(p) }
            return p.access(key)
        case .fifo(var p):
            storage = .empty
            defer { storage = .fifo(p) }
            return p.access(key)
        case .lfu(var p):
            storage = .empty
            defer { storage = .lfu(p) }
            return p.access(key)
        case .clock(var p):
            storage = .empty
            defer { storage = .clock(p) }
            return p.access(key)
        case .sieve(var p):
            storage = .empty
            defer { storage = .sieve(p) }
            return p.access(key)
        case .s3fifo(var p):
            storage = .empty
            defer { storage = .s3fifo(p) }
            return p.access(key)
        case .arc(var p):
            storage = .empty
            defer { storage = .arc(p) }
            return p.access(key)
        case .twoq(var p):
            storage = .empty
            defer { storage = .twoq(p) }
            return p.access(key)
        case .wtinylfu(var p):
            storage = .empty
            defer { storage = .wtinylfu(p) }
            return p.access(key)
        case .random(var p):
            storage = .empty
            defer { storage = .random(p) }
            return p.access(key)
        case .empty: return false
        }
    }

    public mutating func lookup(_ key: UInt64) -> Bool {
        switch storage {
        case .lru(var p):
            storage = .empty
            defer { storage = .lru(p) }
            return p.lookup(key)
        case .fifo(var p):
            storage = .empty
            defer { storage = .fifo(p) }
            return p.lookup(key)
        case .lfu(var p):
            storage = .empty
            defer { storage = .lfu(p) }
            return p.lookup(key)
        case .clock(var p):
            storage = .empty
            defer { storage = .clock(p) }
            return p.lookup(key)
        case .sieve(var p):
            storage = .empty
            defer { storage = .sieve(p) }
            return p.lookup(key)
        case .s3fifo(var p):
            storage = .empty
            defer { storage = .s3fifo(p) }
            return p.lookup(key)
        case .arc(var p):
            storage = .empty
            defer { storage = .arc(p) }
            return p.lookup(key)
        case .twoq(var p):
            storage = .empty
            defer { storage = .twoq(p) }
            return p.lookup(key)
        case .wtinylfu(var p):
            storage = .empty
            defer { storage = .wtinylfu(p) }
            return p.lookup(key)
        case .random(var p):
            storage = .empty
            defer { storage = .random(p) }
            return p.lookup(key)
        case .empty: return false
        }
    }

    @discardableResult
    public mutating func insert(_ key: UInt64) -> UInt64? {
        switch storage {
        case .lru(var p):
            storage = .empty
            defer { storage = .lru(p) }
            return p.insert(key)
        case .fifo(var p):
            storage = .empty
            defer { storage = .fifo(p) }
            return p.insert(key)
        case .lfu(var p):
            storage = .empty
            defer { storage = .lfu(p) }
            return p.insert(key)
        case .clock(var p):
            storage = .empty
            defer { storage = .clock(p) }
            return p.insert(key)
        case .sieve(var p):
            storage = .empty
            defer { storage = .sieve(p) }
            return p.insert(key)
        case .s3fifo(var p):
            storage = .empty
            defer { storage = .s3fifo(p) }
            return p.insert(key)
        case .arc(var p):
            storage = .empty
            defer { storage = .arc(p) }
            return p.insert(key)
        case .twoq(var p):
            storage = .empty
            defer { storage = .twoq(p) }
            return p.insert(key)
        case .wtinylfu(var p):
            storage = .empty
            defer { storage = .wtinylfu(p) }
            return p.insert(key)
        case .random(var p):
            storage = .empty
            defer { storage = .random(p) }
            return p.insert(key)
        case .empty: return nil
        }
    }

    @discardableResult
    public mutating func remove(_ key: UInt64) -> Bool {
        switch storage {
        case .lru(var p):
            storage = .empty
            defer { storage = .lru(p) }
            return p.remove(key)
        case .fifo(var p):
            storage = .empty
            defer { storage = .fifo(p) }
            return p.remove(key)
        case .lfu(var p):
            storage = .empty
            defer { storage = .lfu(p) }
            return p.remove(key)
        case .clock(var p):
            storage = .empty
            defer { storage = .clock(p) }
            return p.remove(key)
        case .sieve(var p):
            storage = .empty
            defer { storage = .sieve(p) }
            return p.remove(key)
        case .s3fifo(var p):
            storage = .empty
            defer { storage = .s3fifo(p) }
            return p.remove(key)
        case .arc(var p):
            storage = .empty
            defer { storage = .arc(p) }
            return p.remove(key)
        case .twoq(var p):
            storage = .empty
            defer { storage = .twoq(p) }
            return p.remove(key)
        case .wtinylfu(var p):
            storage = .empty
            defer { storage = .wtinylfu(p) }
            return p.remove(key)
        case .random(var p):
            storage = .empty
            defer { storage = .random(p) }
            return p.remove(key)
        case .empty: return false
        }
    }
}
