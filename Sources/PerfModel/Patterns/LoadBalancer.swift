import SimKernel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A load balancer over a fixed set of backends: picks one eligible backend per request
/// with one of six algorithms, tracking each backend's active requests and latency.
///
/// The algorithms and the references they follow:
///
/// - ``Algorithm/roundRobin``: plain rotation over eligible backends; weights ignored.
/// - ``Algorithm/weightedRoundRobin``: nginx's smooth weighted round robin
///   (`ngx_http_upstream_get_peer` in `ngx_http_upstream_round_robin.c`): each pick adds every
///   eligible backend's weight to its current weight, takes the largest current weight (the
///   lowest index among equals) and subtracts the total from it. Weights 5, 1, 1 give
///   a a b a c a a. Differs from nginx: no `effective_weight` reduction after failures (the
///   outlier detector and the eligibility mask play that part), and changing any weight
///   restarts the sequence (all current weights back to 0).
/// - ``Algorithm/interleavedWRR``: LVS's weighted round robin (`ip_vs_wrr.c`), the seed's
///   `WeightedRoundRobinLoadBalancer`: a current weight starts at the largest weight and
///   steps down by the weights' gcd at each pass over the backends; each pass picks, in
///   order, every backend whose weight is at least the current weight. Weights 4, 3, 2 give
///   a a b a b c a b c, and 5, 1, 1 give a a a a a b c: the heavy backend's picks come in a
///   burst, where nginx's smooth rotation spreads them. Eligibility changes restart it.
/// - ``Algorithm/leastConnections``: the backend with the fewest active requests relative to
///   its weight (nginx's `least_conn` rule: `a.active * b.weight < b.active * a.weight`). Ties
///   go to the first tied backend in a rotating scan that starts after the previous pick, so
///   equal loads are served round-robin (nginx breaks ties with weighted round robin).
/// - ``Algorithm/p2c``: Envoy's least-request with two choices: two random eligible backends,
///   the one with fewer active requests wins, the first drawn on a tie. Differs from Envoy:
///   the two are distinct (Envoy draws with replacement, so it sometimes picks the most
///   loaded of three), as in Finagle's P2C; and with unequal weights, instead of Envoy's
///   earliest-deadline-first schedule over `weight / (active + 1)`, the two draws stay
///   uniform and are compared by `(active + 1) / weight` (the same quantity, inverted).
/// - ``Algorithm/random``: uniform over eligible backends, as Envoy's random balancer with
///   equal weights; weights are ignored (Envoy's would weigh the draw).
/// - ``Algorithm/ewma``: Finagle's P2C over peak-EWMA load (`PeakEwma.scala`, `P2CPick`):
///   two distinct random backends, the lower `cost × (active + 1)` wins (the second drawn on
///   a tie, as in Finagle). `cost` jumps to any latency above it and otherwise moves towards
///   observations as `cost·w + rtt·(1−w)`, `w = exp(−Δt/τ)`, τ = 10 s by default (Finagle's
///   `decayTime`); it also decays towards 0 between observations when read. A backend with
///   no latency history but requests in flight costs Finagle's penalty (`Int64.max >> 16`)
///   plus its active count. Weights ignored.
///
/// Envoy's panic threshold (``panicThreshold``; Envoy's `healthy_panic_threshold` defaults
/// to 50%, as the `lb.panic_threshold` knob does): when the eligible hosts are fewer than that share of the
/// configured ones (weight above 0), the balancer ignores health and ejection and balances
/// over all of them, so that a small cluster whose hosts are all ejected still gets traffic
/// (and its failures are seen) rather than none. 0 turns panic mode off.
///
/// A backend is eligible when ``setEligible(_:_:)`` has not excluded it (ejected, marked
/// down) and its weight is above 0; ``pick(now:rng:)`` returns `nil` when none is. Picking
/// does not count the request as started: call ``onStart(_:)`` when it is dispatched and
/// ``onFinish(_:latency:now:)`` exactly once when it ends (success, error or abandonment).
///
/// Every pick is O(1) for random, p2c and ewma and O(backends) for the others (as nginx), and
/// allocates nothing; only changing eligibility or weights rebuilds a small index, in place.
public struct LoadBalancer: Sendable {
    /// The algorithms, with their knob names as raw values.
    public enum Algorithm: String, Sendable, CaseIterable {
        case roundRobin = "round_robin"
        case weightedRoundRobin = "weighted_round_robin"
        case interleavedWRR = "interleaved_wrr"
        case leastConnections = "least_connections"
        case p2c
        case random
        case ewma
    }

    /// Finagle's default `decayTime` for peak EWMA.
    public static let defaultDecayTime: SimTime = 10 * Time.second

    /// Finagle's cost for a backend with requests in flight and no latency observed yet.
    static let ewmaPenalty = Double(Int64.max >> 16)

    public var algorithm: Algorithm
    /// The number of backends, eligible or not.
    public let backendCount: Int
    /// τ of the peak-EWMA decay.
    public let decayTime: SimTime

    private var weights: [Int]
    private var excluded: [Bool]
    private var active: [Int]
    /// nginx's `current_weight` per backend.
    private var currentWeights: [Int]
    /// Peak-EWMA cost (ns) and the time it was last updated, per backend.
    private var ewmaCost: [Double]
    private var ewmaStamp: [SimTime]
    /// Indices of the eligible backends, ascending.
    private var eligible: [Int]
    /// Indices of the backends with weight above 0, eligible or not.
    private var configured: [Int] = []
    /// Below this share of configured hosts eligible, balance over all configured ones (off
    /// by default here; the `lb.panic_threshold` knob's default is Envoy's 50%).
    public var panicThreshold: Double = 0
    /// Picks made in panic mode so far.
    public private(set) var panicPicks: UInt64 = 0
    /// Whether the last pick was made in panic mode.
    public var isPanicking: Bool {
        panicThreshold > 0 && Double(eligible.count) < panicThreshold * Double(configured.count)
    }
    private var cursor = 0
    /// LVS's state: the index into `eligible` last picked, and the current weight.
    private var lvsIndex = -1
    private var lvsWeight = 0

    /// A balancer over `backendCount` backends, all eligible, with the given weights (all 1
    /// when `nil`).
    public init(
        backendCount: Int, algorithm: Algorithm, weights: [Int]? = nil,
        decayTime: SimTime = LoadBalancer.defaultDecayTime
    ) {
        precondition(backendCount >= 1, "a load balancer needs at least one backend")
        precondition(decayTime > 0, "the EWMA decay time must be positive")
        let w = weights ?? [Int](repeating: 1, count: backendCount)
        precondition(w.count == backendCount, "one weight per backend")
        precondition(w.allSatisfy { $0 >= 0 }, "weights must be non-negative")
        self.algorithm = algorithm
        self.backendCount = backendCount
        self.decayTime = decayTime
        self.weights = w
        excluded = [Bool](repeating: false, count: backendCount)
        active = [Int](repeating: 0, count: backendCount)
        currentWeights = [Int](repeating: 0, count: backendCount)
        ewmaCost = [Double](repeating: 0, count: backendCount)
        ewmaStamp = [SimTime](repeating: 0, count: backendCount)
        eligible = []
        eligible.reserveCapacity(backendCount)
        rebuildEligible()
    }

    private mutating func rebuildEligible() {
        lvsIndex = -1
        lvsWeight = 0
        eligible.removeAll(keepingCapacity: true)
        for i in 0..<backendCount where !excluded[i] && weights[i] > 0 { eligible.append(i) }
        configured.removeAll(keepingCapacity: true)
        for i in 0..<backendCount where weights[i] > 0 { configured.append(i) }
    }

    // MARK: Configuration

    /// Includes or excludes backend `i` (excluded: ejected by outlier detection, marked
    /// down). An excluded backend keeps its active count and its EWMA.
    public mutating func setEligible(_ i: Int, _ isEligible: Bool) {
        guard excluded[i] == isEligible else { return }
        excluded[i] = !isEligible
        rebuildEligible()
    }

    /// Whether backend `i` can be picked: not excluded and weight above 0.
    public func isEligible(_ i: Int) -> Bool { !excluded[i] && weights[i] > 0 }

    /// The number of backends that can be picked.
    public var eligibleCount: Int { eligible.count }

    /// Sets backend `i`'s weight (0 takes it out of every algorithm); restarts the weighted
    /// round-robin sequence.
    public mutating func setWeight(_ i: Int, _ weight: Int) {
        precondition(weight >= 0, "weights must be non-negative")
        weights[i] = weight
        for j in 0..<backendCount { currentWeights[j] = 0 }
        rebuildEligible()
    }

    /// Sets every backend's weight; restarts the weighted round-robin sequence.
    public mutating func setWeights(_ newWeights: [Int]) {
        precondition(newWeights.count == backendCount, "one weight per backend")
        precondition(newWeights.allSatisfy { $0 >= 0 }, "weights must be non-negative")
        for j in 0..<backendCount {
            weights[j] = newWeights[j]
            currentWeights[j] = 0
        }
        rebuildEligible()
    }

    /// Backend `i`'s weight.
    public func weight(_ i: Int) -> Int { weights[i] }

    /// Backend `i`'s requests started and not yet finished.
    public func activeRequests(_ i: Int) -> Int { active[i] }

    /// Backend `i`'s peak-EWMA latency estimate (ns) decayed to `now`; 0 before any
    /// observation.
    public func latencyEstimate(_ i: Int, now: SimTime) -> Double {
        let dt = Double(max(now - ewmaStamp[i], 0))
        return ewmaCost[i] * exp(-dt / Double(decayTime))
    }

    // MARK: Requests

    /// A request was dispatched to backend `i`.
    public mutating func onStart(_ i: Int) {
        active[i] += 1
    }

    /// A request to backend `i` ended after `latency` (its round trip) at `now`.
    public mutating func onFinish(_ i: Int, latency: SimTime, now: SimTime) {
        precondition(active[i] > 0, "onFinish without a matching onStart")
        active[i] -= 1
        // Latency estimates are kept only while `ewma` chooses (the exponential costs as
        // much as the rest of a simulated request); switching to it starts them afresh.
        if algorithm == .ewma { observe(i, rtt: Double(max(latency, 0)), now: now) }
    }

    /// Finagle's `observe`: peak-sensitive, time-weighted EWMA update.
    @inline(__always)
    private mutating func observe(_ i: Int, rtt: Double, now: SimTime) {
        let dt = Double(max(now - ewmaStamp[i], 0))
        let w = exp(-dt / Double(decayTime))
        let cost = ewmaCost[i]
        ewmaCost[i] = rtt > cost ? rtt : cost * w + rtt * (1 - w)
        ewmaStamp[i] = now
    }

    /// Finagle's `PeakEwma.Metric.get`.
    @inline(__always)
    private mutating func ewmaLoad(_ i: Int, now: SimTime) -> Double {
        observe(i, rtt: 0, now: now)
        let pending = Double(active[i])
        if ewmaCost[i] == 0 && active[i] != 0 { return LoadBalancer.ewmaPenalty + pending }
        return ewmaCost[i] * (pending + 1)
    }

    /// Whether ``pick(now:rng:)`` would choose a backend (it returns nil when not).
    public var canPick: Bool {
        !eligible.isEmpty || (isPanicking && !configured.isEmpty)
    }

    /// Chooses the backend for the next request at `now`, or `nil` if none is eligible.
    /// Draws from `rng` only for random, p2c and ewma.
    public mutating func pick(now: SimTime, rng: inout RandomStream) -> Int? {
        if isPanicking && !configured.isEmpty {
            // Envoy's panic: every configured host, healthy or not.
            let kept = eligible
            eligible = configured
            defer { eligible = kept }
            panicPicks &+= 1
            return pickEligible(now: now, rng: &rng)
        }
        return pickEligible(now: now, rng: &rng)
    }

    @inline(__always)
    private mutating func pickEligible(now: SimTime, rng: inout RandomStream) -> Int? {
        let m = eligible.count
        if m == 0 { return nil }
        switch algorithm {
        case .roundRobin:
            return pickRoundRobin()
        case .weightedRoundRobin:
            return pickSmoothWeighted()
        case .interleavedWRR:
            return pickInterleaved()
        case .leastConnections:
            return pickLeastConnections()
        case .random:
            return eligible[rng.nextInt(below: m)]
        case .p2c:
            if m == 1 { return eligible[0] }
            let (a, b) = LoadBalancer.twoDistinct(m, &rng)
            let x = eligible[a]
            let y = eligible[b]
            // y wins only if strictly lighter: (active_y + 1) / w_y < (active_x + 1) / w_x.
            return (active[y] + 1) * weights[x] < (active[x] + 1) * weights[y] ? y : x
        case .ewma:
            if m == 1 { return eligible[0] }
            let (a, b) = LoadBalancer.twoDistinct(m, &rng)
            let x = eligible[a]
            let y = eligible[b]
            // Finagle's P2CPick: the first draw wins only if strictly lighter.
            let loadX = ewmaLoad(x, now: now)
            return loadX < ewmaLoad(y, now: now) ? x : y
        }
    }

    /// Two distinct uniform indices in 0..<m (m ≥ 2), as Finagle's P2C draws them.
    @inline(__always)
    private static func twoDistinct(_ m: Int, _ rng: inout RandomStream) -> (Int, Int) {
        let a = rng.nextInt(below: m)
        var b = rng.nextInt(below: m - 1)
        if b >= a { b += 1 }
        return (a, b)
    }

    private mutating func pickRoundRobin() -> Int {
        // The first eligible backend at or after the cursor, wrapping.
        var chosen = eligible[0]
        for i in eligible where i >= cursor {
            chosen = i
            break
        }
        cursor = chosen + 1
        return chosen
    }

    private mutating func pickSmoothWeighted() -> Int {
        var best = -1
        var total = 0
        for i in eligible {
            let w = weights[i]
            currentWeights[i] += w
            total += w
            if best < 0 || currentWeights[i] > currentWeights[best] { best = i }
        }
        currentWeights[best] -= total
        return best
    }

    /// `ip_vs_wrr_schedule`: i = (i + 1) mod n; at i = 0, cw −= gcd and, at or below 0,
    /// cw = max weight; pick i when its weight ≥ cw.
    private mutating func pickInterleaved() -> Int {
        var maxWeight = 0
        var g = 0
        for i in eligible {
            maxWeight = Swift.max(maxWeight, weights[i])
            g = LoadBalancer.gcd(g, weights[i])
        }
        let n = eligible.count
        while true {
            lvsIndex = (lvsIndex + 1) % n
            if lvsIndex == 0 {
                lvsWeight -= g
                if lvsWeight <= 0 { lvsWeight = maxWeight }
            }
            if weights[eligible[lvsIndex]] >= lvsWeight { return eligible[lvsIndex] }
        }
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    private mutating func pickLeastConnections() -> Int {
        // Scan the eligible backends starting at the first one at or after the cursor.
        let m = eligible.count
        var start = 0
        while start < m && eligible[start] < cursor { start += 1 }
        if start == m { start = 0 }
        var best = eligible[start]
        var k = start + 1
        for _ in 1..<max(m, 1) {
            if k == m { k = 0 }
            let i = eligible[k]
            if active[i] * weights[best] < active[best] * weights[i] { best = i }
            k += 1
        }
        cursor = best + 1
        return best
    }
}
