import Foundation

/// Latencies as the timeline and the summary need them.
///
/// A finished request goes into this interval's counts (every request) and, when it is
/// counted in the summary (it arrived after the warm-up), into the total's. At each tick the
/// interval becomes the sample's and starts again; the total is the summary's. The two are
/// ``LatencyCounts``: HdrHistogram's layout in raw storage, so that a write checks no
/// uniqueness, and starting an interval again clears only the buckets it touched (a
/// 260 KB histogram cleared and merged every simulated second cost more than a light load's
/// simulation).
struct LatencyRecorder: ~Copyable {
    private(set) var interval = LatencyCounts()
    private(set) var total = LatencyCounts()

    @inline(__always)
    mutating func record(_ ns: Int64, counted c: Bool) {
        let v = UInt64(Swift.min(Swift.max(ns, 0), Int64(LatencyHistogram.highest)))
        interval.record(v)
        if c { total.record(v) }
    }

    /// This interval's histogram, counted requests and others.
    var intervalHistogram: LatencyHistogram { interval.histogram }

    /// Every counted request so far.
    var totalHistogram: LatencyHistogram { total.histogram }

    /// Closes the interval: the next one starts empty.
    mutating func closeInterval() {
        interval.reset()
    }

    /// Statistics start now: what this interval has so far stays in its sample, not in the
    /// total.
    mutating func startStatistics() {
        total.reset()
    }
}

/// Counts of latencies in ``LatencyHistogram``'s layout (HdrHistogram's, 3 significant
/// digits, 1 ns to 1 hour), in raw storage owned by this noncopyable value.
///
/// It records what a ``LatencyHistogram`` records, with the same percentiles (one
/// algorithm serves both), and becomes one with ``histogram``. It also lists the buckets
/// that went from empty to counted, so that ``reset()`` costs the buckets used, not the
/// whole layout. The storage is allocated zeroed, so the pages of buckets never used are
/// never touched.
struct LatencyCounts: ~Copyable {
    private let counts: UnsafeMutablePointer<UInt64>
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
    private var bottom = Int.max
    private var top = 0

    init() {
        let n = LatencyHistogram.length
        counts = calloc(n, MemoryLayout<UInt64>.stride)!.bindMemory(to: UInt64.self, capacity: n)
        let nb = n >> LatencyHistogram.blockShift
        blocks = calloc(nb, MemoryLayout<UInt64>.stride)!.bindMemory(to: UInt64.self, capacity: nb)
        touched = calloc(n, MemoryLayout<Int32>.stride)!.bindMemory(to: Int32.self, capacity: n)
    }

    deinit {
        free(counts)
        free(blocks)
        free(touched)
    }

    var isEmpty: Bool { count == 0 }

    /// Records one value (0 … ``LatencyHistogram/highest``).
    @inline(__always)
    mutating func record(_ v: UInt64) {
        let i = LatencyHistogram.index(v)
        if counts[i] == 0 {
            touched[touchedCount] = Int32(truncatingIfNeeded: i)
            touchedCount &+= 1
        }
        counts[i] &+= 1
        blocks[i >> LatencyHistogram.blockShift] &+= 1
        count &+= 1
        sum += Double(v)
        if v > maxValue { maxValue = v }
        if v < minValue { minValue = v }
        if i > top { top = i }
        if i < bottom { bottom = i }
    }

    /// Empties it, clearing only the buckets that were used.
    mutating func reset() {
        for k in 0..<touchedCount {
            let i = Int(touched[k])
            counts[i] = 0
            blocks[i >> LatencyHistogram.blockShift] = 0
        }
        touchedCount = 0
        count = 0
        sum = 0
        maxValue = 0
        minValue = .max
        top = 0
        bottom = .max
    }

    /// Percentiles (each in 0…100, ascending), as ``LatencyHistogram/values(atPercentiles:)``.
    func values(atPercentiles ps: [Double]) -> [UInt64] {
        LatencyHistogram.values(
            atPercentiles: ps, counts: counts, blocks: blocks, count: count, bottom: bottom, top: top,
            minValue: minValue, maxValue: maxValue)
    }

    /// The same counts as a ``LatencyHistogram``.
    var histogram: LatencyHistogram {
        var h = LatencyHistogram()
        guard count > 0 else { return h }
        for k in 0..<touchedCount {
            let i = Int(touched[k])
            h.add(bucket: i, count: counts[i])
        }
        h.set(sum: sum, min: minValue, max: maxValue)
        return h
    }
}
