/// A cache of unit-size objects keyed by 64-bit keys, with a replacement policy.
///
/// The semantics follow libCacheSim's `cache_t` interface for objects of size 1:
/// ``access(_:)`` is libCacheSim's `get` (on a hit the policy's metadata is updated; on a
/// miss the key is inserted, evicting as the policy chooses), while ``lookup(_:)``,
/// ``insert(_:)`` and ``remove(_:)`` are its `find`, `insert` and `remove`, which the
/// simulated pipeline needs to model cache-aside reads, fills that arrive later, and
/// invalidation on writes.
///
/// Implementations are value types used through generics, so the trace simulator's loop is
/// specialised per policy; every operation is O(1) amortised and allocates nothing once the
/// cache is warm (storage is preallocated for `capacity` entries).
public protocol EvictionPolicy {
    /// The maximum number of objects held.
    var capacity: Int { get }
    /// The number of objects held now.
    var count: Int { get }

    /// libCacheSim's `get`: returns `true` on a hit (updating the policy's metadata);
    /// on a miss inserts `key` (evicting if full) and returns `false`.
    mutating func access(_ key: UInt64) -> Bool

    /// libCacheSim's `find` with `update_cache = true`: `true` and metadata updated on a
    /// hit; `false` and no insertion on a miss.
    mutating func lookup(_ key: UInt64) -> Bool

    /// Inserts a key that is not cached, evicting first if the cache is full.
    /// Returns the key evicted to make room, if any.
    @discardableResult
    mutating func insert(_ key: UInt64) -> UInt64?

    /// Inserts a key the caller knows is absent (no look-up first), evicting if full.
    /// Returns the key evicted to make room, if any.
    mutating func insertAbsent(_ key: UInt64) -> UInt64?

    /// Removes `key` if cached (an invalidation, not an eviction). Returns whether it was.
    @discardableResult
    mutating func remove(_ key: UInt64) -> Bool

    /// Whether `key` is cached, without touching the policy's metadata.
    func contains(_ key: UInt64) -> Bool
}

extension EvictionPolicy {
    /// libCacheSim's `get` as `find` then `insert`: what every policy does unless it says
    /// otherwise.
    @inlinable
    public mutating func access(_ key: UInt64) -> Bool {
        if lookup(key) { return true }
        _ = insertAbsent(key)
        return false
    }

    /// `insert` of a key that may already be cached: nothing happens if it is. Policies with
    /// ghost entries (ARC, 2Q, S3-FIFO) override this to treat a ghost as a miss.
    @inlinable
    @discardableResult
    public mutating func insert(_ key: UInt64) -> UInt64? {
        if contains(key) { return nil }
        return insertAbsent(key)
    }
}
