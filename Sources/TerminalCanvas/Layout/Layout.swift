/// Splits a rectangle into segments by constraints, along one axis.
///
/// Follows ratatui's `Layout` with a simple, predictable solver instead of its Cassowary
/// one: first every segment gets its base size (`.length(n)` n, `.percentage(p)` p% of
/// the whole, `.min(n)` n, `.max(n)` n, `.fill` 0), cut from the end when they overflow;
/// then the space left goes to the `.fill` segments by weight, or, when there are none,
/// to the `.min` segments evenly, or else to the last segment (ratatui's legacy flex).
/// Rounding always sums exactly to the space available.
public struct Layout: Hashable, Sendable {
    /// The split axis.
    public var direction: Direction
    /// One constraint per segment.
    public var constraints: [Constraint]
    /// Cells left empty around the whole (on all four sides).
    public var margin: Int
    /// Cells left empty between segments.
    public var spacing: Int

    /// Creates a layout.
    public init(_ direction: Direction, _ constraints: [Constraint], margin: Int = 0, spacing: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.margin = margin
        self.spacing = spacing
    }

    /// A vertical layout (segments top to bottom).
    public static func vertical(_ constraints: [Constraint], margin: Int = 0, spacing: Int = 0) -> Layout {
        Layout(.vertical, constraints, margin: margin, spacing: spacing)
    }

    /// A horizontal layout (segments left to right).
    public static func horizontal(_ constraints: [Constraint], margin: Int = 0, spacing: Int = 0) -> Layout {
        Layout(.horizontal, constraints, margin: margin, spacing: spacing)
    }

    /// The segments of `area`, one per constraint.
    public func split(_ area: Rect) -> [Rect] {
        let inner = area.inset(horizontal: margin, vertical: margin)
        let total = direction == .vertical ? inner.height : inner.width
        let sizes = Layout.sizes(constraints, total: total, spacing: spacing)
        var result: [Rect] = []
        result.reserveCapacity(sizes.count)
        var offset = 0
        for size in sizes {
            let start = min(offset, total)
            let length = min(size, total - start)
            switch direction {
            case .vertical:
                result.append(Rect(x: inner.x, y: inner.y + start, width: inner.width, height: length))
            case .horizontal:
                result.append(Rect(x: inner.x + start, y: inner.y, width: length, height: inner.height))
            }
            offset += size + spacing
        }
        return result
    }

    /// The segment sizes for `constraints` over `total` cells with `spacing` between.
    public static func sizes(_ constraints: [Constraint], total: Int, spacing: Int = 0) -> [Int] {
        guard !constraints.isEmpty else { return [] }
        let available = max(0, total - spacing * (constraints.count - 1))
        var sizes = constraints.map { c -> Int in
            switch c {
            case .length(let n), .min(let n), .max(let n): return Swift.max(0, n)
            case .percentage(let p): return Swift.max(0, available * Swift.min(100, p) / 100)
            case .fill: return 0
            }
        }
        // Overflow: cut from the end.
        var excess = sizes.reduce(0, +) - available
        var i = sizes.count - 1
        while excess > 0 && i >= 0 {
            let cut = Swift.min(sizes[i], excess)
            sizes[i] -= cut
            excess -= cut
            i -= 1
        }
        let left = available - sizes.reduce(0, +)
        guard left > 0 else { return sizes }
        let fills = constraints.indices.compactMap { index -> (Int, Int)? in
            if case .fill(let w) = constraints[index] { return (index, Swift.max(0, w)) }
            return nil
        }
        let mins = constraints.indices.filter {
            if case .min = constraints[$0] { return true }
            return false
        }
        let receivers: [(Int, Int)]
        if !fills.isEmpty && fills.contains(where: { $0.1 > 0 }) {
            receivers = fills
        } else if !fills.isEmpty {
            receivers = fills.map { ($0.0, 1) }
        } else if !mins.isEmpty {
            receivers = mins.map { ($0, 1) }
        } else {
            // ratatui's legacy flex: the last segment stretches, unless it is a `.max`.
            if case .max = constraints[constraints.count - 1] { return sizes }
            receivers = [(constraints.count - 1, 1)]
        }
        let weightSum = receivers.reduce(0) { $0 + $1.1 }
        guard weightSum > 0 else { return sizes }
        var cumulativeWeight = 0
        var given = 0
        for (index, weight) in receivers {
            cumulativeWeight += weight
            let target = left * cumulativeWeight / weightSum
            sizes[index] += target - given
            given = target
        }
        return sizes
    }
}
