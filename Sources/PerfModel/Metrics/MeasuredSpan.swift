import SimKernel

/// What a run's measured span delivered, told apart from the drain after it.
///
/// A headless run measures from the start of statistics (the end of the warm-up) until it
/// stops arrivals, then drains. Past saturation the drain works off the backlog, and a rate
/// of everything that succeeded over the span's length reads about the offered load; the
/// span's own rate is the capacity. The successes are counted at the ticks (each closed
/// interval's, plus the open one's when asked), so the hot path counts nothing more.
struct MeasuredSpan {
    /// Requests that succeeded in the closed intervals, whenever they arrived.
    var succeededTicked: UInt64 = 0
    /// That count (with the open interval's) when statistics started and when arrivals stopped.
    var atStatisticsStart: UInt64 = 0
    var atStop: UInt64 = 0
    /// Counted requests (arrived after the warm-up) that had succeeded when arrivals stopped.
    var countedAtStop: UInt64 = 0
    /// When arrivals stopped; nil while they go on.
    var stoppedAt: SimTime?

    /// Requests that succeeded between the start of statistics and the stop of arrivals,
    /// whenever they arrived; nil before arrivals stop.
    var succeeded: UInt64? { stoppedAt == nil ? nil : atStop &- atStatisticsStart }
}
