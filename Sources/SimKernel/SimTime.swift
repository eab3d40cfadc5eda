/// Simulated time in integer nanoseconds since the start of a run.
///
/// Integer time keeps event ordering exact and runs reproducible bit for bit: no rounding
/// drift, whatever the slice sizes. 2^63 ns is about 292 years of simulated time.
public typealias SimTime = Int64

/// Conversions between simulated nanoseconds and human units.
public enum Time {
    public static let nanosecond: SimTime = 1
    public static let microsecond: SimTime = 1_000
    public static let millisecond: SimTime = 1_000_000
    public static let second: SimTime = 1_000_000_000

    /// Seconds (as a double) to nanoseconds, rounded to the nearest nanosecond.
    @inlinable
    public static func fromSeconds(_ s: Double) -> SimTime {
        SimTime((s * 1e9).rounded())
    }

    /// A non-negative duration in nanoseconds (as a double) to whole nanoseconds, rounding
    /// half up: the cheap rounding the hot path uses (no libm call).
    @inlinable @inline(__always)
    public static func ns(_ x: Double) -> SimTime { SimTime(x + 0.5) }

    /// Nanoseconds to seconds.
    @inlinable
    public static func seconds(_ t: SimTime) -> Double { Double(t) / 1e9 }

    /// A wall-clock duration (`ContinuousClock`'s) in seconds.
    public static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Nanoseconds to milliseconds.
    @inlinable
    public static func milliseconds(_ t: SimTime) -> Double { Double(t) / 1e6 }
}
