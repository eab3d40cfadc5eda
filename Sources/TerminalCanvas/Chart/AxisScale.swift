/// How values map onto a chart's y axis.
public enum AxisScale: Hashable, Sendable {
    /// Evenly spaced values.
    case linear
    /// Evenly spaced powers of ten; values at or below zero sit at the bottom.
    case logarithmic
}
