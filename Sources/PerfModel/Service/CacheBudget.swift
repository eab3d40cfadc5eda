import CachePolicies

/// The most memory the model's caches could come to hold, and the limit on it.
///
/// A cache's storage grows with the keys it holds (``SlotStore``), so it is bounded by its
/// capacity and by the keys there are: `keys.count`, or a trace's length. Every instance of a
/// service has its own L1, and capacities go up to 10M: 32 instances of five services with
/// 10M-key L1s over a billion keys could grow to about 200 GB in a long run. A change that
/// lets the caches grow past ``limit`` is refused, naming the knob, before anything changes;
/// every cache that fits stays exactly as libCacheSim's. W-TinyLFU's frequency sketch is
/// sized by the capacity whatever the keys (as libCacheSim's), so it counts in full.
struct CacheBudget {
    /// The most the caches may come to hold, in bytes.
    static let limit = 8 << 30

    /// Bytes per slot at most: the key map (kept at most half full, doubling), the slot's
    /// node, the free stack and a policy's per-slot bytes, with the storage doubled once
    /// past what is held.
    static let bytesPerSlot = 128
    /// Bytes per key of a TTL's expiry table.
    static let bytesPerExpiry = 64

    /// Slots a policy keeps per key of capacity (ghosts included).
    static func slotsPerKey(_ policy: String) -> Double {
        switch CachePolicyName(rawValue: policy) {
        case .arc: return 2
        case .s3fifo: return 1.9
        case .twoq: return 1.5
        default: return 1
        }
    }

    /// The most bytes one cache level could hold with `keys` distinct keys to see.
    static func bytes(of c: ServiceConfig.Cache, keys: Int) -> Double {
        guard c.enabled else { return 0 }
        let slots = Swift.min(Double(c.capacity) * slotsPerKey(c.policy), Double(keys))
        var b = slots * Double(bytesPerSlot + (c.ttl > 0 ? bytesPerExpiry : 0))
        if c.policy == CachePolicyName.wtinylfu.rawValue {
            // The sketch: about 14.4 four-byte counters per key of the main segment.
            b += Double(c.capacity) * 14.4 * 4
        }
        return b
    }

    /// Every cache level of the model under `knobs` (all of a service's L1s together), named
    /// by its capacity knob (`l1.capacity`, `pricing.l2.capacity`), with the most bytes it
    /// could hold.
    static func levels(_ knobs: KnobSet, keys: Int) -> [(knob: String, bytes: Double)] {
        let layout = knobs.layout
        return layout.services.indices.flatMap { s in
            let c = ServiceConfig(knobs, service: s)
            return [
                (layout.prefix(s) + "l1.capacity", Double(c.instances) * bytes(of: c.l1, keys: keys)),
                (layout.prefix(s) + "l2.capacity", bytes(of: c.l2, keys: keys)),
            ]
        }
    }

    /// The most bytes every cache of the model could hold under `knobs`.
    static func bytes(_ knobs: KnobSet, keys: Int) -> Double {
        levels(knobs, keys: keys).reduce(0) { $0 + $1.bytes }
    }

    /// Refuses `knobs` when their caches could outgrow ``limit``, naming `field` (the knob
    /// being set) or else the cache level that could grow largest.
    static func check(_ knobs: KnobSet, keys: Int, field: String? = nil) throws {
        let levels = levels(knobs, keys: keys)
        let b = levels.reduce(0) { $0 + $1.bytes }
        guard b > Double(limit) else { return }
        let largest = levels.max { $0.bytes < $1.bytes }!.knob
        let gb = (b / Double(1 << 30) * 10).rounded() / 10
        throw InputError(
            field: field ?? largest,
            "the caches could grow to about \(gb) GB, more than the \(limit >> 30) GB allowed "
                + "(each instance has its own L1)")
    }

    /// The distinct keys `knobs` draw from (a trace is read for its length; one that cannot
    /// be read counts as no limit, and is refused where it is used).
    static func keySpace(_ knobs: KnobSet) -> Int {
        if knobs.text(.keysTrace).isEmpty { return Swift.max(knobs.int(.keysCount), 1) }
        guard let source = try? KeySource(knobs: knobs) else { return .max }
        return keySpace(knobs, source: source)
    }

    /// The distinct keys a key source can produce.
    static func keySpace(_ knobs: KnobSet, source: KeySource) -> Int {
        if case .trace(let keys) = source.kind { return keys.count }
        return Swift.max(knobs.int(.keysCount), 1)
    }
}
