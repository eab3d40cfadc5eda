import CachePolicies
import SimKernel

/// One cache level of a service: an eviction policy over keys, with a time to live.
///
/// The policy (libCacheSim's semantics, from the CachePolicies module) decides what stays;
/// the TTL is kept beside it, one expiry time per cached key, and checked on lookup: an
/// expired entry is removed and the lookup misses, as in a cache that expires lazily
/// (Redis's passive expiry, `MemoryCache`'s check on read).
struct CacheLevel {
    var enabled = false
    var policy: AnyEvictionPolicy?
    var ttl: SimTime = 0
    /// Expiry times, kept only while a TTL is set.
    var expiry = ExpiryTable()
    var policyName = ""
    var capacity = 0

    /// Builds or rebuilds the cache when its policy or capacity changed (a new cache starts
    /// empty), and applies the TTL.
    mutating func configure(enabled: Bool, policy name: String, capacity: Int, ttl: SimTime, seed: UInt64) {
        self.enabled = enabled
        self.ttl = ttl
        if ttl == 0 { expiry.removeAll() }
        guard enabled else { return }
        if policy == nil || name != policyName || capacity != self.capacity {
            policy = try? AnyEvictionPolicy(named: name, capacity: Swift.max(capacity, 1), seed: seed)
            policyName = name
            self.capacity = capacity
            // Storage for the expiries grows with the keys held, as the policy's does.
            if ttl > 0 {
                expiry.reserve(Swift.min(capacity, SlotStore.initialSlots) + 1)
            } else {
                expiry.removeAll()
            }
        }
    }

    /// A read: true on a live hit (updating the policy's metadata).
    @inline(__always)
    mutating func lookup(_ key: UInt64, now: SimTime) -> Bool {
        guard policy!.lookup(key) else { return false }
        if ttl > 0, let e = expiry.time(of: key), e <= now {
            _ = policy!.remove(key)
            expiry.remove(key)
            return false
        }
        return true
    }

    /// A fill: inserts or refreshes `key` with a new expiry (nothing when the level is off).
    @inline(__always)
    mutating func fill(_ key: UInt64, now: SimTime) {
        guard enabled else { return }
        if !policy!.contains(key) {
            if let evicted = policy!.insert(key), ttl > 0 { expiry.remove(evicted) }
        }
        if ttl > 0 { expiry.set(key, now + ttl) }
    }

    /// An invalidation (nothing when the level is off).
    @inline(__always)
    mutating func invalidate(_ key: UInt64) {
        guard enabled else { return }
        if policy!.remove(key), ttl > 0 { expiry.remove(key) }
    }
}
