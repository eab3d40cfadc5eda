/// One line of a `LineChart`: a name for the legend, a colour and its points.
public struct ChartSeries: Sendable {
    /// The name shown in the legend.
    public var name: String
    /// The colour of the line and its legend entry.
    public var color: Color
    /// The points, in increasing x.
    public var points: [(x: Double, y: Double)]

    /// Creates a series.
    public init(name: String, color: Color, points: [(x: Double, y: Double)]) {
        self.name = name
        self.color = color
        self.points = points
    }
}
