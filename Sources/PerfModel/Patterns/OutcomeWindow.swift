import SimKernel

/// The sliding window of call outcomes behind ``CircuitBreaker``: counts of calls, failed
/// calls and slow calls over the last N calls or the last N seconds.
///
/// Follows resilience4j's `FixedSizeSlidingWindowMetrics` (count-based: a ring of the last N
/// outcomes) and `SlidingTimeWindowMetrics` (time-based: a ring of N partial aggregations, one
/// per epoch second, plus a running total from which a bucket is subtracted as the window
/// moves past it). Epoch seconds here are whole seconds of simulated time since the start of
/// the run (`now / 1 s`) instead of the wall clock's. Unlike resilience4j it keeps no
/// durations, only the three counts the breaker's thresholds need.
///
/// Each record is O(1) for count-based windows and O(min(elapsed seconds, N)) for time-based
/// ones; nothing is allocated after construction.
struct OutcomeWindow: Sendable {
    /// How the window slides.
    enum Kind: Sendable, Equatable {
        /// One bucket per call: the last `n` calls.
        case count
        /// One bucket per epoch second: the calls of the last `n` seconds (the current one
        /// included).
        case time
    }

    let kind: Kind
    /// The number of buckets (calls or seconds).
    let size: Int

    private var calls: [Int32]
    private var failed: [Int32]
    private var slow: [Int32]
    /// The epoch second of each bucket (time-based windows only).
    private var epochs: [Int64]
    private var head: Int = 0

    /// Totals over the live buckets.
    private(set) var totalCalls: Int = 0
    private(set) var totalFailed: Int = 0
    private(set) var totalSlow: Int = 0

    /// A window of `size` buckets (calls or seconds), starting empty at `now`.
    init(kind: Kind, size: Int, now: SimTime) {
        precondition(size >= 0, "window size must be non-negative")
        self.kind = kind
        self.size = size
        calls = [Int32](repeating: 0, count: size)
        failed = [Int32](repeating: 0, count: size)
        slow = [Int32](repeating: 0, count: size)
        epochs = [Int64](repeating: 0, count: kind == .time ? size : 0)
        reset(now: now)
    }

    /// Empties the window in place, as if it were new at `now`.
    mutating func reset(now: SimTime) {
        for i in 0..<size {
            calls[i] = 0
            failed[i] = 0
            slow[i] = 0
        }
        if kind == .time {
            // As resilience4j: bucket i starts at the current epoch second + i, head at 0.
            let e = OutcomeWindow.epochSecond(now)
            for i in 0..<size { epochs[i] = e + Int64(i) }
        }
        head = 0
        totalCalls = 0
        totalFailed = 0
        totalSlow = 0
    }

    @inline(__always)
    static func epochSecond(_ t: SimTime) -> Int64 {
        t >= 0 ? t / Time.second : -((-t + Time.second - 1) / Time.second)
    }

    /// Records one outcome at `now`, sliding the window first.
    mutating func record(failed isFailed: Bool, slow isSlow: Bool, now: SimTime) {
        guard size > 0 else { return }
        switch kind {
        case .count:
            head += 1
            if head == size { head = 0 }
            evict(head)
        case .time:
            advance(to: now)
        }
        calls[head] += 1
        totalCalls += 1
        if isFailed {
            failed[head] += 1
            totalFailed += 1
        }
        if isSlow {
            slow[head] += 1
            totalSlow += 1
        }
    }

    /// Moves a time-based window so that its newest bucket is `now`'s epoch second.
    mutating func advance(to now: SimTime) {
        guard kind == .time, size > 0 else { return }
        let current = OutcomeWindow.epochSecond(now)
        let difference = current - epochs[head]
        guard difference > 0 else { return }  // same second (or time went backwards)
        var steps = Int(min(difference, Int64(size)))
        repeat {
            steps -= 1
            head += 1
            if head == size { head = 0 }
            evict(head)
            epochs[head] = current - Int64(steps)
        } while steps > 0
    }

    @inline(__always)
    private mutating func evict(_ i: Int) {
        totalCalls -= Int(calls[i])
        totalFailed -= Int(failed[i])
        totalSlow -= Int(slow[i])
        calls[i] = 0
        failed[i] = 0
        slow[i] = 0
    }

    /// The counts as they would be seen at `now`, without moving the window: a time-based
    /// window leaves out buckets older than its span. O(size) for time-based windows.
    func counts(at now: SimTime) -> (calls: Int, failed: Int, slow: Int) {
        guard kind == .time, size > 0 else { return (totalCalls, totalFailed, totalSlow) }
        let current = OutcomeWindow.epochSecond(now)
        if current <= epochs[head] { return (totalCalls, totalFailed, totalSlow) }
        var c = 0
        var f = 0
        var s = 0
        for i in 0..<size where epochs[i] > current - Int64(size) {
            c += Int(calls[i])
            f += Int(failed[i])
            s += Int(slow[i])
        }
        return (c, f, s)
    }
}
