import Foundation
import Testing

@testable import PerfModel

/// `compare`: the knobs that differ and each headline figure with its change.
@Suite struct SessionComparisonTests {
    @Test func lighterLoadIsFasterAndColouredSo() throws {
        let (fa, _, _) = try SessionFixtures.recordRun("a", scenario: "mmc", seconds: 10)
        let (fb, _, _) = try SessionFixtures.recordRun(
            "b", scenario: "mmc", seconds: 10, script: "5s db.pool=10\n",
            settings: ["load.rate=600"])
        let c = try SessionComparison(
            a: try SessionReader.read(path: fa), b: try SessionReader.read(path: fb))
        #expect(c.startDifferences.map(\.name) == ["load.rate"])
        #expect(c.startDifferences.first?.a == "720" && c.startDifferences.first?.b == "600")
        let p99 = try #require(c.rows.first { $0.a.key == "p99_ms" })
        #expect(p99.change < 0)
        #expect(p99.improved == true)
        let tput = try #require(c.rows.first { $0.a.key == "throughput_rps" })
        #expect(tput.improved == false)
        #expect(c.rows.first { $0.a.key == "offered_rps" }?.improved == nil)
        let plain = c.text(color: false)
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains("load.rate"))
        #expect(plain.contains("knob changes B: 5 s  db.pool 8 -> 10"))
        let coloured = c.text(color: true)
        #expect(coloured.contains("\u{1B}[32m"))
        #expect(coloured.contains("\u{1B}[31m"))
    }

    /// `--from`/`--to` set the same stretch on both sides: B's pool grows at 5 s, and over
    /// 6…10 s its p99 is what `report --from 6s --to 10s` says, where over the default
    /// stretch it mixes the seconds before the change in. A side with no sample there is
    /// named.
    @Test func bothSidesOverTheSameStretch() throws {
        let (fa, _, _) = try SessionFixtures.recordRun("stretch-a", scenario: "mmc", seconds: 10)
        let (fb, _, _) = try SessionFixtures.recordRun(
            "stretch-b", scenario: "mmc", seconds: 10, script: "5s db.pool=12\n")
        let (fc, _, _) = try SessionFixtures.recordRun("stretch-c", scenario: "mmc", seconds: 4)
        let a = try SessionReader.read(path: fa)
        let b = try SessionReader.read(path: fb)
        let whole = try SessionComparison(a: a, b: b)
        let late = try SessionComparison(a: a, b: b, from: 6, to: 10)
        #expect(late.a.stretch.from == 6 && late.b.stretch.to == 10)
        #expect(late.b.stretch.sampleCount == 4)
        let p99 = { (c: SessionComparison) in try #require(c.rows.first { $0.a.key == "p99_ms" }) }
        #expect(try p99(late).b.value == SessionReport(b, from: 6, to: 10).stretch.percentileMs(99))
        #expect(try p99(late).b.value < p99(whole).b.value)
        #expect(late.text(color: false).contains("6…10 s, 4 samples"))
        do {
            _ = try SessionComparison(a: a, b: try SessionReader.read(path: fc), from: 6, to: 10)
            Issue.record("a side with no sample in the stretch was compared")
        } catch {
            #expect("\(error)".hasPrefix("\(fc): --from: no sample lies wholly between 6 and 10 s"))
        }
        // A start past the end that was not given: the end named is the measured span's, and
        // whose (it said "after --to 10 s" of a --to nobody typed).
        do {
            _ = try SessionComparison(a: a, b: b, from: 30)
            Issue.record("a stretch that ends before it starts was compared")
        } catch {
            #expect("\(error)" == "\(fa): --from: 30 s is after the end of the measured span, 10 s")
        }
    }

    /// B's entry service is down the whole run: nothing succeeds, so B has no latency. Its
    /// percentiles were 0 ms, a 100% fall painted green as an improvement; now they read
    /// `none`, the change `n/a`, and nothing about them is better or worse.
    @Test func aSideWithNoSuccessHasNoLatencyToCompare() throws {
        let shop = try ExampleTopologyTests.load("shop.toml")
        let (fa, _, _) = try SessionFixtures.recordRun("shop-up", scenario: shop, seconds: 3)
        let (fb, _, _) = try SessionFixtures.recordRun(
            "shop-api-down", scenario: shop, seconds: 3, settings: ["api.instance.1.down=true"])
        let c = try SessionComparison(
            a: try SessionReader.read(path: fa), b: try SessionReader.read(path: fb))
        for key in ["mean_ms", "p50_ms", "p99_ms", "max_ms"] {
            let r = try #require(c.rows.first { $0.a.key == key })
            #expect(!r.a.isMissing && r.b.isMissing)
            #expect(r.improved == nil)
        }
        let tput = try #require(c.rows.first { $0.a.key == "throughput_rps" })
        #expect(tput.improved == false)
        let text = c.text(color: true)
        let p99 = try #require(text.split(separator: "\n").first { $0.hasPrefix("latency p99 ") })
        #expect(p99.contains("none") && p99.contains("n/a") && !p99.contains("\u{1B}["))
        // The other way round, the same.
        let back = try SessionComparison(
            a: try SessionReader.read(path: fb), b: try SessionReader.read(path: fa))
        #expect(back.rows.first { $0.a.key == "p99_ms" }?.improved == nil)
    }

    /// Two runs of a topology that differ in one service's knob: compare names it by its
    /// full name (it said "same starting knobs" while only the entry service's were looked
    /// at), and report lists each service's knobs set apart from the defaults.
    @Test func aServiceKnobThatDiffersIsNamed() throws {
        let shop = try ExampleTopologyTests.load("shop.toml")
        let (fa, _, _) = try SessionFixtures.recordRun("shop-a", scenario: shop, seconds: 3)
        let (fb, _, _) = try SessionFixtures.recordRun(
            "shop-b", scenario: shop, seconds: 3, settings: ["pricing.db.service=3ms"])
        let a = try SessionReader.read(path: fa)
        let b = try SessionReader.read(path: fb)
        let c = try SessionComparison(a: a, b: b)
        #expect(c.startDifferences.map(\.name) == ["pricing.db.service"])
        #expect(c.startDifferences.first?.a == "1ms" && c.startDifferences.first?.b == "3ms")
        #expect(!c.text(color: false).contains("same starting knobs"))
        // Each service's own figures follow the headline: pricing, three times slower per
        // query, keeps its throughput and works its workers harder.
        let busy = try #require(c.rows.first { $0.a.key == "pricing.utilization" })
        #expect(busy.b.value > busy.a.value)
        let tput = try #require(c.rows.first { $0.a.key == "pricing.throughput_rps" })
        let visits = try SessionReport(a).serviceTotals.first { $0.name == "pricing" }?.counters.succeeded
        #expect(tput.a.value == Double(try #require(visits)) / 3)
        #expect(c.text(color: false).contains("pricing workers busy"))
        let set = try SessionReport(b).knobsSet
        #expect(set.contains { $0 == ("pricing.db.service", "3ms") })
        #expect(set.contains { $0 == ("pricing.instances", "3") })
        #expect(set.contains { $0 == ("api.db.enabled", "false") })
        // The text lists them all, in order, in lines of at most 110 columns under one another.
        let text = try SessionReport(b).text.split(separator: "\n").map(String.init)
        let first = try #require(text.firstIndex { $0.hasPrefix("knobs      ") })
        var lines = [text[first]]
        while text[first + lines.count].hasPrefix("           ") { lines.append(text[first + lines.count]) }
        #expect(lines.count > 1 && lines.allSatisfy { $0.count <= 110 })
        let listed = lines.flatMap { $0.dropFirst(11).split(separator: " ").map(String.init) }
        #expect(listed == set.map { "\($0.name)=\($0.value)" })
        // Against another topology: the shapes differ, and only the knobs both have are listed.
        let (fc, _, _) = try SessionFixtures.recordRun(
            "chain", scenario: try ExampleTopologyTests.load("chain.toml"), seconds: 3)
        let other = try SessionComparison(a: a, b: try SessionReader.read(path: fc))
        #expect(other.startDifferences.contains { $0.name == "topology" })
        #expect(!other.startDifferences.contains { $0.name.hasPrefix("pricing.") })
    }

    /// The time inside each service over a stretch: the mean is exact (each sample's mean
    /// weighted by its count, as the session's raw lines give it), and the worst sample's
    /// p99 is the highest in them. Against theory: pricing makes ten queries one after
    /// another on pools far from busy (about 4 of 24 connections at 1 ms), so its mean is
    /// its own 0.3 ms plus ten query times, 10.3 ms; with queries three times slower it is
    /// near three times that, and compare says the service got slower.
    @Test func eachServiceTimeOverTheStretch() throws {
        let shop = try ExampleTopologyTests.load("shop.toml")
        let (fa, _, _) = try SessionFixtures.recordRun("shop-time-a", scenario: shop, seconds: 20)
        let (fb, _, _) = try SessionFixtures.recordRun(
            "shop-time-b", scenario: shop, seconds: 20, settings: ["pricing.db.service=3ms"])
        let a = try SessionReport(try SessionReader.read(path: fa))
        let pricing = try #require(a.serviceTotals.first { $0.name == "pricing" })
        // From the raw lines, read another way.
        var count = 0.0
        var sum = 0.0
        var worst = 0.0
        let text = try String(contentsOfFile: fa, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard o["type"] as? String == "sample", let t = o["t"] as? Double, t <= 20 else { continue }
            let services = try #require(o["services"] as? [[String: Any]])
            let p = try #require(services.first { $0["name"] as? String == "pricing" })
            let lat = try #require(p["latency_ms"] as? [String: Any])
            let n = try #require(lat["count"] as? Double)
            guard n > 0 else { continue }
            count += n
            sum += n * (try #require(lat["mean"] as? Double))
            worst = max(worst, try #require(lat["p99"] as? Double))
        }
        let mean = try #require(pricing.latencyMeanMs)
        #expect(abs(mean - sum / count) < 1e-9 * mean)
        #expect(pricing.worstSampleP99Ms == worst)
        #expect(abs(mean - 10.3) < 0.02 * 10.3, "pricing mean \(mean) ms, theory 10.3 ms")
        let c = try SessionComparison(
            a: try SessionReader.read(path: fa), b: try SessionReader.read(path: fb))
        let row = try #require(c.rows.first { $0.a.key == "pricing.mean_ms" })
        #expect(row.a.value == mean && row.b.value > 2.5 * mean && row.improved == false)
        #expect(c.rows.contains { $0.a.key == "pricing.p99_worst_sample_ms" })
        let listed = a.json["services"]?.array?.first { $0["name"]?.string == "pricing" }
        #expect(listed?["latency_mean_ms"]?.double == mean)
        #expect(a.text.contains("service    latency mean ms  p99 worst sample ms"))
    }

    /// A large graph's shape is its ends and its size, not every name: a 300-service chain
    /// made a topology line of 1,800 characters.
    @Test func aLargeTopologyIsNamedByItsEnds() throws {
        var text = "entry = \"s0\"\n"
        for i in 0..<40 {
            text += "[services.s\(i)]\n"
            if i < 39 { text += "[[services.s\(i).calls]]\nto = \"s\(i + 1)\"\n" }
        }
        let big = try TopologyFile.parse(text: text, file: "big.toml")
        let (fa, _, _) = try SessionFixtures.recordRun("big", scenario: big, seconds: 2)
        let (fb, _, _) = try SessionFixtures.recordRun("mmc", seconds: 2)
        let c = try SessionComparison(a: SessionReader.read(path: fa), b: SessionReader.read(path: fb))
        let row = try #require(c.startDifferences.first { $0.name == "topology" })
        #expect(row.a == "s0,s1,s2,…,s39 (40 services)")
        #expect(row.b == "one service")
    }
}
