/// Latencies as the timeline and the summary need them, for one histogram write each.
///
/// A finished request goes into this interval's histogram of requests counted in the
/// summary (they arrived after the warm-up) or of the others; at each tick the interval
/// (both) becomes the sample's, and its counted part is added to the total. Keeping a total
/// beside an interval histogram would cost a second write, to a second 260 KB array, per
/// request.
struct LatencyRecorder {
    private(set) var counted = LatencyHistogram()
    private(set) var uncounted = LatencyHistogram()
    /// Counted requests of the intervals already closed.
    private(set) var closed = LatencyHistogram()

    @inline(__always)
    mutating func record(_ ns: Int64, counted c: Bool) {
        if c { counted.record(ns) } else { uncounted.record(ns) }
    }

    /// This interval's histogram, counted requests and others.
    var interval: LatencyHistogram {
        if uncounted.isEmpty { return counted }
        var h = counted
        h.add(uncounted)
        return h
    }

    /// Closes the interval: its counted part joins the total.
    mutating func closeInterval() {
        closed.add(counted)
        counted.reset()
        uncounted.reset()
    }

    /// Every counted request so far.
    var total: LatencyHistogram {
        if counted.isEmpty { return closed }
        var h = closed
        h.add(counted)
        return h
    }

    /// Statistics start now: what this interval has so far stays in its sample, not in the
    /// total.
    mutating func startStatistics() {
        uncounted.add(counted)
        counted.reset()
        closed.reset()
    }
}
