import Histogram
import SimKernel
import Testing

@testable import PerfModel

/// perflab's histogram keeps HdrHistogram's layout and percentile rule: every percentile
/// must equal hdrhistogram-swift's on the same values.
@Suite struct LatencyHistogramTests {
    static func fill(seed: UInt64, n: Int) -> (LatencyHistogram, Histogram<UInt64>, [UInt64]) {
        var mine = LatencyHistogram()
        var reference = Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: LatencyHistogram.highest,
            numberOfSignificantValueDigits: .three)
        var rng = RandomStream(seed: seed)
        let d = Distribution.lognormal(mean: 5e6, cv: 3)  // 5 ms, heavy tail: spans many buckets
        var raw: [UInt64] = []
        for i in 0..<n {
            var v = UInt64(d.sample(using: &rng).rounded())
            if i % 97 == 0 { v = UInt64(rng.nextInt(below: 3000)) }  // small values, bucket 0
            v = Swift.min(v, LatencyHistogram.highest)
            mine.record(v, count: 1)
            reference.record(v)
            raw.append(v)
        }
        return (mine, reference, raw)
    }

    static let percentiles: [Double] = [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100]

    @Test(arguments: [1, 2, 3] as [UInt64])
    func percentilesEqualHdrHistogramSwift(seed: UInt64) {
        let (mine, reference, _) = Self.fill(seed: seed, n: 100_000)
        for p in Self.percentiles {
            #expect(mine.value(atPercentile: p) == reference.valueAtPercentile(p), "p\(p)")
        }
        let onePass = mine.values(atPercentiles: Self.percentiles.filter { $0 > 0 && $0 < 100 })
        let each = Self.percentiles.filter { $0 > 0 && $0 < 100 }.map { reference.valueAtPercentile($0) }
        #expect(onePass == each)
        #expect(mine.count == reference.totalCount)
    }

    @Test func percentilesAreWithinResolutionOfExactOrderStatistics() {
        let (mine, _, raw) = Self.fill(seed: 9, n: 50_000)
        let sorted = raw.sorted()
        for p in [50.0, 90, 99, 99.9] {
            let rank = Int((p * Double(sorted.count) / 100 - 1e-9).rounded(.up))  // the ⌈pn⌉-th smallest
            let exact = Double(sorted[rank - 1])
            let got = Double(mine.value(atPercentile: p))
            #expect(got >= exact && got <= exact * 1.001 + 1, "p\(p): \(got) vs \(exact)")
        }
    }

    @Test func compactFormRebuildsExactlyAndMergesExactly() throws {
        let (a, _, rawA) = Self.fill(seed: 4, n: 20_000)
        let (b, _, rawB) = Self.fill(seed: 5, n: 30_000)
        let rebuilt = try LatencyHistogram(compact: a.compact, sum: a.sum, min: a.minValue, max: a.maxValue)
        #expect(rebuilt == a)
        var merged = a
        merged.add(b)
        var direct = LatencyHistogram()
        for v in rawA + rawB { direct.record(v, count: 1) }
        #expect(merged == direct)
        for p in Self.percentiles { #expect(merged.value(atPercentile: p) == direct.value(atPercentile: p)) }
    }

    @Test func resetEmptiesIt() {
        var (h, _, _) = Self.fill(seed: 6, n: 1000)
        h.reset()
        #expect(h.isEmpty && h.value(atPercentile: 99) == 0 && h.compact.isEmpty)
        h.record(5_000_000)
        // The bucket's highest equivalent value, clamped to the largest value recorded (HdrHistogram's rule).
        #expect(h.value(atPercentile: 50) == 5_000_000)
        #expect(LatencyHistogram.highestEquivalent(5_000_000) > 5_000_000)
    }

    /// The recorders' raw counts record what a histogram records: the same percentiles
    /// (hdrhistogram-swift's, by the test above), the same histogram back, and after a reset
    /// (which clears only the buckets used) the same as new.
    @Test func rawCountsEqualTheHistogramAndResetToNew() {
        let (h, reference, raw) = Self.fill(seed: 7, n: 50_000)
        var c = LatencyCounts()
        for v in raw { c.record(v) }
        // (#expect cannot capture a noncopyable value: each check is computed first.)
        let rebuilt = c.histogram
        let sums = c.count == h.count && c.sum == h.sum
        let ps = Self.percentiles.filter { $0 > 0 && $0 < 100 }
        let values = c.values(atPercentiles: ps)
        let summary = LatencySummary(c)
        #expect(rebuilt == h)
        #expect(sums)
        #expect(values == ps.map { reference.valueAtPercentile($0) })
        #expect(summary == LatencySummary(h))
        c.reset()
        let emptied = c.isEmpty && c.histogram == LatencyHistogram()
        let none = c.values(atPercentiles: [50, 99])
        #expect(emptied)
        #expect(none == [0, 0])
        let (h2, _, raw2) = Self.fill(seed: 8, n: 3_000)
        for v in raw2 { c.record(v) }
        let again = c.histogram
        let summary2 = LatencySummary(c)
        #expect(again == h2)
        #expect(summary2 == LatencySummary(h2))
    }

    /// A recorder's interval holds every request since the last tick, its total the counted
    /// ones since statistics started: the total equals the intervals' counted parts merged.
    /// (2,000 requests an interval: more than a batch, so some are counted before a read
    /// and the rest by it.)
    @Test func recorderTotalIsTheCountedPartOfEveryInterval() {
        var r = LatencyRecorder()
        var counted = LatencyHistogram()
        var rng = RandomStream(seed: 11)
        for round in 0..<5 {
            var all = LatencyHistogram()
            for _ in 0..<2_000 {
                let v = Int64(rng.nextInt(below: 50_000_000))
                let isCounted = round >= 2 || rng.nextUnit() < 0.5
                r.record(v, counted: isCounted)
                all.record(v)
                if isCounted { counted.record(v) }
            }
            let interval = r.intervalHistogram()
            let summary = r.intervalSummary()
            #expect(interval == all)
            #expect(summary == LatencySummary(all))
            r.closeInterval()
            let emptied = r.intervalIsEmpty
            #expect(emptied)
            if round == 1 {
                r.startStatistics()
                counted = LatencyHistogram()
            }
        }
        let total = r.totalHistogram()
        #expect(total == counted)
    }
}
