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

    /// The most bytes every cache of the model could hold under `knobs`.
    static func bytes(_ knobs: KnobSet, services: Int, keys: Int) -> Double {
        var total = 0.0
        for s in 0..<services {
            let c = ServiceConfig(knobs, service: s)
            total += Double(c.instances) * bytes(of: c.l1, keys: keys) + bytes(of: c.l2, keys: keys)
        }
        return total
    }

    /// Refuses `knobs` when their caches could outgrow ``limit``; `field` names the knob
    /// being set.
    static func check(
        _ knobs: KnobSet, services: Int, keys: Int, field: @autoclosure () -> String
    ) throws {
        let b = bytes(knobs, services: services, keys: keys)
        guard b > Double(limit) else { return }
        let gb = (b / Double(1 << 30) * 10).rounded() / 10
        throw InputError(
            field: field(),
            "the caches could grow to about \(gb) GB, more than the \(limit >> 30) GB allowed "
                + "(each instance has its own L1)")
    }

    /// The knob of the cache level that could grow largest (to name in a refusal): `l1.capacity`
    /// or `l2.capacity`, qualified with its service in a topology of several.
    static func largest(_ knobs: KnobSet, topology: Topology, keys: Int) -> String {
        var best = (bytes: -1.0, name: "l1.capacity")
        for s in topology.services.indices {
            let c = ServiceConfig(knobs, service: s)
            let prefix = topology.isSingle ? "" : topology.services[s].name + "."
            let l1 = Double(c.instances) * bytes(of: c.l1, keys: keys)
            if l1 > best.bytes { best = (l1, prefix + "l1.capacity") }
            let l2 = bytes(of: c.l2, keys: keys)
            if l2 > best.bytes { best = (l2, prefix + "l2.capacity") }
        }
        return best.name
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
