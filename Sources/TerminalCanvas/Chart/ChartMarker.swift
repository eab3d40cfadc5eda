/// A vertical marker on a `LineChart` at one x value: a knob change, a breaker opening.
///
/// Drawn as a dim `│` through the plot (in cells no line passes through) and `symbol`
/// on the x axis, like the event annotations of Grafana's time series panels.
public struct ChartMarker: Hashable, Sendable {
    /// Where, in x units.
    public var x: Double
    /// The scalar drawn on the x axis.
    public var symbol: Unicode.Scalar
    /// The colour of the marker.
    public var color: Color

    /// Creates a marker.
    public init(x: Double, symbol: Unicode.Scalar = "▲", color: Color = .default) {
        self.x = x
        self.symbol = symbol
        self.color = color
    }
}
