import Foundation
import SimKernel

/// Latencies as the timeline and the summary need them.
///
/// A finished request goes into this interval's counts (every request) and, when it is
/// counted in the summary (it arrived after the warm-up), into the total's. At each tick the
/// interval becomes the sample's and starts again; the total is the summary's. The two are
/// ``LatencyCounts``: HdrHistogram's layout in raw storage, so that a write checks no
/// uniqueness, and starting an interval again clears only the buckets it touched (a
/// 260 KB histogram cleared and merged every simulated second cost more than a light load's
/// simulation).
///
/// The buckets are the memory a run touches most widely, so a request's latency is first
/// written down in a short list and counted with others in a batch (the next ``flush()``,
/// which every read makes first): the batch's scattered writes overlap one another, where
/// one at a time each stalled the request that made it. The two counts of a bucket are
/// interleaved, the interval's beside the total's, so that a request writes one cache line.
struct LatencyRecorder: ~Copyable {
    private let pairs: UnsafeMutablePointer<UInt64>
    private var interval: LatencyCounts
    private var total: LatencyCounts
    /// Latencies not yet counted, in order: the value shifted left by one, the low bit set
    /// when the request is counted in the summary.
    private let pending: UnsafeMutablePointer<UInt64>
    private var pendingCount = 0
    private static let batch = 512

    init() {
        pairs = ZeroedPages.allocate(UInt64.self, count: 2 * LatencyHistogram.length)
        interval = LatencyCounts(sharing: pairs, stride: 2)
        total = LatencyCounts(sharing: pairs + 1, stride: 2)
        pending = .allocate(capacity: LatencyRecorder.batch)
    }

    deinit {
        ZeroedPages.deallocate(pairs, count: 2 * LatencyHistogram.length)
        pending.deallocate()
    }

    @inline(__always)
    mutating func record(_ ns: Int64, counted c: Bool) {
        let v = UInt64(Swift.min(Swift.max(ns, 0), Int64(LatencyHistogram.highest)))
        pending[pendingCount] = v << 1 | (c ? 1 : 0)
        pendingCount &+= 1
        if pendingCount == LatencyRecorder.batch { flush() }
    }

    /// Counts what is written down.
    mutating func flush() {
        for k in 0..<pendingCount {
            let x = pending[k]
            interval.record(x >> 1)
            if x & 1 != 0 { total.record(x >> 1) }
        }
        pendingCount = 0
    }

    /// This interval's percentiles and extremes, counted requests and others.
    mutating func intervalSummary() -> LatencySummary {
        flush()
        return LatencySummary(interval)
    }

    /// This interval's histogram, counted requests and others.
    mutating func intervalHistogram() -> LatencyHistogram {
        flush()
        return interval.histogram
    }

    /// Every counted request so far.
    mutating func totalHistogram() -> LatencyHistogram {
        flush()
        return total.histogram
    }

    /// Whether this interval has nothing yet.
    var intervalIsEmpty: Bool { pendingCount == 0 && interval.isEmpty }

    /// Closes the interval: the next one starts empty.
    mutating func closeInterval() {
        flush()
        interval.reset()
    }

    /// Statistics start now: what this interval has so far stays in its sample, not in the
    /// total.
    mutating func startStatistics() {
        flush()
        total.reset()
    }
}

/// Counts of latencies in ``LatencyHistogram``'s layout (HdrHistogram's, 3 significant
/// digits, 1 ns to 1 hour), in raw storage.
///
/// It records what a ``LatencyHistogram`` records, with the same percentiles (one rule,
/// ``PercentileWalk``, serves both), and becomes one with ``histogram``. A write is the
/// least it can be (the bucket, the count, the sum, the extremes): it lists the buckets
/// that went from empty to counted, and what a histogram keeps per write to find its
/// percentiles fast (block counts, the lowest and highest bucket) is worked out from that
/// list when percentiles are asked for (once a simulated second for an interval). ``reset()`` clears only
/// the listed buckets. The storage is ``ZeroedPages``, so the pages of buckets never used
/// are never touched.
struct LatencyCounts: ~Copyable {
    /// Bucket i's count is at `counts[i * stride]`; the storage is this value's own unless
    /// it shares a recorder's.
    private let counts: UnsafeMutablePointer<UInt64>
    private let stride: Int
    private let ownsCounts: Bool
    /// Counts per block of 64 buckets: zero but while percentiles are worked out.
    private let blocks: UnsafeMutablePointer<UInt64>
    /// The buckets with a count, in the order they got their first.
    private let touched: UnsafeMutablePointer<Int32>
    private var touchedCount = 0
    private(set) var count: UInt64 = 0
    /// The exact sum of recorded values (exact while it stays below 2⁵³ ns, about 104
    /// days of latency in all).
    private(set) var sum: Double = 0
    private(set) var maxValue: UInt64 = 0
    private(set) var minValue: UInt64 = .max

    /// Counts in storage of their own.
    init() {
        let n = LatencyHistogram.length
        self.init(counts: ZeroedPages.allocate(UInt64.self, count: n), stride: 1, owns: true)
    }

    /// Counts at every `stride`-th word of zeroed storage that outlives this value.
    init(sharing counts: UnsafeMutablePointer<UInt64>, stride: Int) {
        self.init(counts: counts, stride: stride, owns: false)
    }

    private init(counts: UnsafeMutablePointer<UInt64>, stride: Int, owns: Bool) {
        self.counts = counts
        self.stride = stride
        ownsCounts = owns
        let n = LatencyHistogram.length
        let nb = n >> LatencyHistogram.blockShift
        blocks = calloc(nb, MemoryLayout<UInt64>.stride)!.bindMemory(to: UInt64.self, capacity: nb)
        touched = ZeroedPages.allocate(Int32.self, count: n)
    }

    deinit {
        if ownsCounts { ZeroedPages.deallocate(counts, count: LatencyHistogram.length) }
        free(blocks)
        ZeroedPages.deallocate(touched, count: LatencyHistogram.length)
    }

    var isEmpty: Bool { count == 0 }

    /// Records one value (0 … ``LatencyHistogram/highest``).
    @inline(__always)
    mutating func record(_ v: UInt64) {
        let i = LatencyHistogram.index(v)
        let c = counts + i &* stride
        // Listed when it was empty, without a branch: whether a bucket is new in this
        // interval is a coin toss the branch predictor loses.
        touched[touchedCount] = Int32(truncatingIfNeeded: i)
        touchedCount &+= c.pointee == 0 ? 1 : 0
        c.pointee &+= 1
        count &+= 1
        sum += Double(v)
        if v > maxValue { maxValue = v }
        if v < minValue { minValue = v }
    }

    /// Empties it, clearing only the buckets that were used.
    mutating func reset() {
        for k in 0..<touchedCount { counts[Int(touched[k]) &* stride] = 0 }
        touchedCount = 0
        count = 0
        sum = 0
        maxValue = 0
        minValue = .max
    }

    /// Percentiles (each in 0…100, ascending), as ``LatencyHistogram/values(atPercentiles:)``,
    /// and as fast: the block counts it skips by are filled in from the list of used
    /// buckets first, and cleared again after.
    func values(atPercentiles ps: [Double]) -> [UInt64] {
        guard count > 0 else { return ps.map { _ in 0 } }
        let shift = LatencyHistogram.blockShift
        var bottom = Int.max
        var top = 0
        for k in 0..<touchedCount {
            let i = Int(touched[k])
            blocks[i >> shift] &+= counts[i &* stride]
            bottom = Swift.min(bottom, i)
            top = Swift.max(top, i)
        }
        defer { for k in 0..<touchedCount { blocks[Int(touched[k]) >> shift] = 0 } }
        var walk = PercentileWalk(ps, count: count, zeroCounted: counts[0] > 0, min: minValue, max: maxValue)
        walk.walk(blocks: blocks, bottom: bottom, top: top) { counts[$0 &* stride] }
        return walk.out
    }

    /// The same counts as a ``LatencyHistogram``.
    var histogram: LatencyHistogram {
        var h = LatencyHistogram()
        guard count > 0 else { return h }
        for k in 0..<touchedCount {
            let i = Int(touched[k])
            h.add(bucket: i, count: counts[i &* stride])
        }
        h.set(sum: sum, min: minValue, max: maxValue)
        return h
    }
}
