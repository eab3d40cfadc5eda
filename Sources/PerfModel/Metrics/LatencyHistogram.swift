/// Latencies in nanoseconds in an HdrHistogram layout (Gil Tene's HdrHistogram: 3
/// significant digits, 1 ns to 1 hour), with concrete 64-bit counts.
///
/// The bucket layout, the percentile rule and the equivalent-value ranges are HdrHistogram's
/// exactly, and the tests check every percentile against hdrhistogram-swift on the same
/// data. It is written out here rather than used from that package because the package's
/// generic methods (`reset`, `valueAtPercentile`, iteration) are not specialised across
/// modules, which made the one-second timeline tick cost more than the simulation itself.
/// Percentiles are exact to the layout's resolution (0.1%), and histograms merge exactly, so
/// percentiles over any stretch of time come from merging interval histograms.
public struct LatencyHistogram: Sendable, Equatable {
    public static let highest: UInt64 = 3_600_000_000_000
    static let subBucketHalfCountMagnitude = 10
    static let subBucketHalfCount = 1 << 10
    static let subBucketCount = 1 << 11
    static let subBucketMask = UInt64(subBucketCount - 1)
    static let leadingZeroCountBase = 64 - subBucketHalfCountMagnitude - 1
    static let bucketCount: Int = {
        var smallestUntrackable = UInt64(subBucketCount)
        var buckets = 1
        while smallestUntrackable <= highest {
            smallestUntrackable <<= 1
            buckets += 1
        }
        return buckets
    }()
    public static let length = (bucketCount + 1) * subBucketHalfCount

    var counts: [UInt64]
    /// Counts per block of 64 entries, so percentile scans skip empty and passed blocks.
    var blocks: [UInt64]
    static let blockShift = 6
    public private(set) var count: UInt64 = 0
    /// The exact sum of recorded values (for an exact mean).
    public private(set) var sum: Double = 0
    public private(set) var maxValue: UInt64 = 0
    public private(set) var minValue: UInt64 = .max
    /// Lowest and highest index with a count (bound scans).
    var bottom = Int.max
    var top = 0

    public init() {
        counts = [UInt64](repeating: 0, count: LatencyHistogram.length)
        blocks = [UInt64](repeating: 0, count: LatencyHistogram.length >> LatencyHistogram.blockShift)
    }

    @inline(__always)
    static func index(_ v: UInt64) -> Int {
        let bucket = leadingZeroCountBase - (v | subBucketMask).leadingZeroBitCount
        let sub = Int(truncatingIfNeeded: v >> UInt64(bucket))
        return ((bucket + 1) << subBucketHalfCountMagnitude) + (sub - subBucketHalfCount)
    }

    /// The lowest value of the bucket at `index`.
    static func value(at index: Int) -> UInt64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var sub = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 {
            sub -= subBucketHalfCount
            bucket = 0
        }
        return UInt64(sub) << UInt64(bucket)
    }

    /// The highest value equivalent to `v` (in the same bucket).
    static func highestEquivalent(_ v: UInt64) -> UInt64 {
        let bucket = leadingZeroCountBase - (v | subBucketMask).leadingZeroBitCount
        let sub = Int(v >> UInt64(bucket))
        let adjusted = sub >= subBucketCount ? bucket + 1 : bucket
        let lowest = UInt64(sub) << UInt64(bucket)
        return lowest + (UInt64(1) << UInt64(adjusted)) - 1
    }

    /// Records one latency (clamped to 0 … 1 h).
    @inline(__always)
    public mutating func record(_ ns: Int64) {
        let v = UInt64(Swift.min(Swift.max(ns, 0), Int64(LatencyHistogram.highest)))
        record(v, count: 1)
    }

    @inline(__always)
    public mutating func record(_ v: UInt64, count c: UInt64) {
        let i = LatencyHistogram.index(v)
        counts.withUnsafeMutableBufferPointer { $0[i] &+= c }
        blocks.withUnsafeMutableBufferPointer { $0[i >> LatencyHistogram.blockShift] &+= c }
        count &+= c
        sum += Double(v) * Double(c)
        if v > maxValue { maxValue = v }
        if v < minValue { minValue = v }
        if i > top { top = i }
        if i < bottom { bottom = i }
    }

    /// Adds `c` to the bucket at `i` (rebuilding from counts kept elsewhere; ``set(sum:min:max:)``
    /// then sets what a bucket does not say).
    mutating func add(bucket i: Int, count c: UInt64) {
        counts[i] &+= c
        blocks[i >> LatencyHistogram.blockShift] &+= c
        count &+= c
        top = Swift.max(top, i)
        bottom = Swift.min(bottom, i)
    }

    mutating func set(sum: Double, min: UInt64, max: UInt64) {
        self.sum = sum
        minValue = count > 0 ? min : .max
        maxValue = count > 0 ? max : 0
    }

    public mutating func reset() {
        if count > 0 {
            counts.withUnsafeMutableBufferPointer { b in
                (b.baseAddress! + bottom).update(repeating: 0, count: top - bottom + 1)
            }
            blocks.withUnsafeMutableBufferPointer { b in
                let lo = bottom >> LatencyHistogram.blockShift
                (b.baseAddress! + lo).update(
                    repeating: 0, count: (top >> LatencyHistogram.blockShift) - lo + 1)
            }
        }
        count = 0
        sum = 0
        maxValue = 0
        minValue = .max
        top = 0
        bottom = .max
    }

    /// Adds every count of `other`.
    public mutating func add(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        counts.withUnsafeMutableBufferPointer { b in
            other.counts.withUnsafeBufferPointer { o in
                for i in other.bottom...other.top { b[i] &+= o[i] }
            }
        }
        for i in blocks.indices { blocks[i] &+= other.blocks[i] }
        count &+= other.count
        sum += other.sum
        maxValue = Swift.max(maxValue, other.maxValue)
        minValue = Swift.min(minValue, other.minValue)
        top = Swift.max(top, other.top)
        bottom = Swift.min(bottom, other.bottom)
    }

    public var isEmpty: Bool { count == 0 }

    /// HdrHistogram's `valueAtPercentile` (p in 0…100): the highest value equivalent to the
    /// smallest recorded value that at least p% of the values are no larger than.
    public func value(atPercentile p: Double) -> UInt64 {
        values(atPercentiles: [p])[0]
    }

    /// Several percentiles (each in 0…100, ascending) in one pass over the counts, with the
    /// same rule as ``value(atPercentile:)``.
    public func values(atPercentiles ps: [Double]) -> [UInt64] {
        guard count > 0 else { return ps.map { _ in 0 } }
        var walk = PercentileWalk(ps, count: count, zeroCounted: counts[0] > 0, min: minValue, max: maxValue)
        counts.withUnsafeBufferPointer { b in
            blocks.withUnsafeBufferPointer { blk in
                walk.walk(blocks: blk.baseAddress!, bottom: bottom, top: top) { b[$0] }
            }
        }
        return walk.out
    }

    /// The value at percentile `p`, in milliseconds; 0 when empty.
    public func percentileMs(_ p: Double) -> Double { Double(value(atPercentile: p)) / 1e6 }
    /// The exact mean, in milliseconds.
    public var meanMs: Double { count == 0 ? 0 : sum / Double(count) / 1e6 }
    public var maxMs: Double { Double(maxValue) / 1e6 }

    /// The histogram as (bucket index, count) pairs of its non-empty buckets: with ``sum``,
    /// ``minValue`` and ``maxValue`` this rebuilds it exactly (see ``init(compact:sum:min:max:)``).
    public var compact: [(Int, UInt64)] {
        var out: [(Int, UInt64)] = []
        guard count > 0 else { return out }
        counts.withUnsafeBufferPointer { b in
            for i in bottom...top where b[i] != 0 { out.append((i, b[i])) }
        }
        return out
    }

    /// Rebuilds a histogram from ``compact`` pairs and its exact sum and extremes.
    public init(compact pairs: [(Int, UInt64)], sum: Double, min: UInt64, max: UInt64) throws {
        self.init()
        for (i, c) in pairs {
            guard i >= 0, i < LatencyHistogram.length else {
                throw InputError("histogram bucket \(i) is out of range")
            }
            counts[i] &+= c
            blocks[i >> LatencyHistogram.blockShift] &+= c
            count &+= c
            top = Swift.max(top, i)
            bottom = Swift.min(bottom, i)
        }
        self.sum = sum
        minValue = count > 0 ? min : .max
        maxValue = count > 0 ? max : 0
    }

    public static func == (a: LatencyHistogram, b: LatencyHistogram) -> Bool {
        a.count == b.count && a.sum == b.sum && a.maxValue == b.maxValue && a.minValue == b.minValue
            && a.compact.elementsEqual(b.compact) { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// HdrHistogram's percentile rule (`valueAtPercentile`), fed the buckets in ascending order:
/// each percentile is the highest value equivalent to the first bucket at which the
/// running count reaches ⌈p·n/100⌉, clamped to the recorded extremes. Buckets with no
/// count change nothing, so a caller may skip them (or whole blocks of them, with
/// ``reaches(_:)`` and ``skip(_:)``).
struct PercentileWalk {
    let ps: [Double]
    private var targets: [UInt64]
    private(set) var out: [UInt64]
    private var k = 0
    private var running: UInt64 = 0
    private let minV: UInt64
    private let maxValue: UInt64

    /// For `count` (> 0) values, between `min` and `max`; `zeroCounted`: the bucket of 0
    /// has a count (HdrHistogram then reports 0 as the minimum).
    init(_ ps: [Double], count: UInt64, zeroCounted: Bool, min: UInt64, max: UInt64) {
        self.ps = ps
        minV = zeroCounted ? 0 : min
        maxValue = max
        out = [UInt64](repeating: max, count: ps.count)
        targets = ps.map { p in
            let requested = Swift.min(Swift.max(p.nextDown, 0), 100)
            return Swift.max(1, UInt64((requested * Double(count) / 100).rounded(.up)))
        }
        for (k, p) in ps.enumerated() where p == 0 {
            out[k] = minV
            targets[k] = 0
        }
        while k < ps.count && (ps[k] == 0 || ps[k] >= 100) { k += 1 }
    }

    var done: Bool { k >= ps.count }

    /// Whether `c` more values reach the next target.
    func reaches(_ c: UInt64) -> Bool { running &+ c >= targets[k] }

    mutating func skip(_ c: UInt64) { running &+= c }

    /// Walks the buckets `bottom...top` (`count(i)` values in bucket i; `blocks[k]` values in
    /// buckets 64k to 64k + 63), skipping whole blocks that end before the next target.
    @inline(__always)
    mutating func walk(blocks: UnsafePointer<UInt64>, bottom: Int, top: Int, count: (Int) -> UInt64) {
        let shift = LatencyHistogram.blockShift
        var block = bottom >> shift
        while !done && block <= top >> shift {
            if !reaches(blocks[block]) {
                skip(blocks[block])
                block += 1
                continue
            }
            var i = Swift.max(block << shift, bottom)
            let end = Swift.min((block << shift) + (1 << shift) - 1, top)
            while i <= end {
                add(bucket: i, count: count(i))
                i += 1
            }
            block += 1
        }
    }

    /// The next bucket in ascending order, `i`, with `c` values.
    @inline(__always)
    mutating func add(bucket i: Int, count c: UInt64) {
        running &+= c
        while k < ps.count && ps[k] < 100 && running >= targets[k] {
            let v = LatencyHistogram.highestEquivalent(LatencyHistogram.value(at: i))
            out[k] = Swift.max(Swift.min(v, maxValue), minV)
            k += 1
        }
    }
}
