/// A colour gradient over 0...1 from two or three stops.
///
/// btop's `key_start`/`key_mid`/`key_end` gradients (`generateGradients` in
/// `src/btop_theme.cpp`): with a mid colour, the first half runs start→mid and the second
/// mid→end; without an end colour the gradient is the start colour throughout.
public struct Gradient: Hashable, Sendable {
    /// The colour at 0.
    public var start: Color
    /// The colour at 0.5, if any.
    public var mid: Color?
    /// The colour at 1, if any.
    public var end: Color?

    /// Creates a gradient.
    public init(start: Color, mid: Color? = nil, end: Color? = nil) {
        self.start = start
        self.mid = mid
        self.end = end
    }

    /// A single colour.
    public init(_ color: Color) {
        self.init(start: color)
    }

    /// The colour at `fraction` (clamped to 0...1).
    public func color(at fraction: Double) -> Color {
        guard let end else { return start }
        let t = fraction.isNaN ? 0 : min(1, max(0, fraction))
        guard let mid else { return start.mixed(with: end, t) }
        return t <= 0.5 ? start.mixed(with: mid, t * 2) : mid.mixed(with: end, (t - 0.5) * 2)
    }
}
