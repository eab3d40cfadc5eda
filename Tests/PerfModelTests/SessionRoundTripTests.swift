import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// A recorded session reads back to exactly the samples the pipeline produced, and reports.
@Suite struct SessionRoundTripTests {
    @Test func everySampleReadsBackExactly() throws {
        let (file, emitted, _) = try SessionFixtures.recordRun("roundtrip", scenario: "mmc", seconds: 20)
        let session = try SessionReader.read(path: file)
        #expect(session.endMissing == false)
        #expect(session.cutOffLine == nil)
        #expect(session.header.scenario == "mmc")
        #expect(session.header.seed == 42)
        #expect(session.header.knobs == (try Presets.named("mmc")!.knobs()))
        #expect(session.header.duration == 20 * Time.second)
        #expect(session.samples.count == emitted.count)
        #expect(emitted.count >= 20)
        for (r, s) in zip(session.samples, emitted) {
            #expect(try r.fullSample() == s)
            #expect(r.histogram == CompactHistogram(s.histogram!))
        }
        #expect(session.end?["summary"]?["requests"]?["offered"] != nil)
        #expect(session.end?["summary"]?["timeline"] == nil)
    }

    @Test func theCheckoutRunReports() throws {
        let (file, emitted, p) = try SessionFixtures.recordRun("checkout", scenario: "checkout", seconds: 20)
        let session = try SessionReader.read(path: file)
        let report = try SessionReport(session)
        // A run's default stretch is its measured span: the 20 samples before the drain.
        #expect(report.stretch.sampleCount == 20)
        let measured = emitted.prefix(20).reduce(Counters()) { $0 + $1.counters }
        #expect(report.stretch.counters == measured)
        #expect(report.text.contains("scenario checkout"))
        #expect(report.text.contains("latency ms"))
        let csv = report.csv.split(separator: "\n")
        #expect(csv.count == 21)
        #expect(
            csv[0].hasPrefix(
                "t,interval_s,throughput_rps,offered_rps,offered,succeeded,failed,timed_out,rejected,dropped")
        )
        #expect(csv[0].contains("p50_ms") && csv[0].contains("l1_hit_ratio") && csv[0].contains("breaker"))
        let json = report.json
        #expect(json["requests"]?["succeeded"]?.double == Double(measured.succeeded))
        #expect(json["samples"]?.double == 20)
        // Every succeeded request of the measured span is in the merged histogram.
        #expect(report.stretch.latency.count == measured.succeeded)
        #expect(p.samples.count == emitted.count)
        #expect(p.samples.allSatisfy { $0.histogram == nil })
    }

    /// A topology's report lists each call as its caller counted it. With no network
    /// latency, no cache at the caller and nothing queued at the callee's door, an attempt
    /// is a visit of the callee at the same instant: the caller's count and the callee's
    /// own agree over the first seconds. Then pricing slows past its caller's timeout.
    @Test func aTopologyReportsItsCalls() throws {
        let scenario = try ExampleTopologyTests.load("shop.toml")
        let (file, _, run) = try SessionFixtures.recordRun(
            "shop-report", scenario: scenario, seconds: 12, script: "4s pricing.db.service=30ms\n")
        let session = try SessionReader.read(path: file)
        let before = try SessionReport(session, from: 0, to: 4)
        let calls = before.callTotals
        #expect(
            calls.map { "\($0.from)->\($0.to)" } == [
                "api->cart", "api->pricing", "api->stock", "api->recommend",
            ])
        let names = scenario.topology.services.map(\.name)
        for c in calls where c.to != "recommend" {
            let k = try #require(names.firstIndex(of: c.to))
            let visits = before.samples.reduce(UInt64(0)) { $0 + $1.sample.services[k].counters.offered }
            #expect(c.counters.attempts == visits)
            #expect(c.counters.attempts > 0)
            #expect(before.text.contains("api -> \(c.to)"))
        }
        // The JSON report has the same figures.
        let api = try #require(before.json["services"]?.array?.first)
        #expect(api["name"]?.string == "api")
        let json = try #require(api["calls"]?.array)
        #expect(json.map { $0["to"]?.string } == calls.map(\.to))
        #expect(json.map { $0["attempts"]?.double } == calls.map { Double($0.counters.attempts) })
        #expect(
            api["requests"]?["offered"]?.double
                == Double(try #require(before.serviceTotals.first).counters.offered))
        // The CSV timeline adds each service's columns: its succeeded visits a second.
        let csv = before.csv.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let col = try #require(csv[0].firstIndex(of: "pricing_throughput_rps"))
        #expect(csv[0].contains("recommend_workers_busy"))
        let k = try #require(names.firstIndex(of: "pricing"))
        for (row, r) in zip(csv.dropFirst(), before.samples) {
            #expect(Double(row[col]) == Double(r.sample.services[k].counters.succeeded) / r.sample.interval)
        }
        // Slowed to ten queries of 30 ms a visit, past api's 100 ms timeout, pricing times
        // calls out and api retries them.
        let after = try #require(try SessionReport(session).callTotals.first { $0.to == "pricing" })
        #expect(after.counters.timedOut > 0)
        #expect(after.counters.retried > 0)
        #expect(calls[1].counters.timedOut == 0)
        // Each service's retries and wasted visits (pricing's, finished after api's 100 ms
        // timeout) are the report's as they are run's.
        let whole = try SessionReport(session).json["services"]?.array ?? []
        let summary = RunSummary.json(
            scenario: scenario.name, simulation: run, simSeconds: 12, wallSeconds: 1, drained: false)
        let ran = summary["services"]?.array ?? []
        #expect(whole.count == 5 && ran.count == 5)
        for (r, s) in zip(whole, ran) {
            for field in ["retried", "wasted"] {
                #expect(
                    r["requests"]?[field] == s["requests"]?[field], "\(r["name"]?.string ?? "?") \(field)")
            }
        }
        #expect((whole[2]["requests"]?["wasted"]?.double ?? 0) > 0)
        #expect((whole[0]["requests"]?["retried"]?.double ?? 0) > 0)
        #expect(try SessionReport(session).text.contains("    wasted  workers busy"))
    }

    /// The entry service down for the whole run: no request succeeds, and the report says
    /// there is no latency rather than a line of zeros; a stretch after it comes back up
    /// has one again.
    @Test func aStretchWithNoSuccessHasNoLatency() throws {
        let scenario = try ExampleTopologyTests.load("shop.toml")
        let (file, _, _) = try SessionFixtures.recordRun(
            "shop-down", scenario: scenario, seconds: 6, script: "3s api.instance.1.down=false\n",
            settings: ["api.instance.1.down=true"])
        let session = try SessionReader.read(path: file)
        let down = try SessionReport(session, from: 0, to: 3)
        #expect(down.stretch.counters.succeeded == 0)
        #expect(down.text.contains("latency ms none: no request succeeded in the stretch"))
        #expect(!down.text.contains("latency ms mean"))
        let up = try SessionReport(session, from: 4, to: 6)
        #expect(up.stretch.counters.succeeded > 0)
        #expect(up.text.contains("latency ms mean"))
        // The CSV timeline leaves the latency of those seconds empty, api's p99 too.
        let csv = try SessionReport(session).csv.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let p99 = try #require(csv[0].firstIndex(of: "p99_ms"))
        let apiP99 = try #require(csv[0].firstIndex(of: "api_p99_ms"))
        #expect(csv[1][p99] == "" && csv[2][p99] == "" && csv[1][apiP99] == "")
        #expect(Double(csv[5][p99]) != nil && Double(csv[5][apiP99]) != nil)
    }

    @Test func knobValuesThatPrintInexactlyCarryTheirExactValue() throws {
        let stepped = 0.001 + 0.05  // a ratio stepped in the dashboard: 0.051000000000000004
        let (text, exact) = SessionFormat.knobText("db.error_rate", .number(stepped))
        #expect(text == "5.1%")
        #expect(exact == .number(stepped))
        #expect(
            try SessionFormat.knobValue("db.error_rate", text: .string(text), exact: exact)
                == .number(stepped))
        let plain = SessionFormat.knobText("db.service", .number(4e6))
        #expect(plain.text == "4ms" && plain.exact == nil)

        var k = try Presets.named("mmc")!.knobs()
        try k.set("db.error_rate", .number(stepped))
        try k.set("backends.weights", .list([1, 2.5]))
        let back = try SessionHeader(
            json: JSON.parse(SessionHeader(source: .dashboard, scenario: "mmc", seed: 7, knobs: k).json.text))
        #expect(back.knobs == k)
        #expect(back.source == .dashboard)
        #expect(back.duration == nil)

        let change = KnobChange(
            at: 12_500_000_001, name: "db.error_rate", old: .number(0.001), new: .number(stepped))
        #expect(try KnobChange(json: JSON.parse(change.json.text)) == change)
    }

    @Test func theFastLineWriterWritesWhatTheCodecEncodes() throws {
        let (_, emitted, _) = try SessionFixtures.recordRun("fast", scenario: "checkout", seconds: 3)
        var samples = emitted
        var bare = emitted[0]
        bare.histogram = nil
        samples.append(bare)
        var empty = emitted[0]
        empty.histogram = LatencyHistogram()
        samples.append(empty)
        var extreme = emitted[0]
        var h = LatencyHistogram()
        for v: Int64 in [0, 1, 9, 10, 99, 12_345, Int64(LatencyHistogram.highest)] { h.record(v) }
        extreme.histogram = h
        samples.append(extreme)
        for s in samples {
            #expect(SampleCodec.text(s) == Array((SampleCodec.encode(s).text + "\n").utf8))
        }
        for x: UInt64 in [
            0, 7, 10, 99, 100, 1_000_000, 9_999_999_999_999_999_999, 10_000_000_000_000_000_000, .max,
        ] {
            let digits = [UInt8](unsafeUninitializedCapacity: 20) { out, n in
                n = SampleCodec.writeDigits(x, into: out, at: 0)
            }
            #expect(String(decoding: digits, as: UTF8.self) == String(x))
        }
    }

    @Test func jsonBytesAreTheTextsBytes() {
        let v = JSON.object([
            ("plain", .string("closed")), ("escaped", .string("a \"b\"\n\\ c\u{1}é")),
            ("ints", .array([.int(0), .int(-7), .int(.min), .int(.max)])),
            ("numbers", .array([.number(0.1), .number(5), .number(-2.5e-7), .number(.infinity)])),
            ("flags", .array([.bool(true), .bool(false), .null])), ("empty", .object([])),
            ("none", .array([])),
        ])
        #expect(JSONBytes.bytes(of: v) == Array(v.text.utf8))
    }

    @Test func histogramsSurviveTheLineExactly() throws {
        var h = LatencyHistogram()
        var rng = RandomStream(seed: 3, stream: "h")
        for _ in 0..<5000 { h.record(Int64(rng.nextUnit() * 3e8)) }
        h.record(0)
        h.record(Int64(LatencyHistogram.highest))
        let line = SampleCodec.encode(histogram: CompactHistogram(h)).text
        let back = try SampleCodec.decode(histogram: JSON.parse(line), field: "latency").histogram()
        #expect(back == h)
        #expect(back.values(atPercentiles: [50, 99, 99.9]) == h.values(atPercentiles: [50, 99, 99.9]))
    }
}
