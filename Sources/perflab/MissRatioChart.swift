import CachePolicies

/// A miss-ratio curve in plain text: miss ratio (y) against cache size (x, logarithmic when
/// the sizes span more than a factor of 10), one line per policy drawn with its own
/// symbol, with axes and a legend. Where lines cross, the later policy's symbol shows, but
/// every measured point is drawn last.
struct MissRatioChart {
    let results: [SimulationResult]
    let policies: [CachePolicyName]
    let sizes: [Int]
    var width = 60
    var height = 16

    static let symbols: [Character] = ["*", "o", "+", "x", "#", "@", "%", "&", "=", "~", "$"]

    func render() -> String {
        let sorted = sizes.sorted()
        guard let minSize = sorted.first, let maxSize = sorted.last else { return "" }
        let logScale = maxSize > 10 * minSize
        func xPos(_ size: Int) -> Double {
            if maxSize == minSize { return Double(width - 1) / 2 }
            let t =
                logScale
                ? (log10(Double(size)) - log10(Double(minSize)))
                    / (log10(Double(maxSize)) - log10(Double(minSize)))
                : Double(size - minSize) / Double(maxSize - minSize)
            return t * Double(width - 1)
        }
        let ratios = results.map(\.missRatio)
        var lo = ratios.min() ?? 0
        var hi = ratios.max() ?? 1
        if hi - lo < 0.01 { lo = max(0, lo - 0.005); hi = min(1, hi + 0.005) }
        let pad = (hi - lo) * 0.05
        lo = max(0, lo - pad)
        hi = min(1, hi + pad)
        if hi <= lo { hi = lo + 0.01 }
        func yRow(_ ratio: Double) -> Int {
            let t = (ratio - lo) / (hi - lo)
            return min(height - 1, max(0, Int(((1 - t) * Double(height - 1)).rounded())))
        }

        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        var markers: [(row: Int, col: Int, symbol: Character)] = []
        for (index, policy) in policies.enumerated() {
            let symbol = Self.symbols[index % Self.symbols.count]
            let points = results.filter { $0.policy == policy }
                .map { (x: xPos($0.size), y: $0.missRatio) }
                .sorted { $0.x < $1.x }
            guard !points.isEmpty else { continue }
            for p in points { markers.append((yRow(p.y), Int(p.x.rounded()), symbol)) }
            if points.count == 1 { continue }
            // Interpolate linearly (in the x scale) between consecutive points, column by column.
            for col in 0..<width {
                let x = Double(col)
                guard x >= points.first!.x - 0.5, x <= points.last!.x + 0.5 else { continue }
                var k = 0
                while k < points.count - 2 && x > points[k + 1].x { k += 1 }
                let a = points[k], b = points[k + 1]
                let t = b.x == a.x ? 0 : min(1, max(0, (x - a.x) / (b.x - a.x)))
                let y = a.y + t * (b.y - a.y)
                grid[yRow(y)][col] = symbol
            }
        }
        // The measured points go on top, so every policy's points show.
        for m in markers { grid[m.row][m.col] = m.symbol }

        var out = "miss ratio\n"
        let labelRows = Set([0, height / 2, height - 1])
        for row in 0..<height {
            let value = hi - (hi - lo) * Double(row) / Double(height - 1)
            let label = labelRows.contains(row) ? fixed(value, 3) : ""
            out +=
                String(repeating: " ", count: 6 - label.count) + label
                + (labelRows.contains(row) ? " ┤" : " │")
            out += String(grid[row]) + "\n"
        }
        out += String(repeating: " ", count: 7) + "└" + String(repeating: "─", count: width) + "\n"
        // Size labels under their x positions, skipping any that would overlap.
        var axis = [Character](repeating: " ", count: width + 12)
        var nextFree = 0
        for s in sorted {
            let text = Array(compact(s))
            let center = 8 + Int(xPos(s).rounded())
            let start = max(nextFree, min(center - text.count / 2, axis.count - text.count))
            if start + text.count > axis.count { continue }
            for (i, ch) in text.enumerated() { axis[start + i] = ch }
            nextFree = start + text.count + 1
        }
        out += String(axis).replacingTrailingSpaces() + "\n"
        out +=
            String(repeating: " ", count: 8) + "cache size (entries" + (logScale ? ", log scale)" : ")")
            + "\n\n"
        var legend = "legend:"
        for (index, policy) in policies.enumerated() {
            legend += "  \(Self.symbols[index % Self.symbols.count]) \(policy.rawValue)"
        }
        out += legend + "\n"
        return out
    }

    /// 1500 → "1.5k", 2000000 → "2M".
    func compact(_ n: Int) -> String {
        func trim(_ v: Double) -> String {
            let s = fixed(v, 1)
            return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
        }
        if n >= 1_000_000 && n % 100_000 == 0 { return trim(Double(n) / 1e6) + "M" }
        if n >= 1_000 && n % 100 == 0 { return trim(Double(n) / 1e3) + "k" }
        return String(n)
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
