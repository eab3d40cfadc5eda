/// A latency histogram as its non-empty buckets only, with its exact count, sum and
/// extremes: how a session keeps each sample's histogram in memory and on disk.
///
/// A ``LatencyHistogram`` holds every bucket (about 260 KB); a one-second sample usually
/// fills a few hundred. Converting either way is exact, and merging compact histograms
/// into a full one gives the same percentiles as one histogram over the whole stretch.
public struct CompactHistogram: Sendable, Equatable {
    /// (bucket index, count) of the non-empty buckets, ascending.
    public var buckets: [(index: Int, count: UInt64)]
    public var count: UInt64
    /// Exact sum of the values, ns.
    public var sum: Double
    public var minValue: UInt64
    public var maxValue: UInt64

    public init(_ h: LatencyHistogram) {
        buckets = h.compact.map { (index: $0.0, count: $0.1) }
        count = h.count
        sum = h.sum
        minValue = h.count > 0 ? h.minValue : 0
        maxValue = h.maxValue
    }

    /// An empty histogram.
    public init() {
        buckets = []
        count = 0
        sum = 0
        minValue = 0
        maxValue = 0
    }

    public init(buckets: [(index: Int, count: UInt64)], sum: Double, min: UInt64, max: UInt64) {
        self.buckets = buckets
        count = buckets.reduce(0) { $0 &+ $1.count }
        self.sum = sum
        minValue = min
        maxValue = max
    }

    /// The full histogram. Throws if a bucket index is out of the layout's range.
    public func histogram() throws -> LatencyHistogram {
        try LatencyHistogram(
            compact: buckets.map { ($0.index, $0.count) }, sum: sum, min: minValue, max: maxValue)
    }

    /// Adds every count to `h`.
    public func add(into h: inout LatencyHistogram) {
        guard count > 0, let full = try? histogram() else { return }
        h.add(full)
    }

    public static func == (a: CompactHistogram, b: CompactHistogram) -> Bool {
        a.count == b.count && a.sum == b.sum && a.minValue == b.minValue && a.maxValue == b.maxValue
            && a.buckets.elementsEqual(b.buckets) { $0.index == $1.index && $0.count == $1.count }
    }
}
