import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// `report --from --to` percentiles, merged from the samples' histograms, against exact order
/// statistics of the raw latencies of the same stretch.
@Suite struct SessionPercentileTests {
    @Test func mergedPercentilesMatchExactOrderStatistics() throws {
        let knobs = try Presets.named("mmc")!.knobs()
        let p = try Simulation(knobs: knobs, seed: 11)
        // Raw latencies by the sample they fall in (the sample being gathered when they finish).
        var raw: [[Int64]] = []
        p.latencyProbe = { [unowned p] lat in
            let i = p.samples.count
            while raw.count <= i { raw.append([]) }
            raw[i].append(lat)
        }
        let file = SessionFixtures.path("percentiles")
        var run = HeadlessRun(
            scenarioName: "mmc", knobs: knobs, seed: 11, duration: 30 * Time.second, warmup: 0)
        run.script = [(at: 12_500_000_000, name: "load.rate", value: .number(790))]
        let writer = try SessionWriter(
            path: file,
            header: SessionHeader(
                source: .run, scenario: "mmc", seed: 11, knobs: knobs, duration: run.duration, warmup: 0,
                drainLimit: run.drainLimit))
        writer.attach(to: p)
        _ = try run.execute(simulation: p) { t, name, old, new in
            writer.record(knob: name, old: old, new: new, at: t)
        }
        try writer.finish(summary: nil, at: p.now)

        let session = try SessionReader.read(path: file)
        let report = try SessionReport(session, from: 5, to: 17)
        #expect(report.stretch.sampleCount == 12)
        // Samples ending at 6 … 17 s are the 6th … 17th: indices 5 … 16.
        let reference = raw[5...16].flatMap { $0 }.sorted()
        let h = report.stretch.latency
        #expect(h.count == UInt64(reference.count))
        #expect(reference.count > 8000)
        // p = num / den percent; HdrHistogram's rule picks the value of rank ceil(p·n/100).
        for (num, den) in [(50, 1), (90, 1), (95, 1), (99, 1), (999, 10), (9999, 100)] {
            let n = reference.count
            let rank = max(1, (num * n + den * 100 - 1) / (den * 100))
            let exact = reference[rank - 1]
            let hdr = h.value(atPercentile: Double(num) / Double(den))
            #expect(UInt64(exact) <= hdr)
            #expect(
                Double(hdr - UInt64(exact)) <= Double(exact) / 1000 + 1, "p\(num)/\(den): \(hdr) vs \(exact)")
            #expect(hdr == min(LatencyHistogram.highestEquivalent(UInt64(exact)), h.maxValue))
        }
        #expect(h.maxValue == UInt64(reference.last!))
        #expect(h.minValue == UInt64(reference.first!))
        let mean = Double(reference.reduce(0, +)) / Double(reference.count)
        #expect(abs(h.meanMs * 1e6 - mean) <= mean * 1e-12)

        // Averaging the samples' p99s would not give the stretch's p99.
        let averaged = report.samples.map(\.sample.latency.p99).reduce(0, +) / Double(report.samples.count)
        #expect(abs(averaged - h.percentileMs(99)) > 0.001)
    }
}
