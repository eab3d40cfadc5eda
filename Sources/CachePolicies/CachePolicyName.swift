/// The cache policies perflab offers, by the names users type (`--policy`, `l1.policy`).
///
/// Each is named after, and behaves like, libCacheSim's policy of that name with its
/// default parameters; see each policy type for its reference and any difference.
public enum CachePolicyName: String, CaseIterable, Sendable {
    case lru, fifo, lfu, clock, sieve, s3fifo, arc, twoq, wtinylfu, random, belady

    /// One line on what the policy does.
    public var summary: String {
        switch self {
        case .lru: return "least recently used: evict the key unused for longest"
        case .fifo: return "first in, first out: evict the oldest insert; hits change nothing"
        case .lfu: return "least frequently used: evict the least-hit key, oldest first among ties"
        case .clock: return "CLOCK / second chance: FIFO that reinserts keys hit since their last pass"
        case .sieve: return "SIEVE: FIFO with visited bits and a hand that never moves survivors"
        case .s3fifo: return "S3-FIFO: 10% probation FIFO, main FIFO with reinsertion, ghost of evicted keys"
        case .arc: return "ARC: recency and frequency LRUs whose split adapts to ghost hits"
        case .twoq: return "2Q: FIFO for new keys, ghost of their evictions, LRU for proven keys"
        case .wtinylfu: return "W-TinyLFU: 1% LRU window, SLRU main, frequency sketch for admission"
        case .random: return "random: evict a uniformly random key"
        case .belady:
            return "Belady's MIN: evict the key used farthest in the future (traces only; the optimum)"
        }
    }

    /// The libCacheSim policy it follows.
    public var libCacheSimName: String {
        switch self {
        case .lru: return "LRU"
        case .fifo: return "FIFO"
        case .lfu: return "LFU"
        case .clock: return "Clock"
        case .sieve: return "Sieve"
        case .s3fifo: return "S3FIFO"
        case .arc: return "ARC"
        case .twoq: return "TwoQ"
        case .wtinylfu: return "WTinyLFU"
        case .random: return "Random"
        case .belady: return "Belady"
        }
    }

    /// Whether it can run online (it does not need to know the future).
    public var isOnline: Bool { self != .belady }

    /// The online policies, for knobs such as `l1.policy`.
    public static var online: [CachePolicyName] { allCases.filter(\.isOnline) }
}
