import Foundation
import SimKernel
import Testing

@testable import PerfModel

@Suite struct SweepTests {
    static func sweep(
        _ scenario: String, _ vary: [String], replications: Int = 2, seconds: Double = 20, seed: UInt64 = 42,
        settings: [String] = []
    ) throws -> Sweep {
        let sc = try Scenario.load(scenario)
        var k = try sc.knobs()
        for s in settings { try k.apply(assignment: s) }
        return Sweep(
            scenario: sc, base: k, axes: try vary.map { try SweepAxis($0, knobs: k) },
            replications: replications,
            duration: Time.fromSeconds(seconds), warmup: Time.fromSeconds(2), seed: seed, settings: settings)
    }

    @Test func axesParseRangesGeometricGridsAndLists() throws {
        let k = try Presets.named("checkout")!.knobs()
        #expect(
            try SweepAxis("load.rate=100..500:5", knobs: k).values
                == [100, 200, 300, 400, 500].map { .number($0) })
        let g = try SweepAxis("load.rate=100..10k:3*", knobs: k).values.map(\.number)
        #expect(abs(g[1] - 1000) < 1e-6 && g[0] == 100 && g[2] == 10_000)
        #expect(try SweepAxis("l1.policy=lru,s3fifo", knobs: k).values == [.text("lru"), .text("s3fifo")])
        #expect(try SweepAxis("db.pool=1..4:4", knobs: k).values == [1, 2, 3, 4].map { .number($0) })
        #expect(throws: InputError.self) { try SweepAxis("load.rate=1..fast", knobs: k) }
        #expect(throws: InputError.self) { try SweepAxis("nosuch=1..2", knobs: k) }
        #expect(throws: InputError.self) { try SweepAxis("db.pool=0..4", knobs: k) }
        #expect(throws: InputError.self) { try SweepAxis("load.rate=0..100:3*", knobs: k) }
    }

    /// Each value is a point once. `db.pool=1..3:10` gave ten points, 1 three times and 2 four
    /// times, each run with seeds of its own and printed as rows of their own.
    @Test func aValueIsOnePoint() throws {
        let k = try Presets.named("mm1")!.knobs()
        #expect(try SweepAxis("db.pool=1..3:10", knobs: k).values == [1, 2, 3].map { .number($0) })
        #expect(try SweepAxis("db.pool=1..100:4", knobs: k).values == [1, 34, 67, 100].map { .number($0) })
        #expect(try SweepAxis("load.rate=5..5:3", knobs: k).values == [.number(5)])
        #expect(try SweepAxis("db.pool=2..3:10*", knobs: k).values == [2, 3].map { .number($0) })
        func message(_ body: () throws -> Void) -> String? {
            do { try body() } catch { return "\(error)" }
            return nil
        }
        #expect(
            message { _ = try SweepAxis("load.rate=1k,500,1000", knobs: k) }
                == "--vary load.rate: 1000 is listed twice")
        #expect(
            message { _ = try SweepAxis.axes(["load.rate=1..2:2", "load.rate=3..4:2"], knobs: k) }
                == "--vary load.rate: is varied twice: give each knob one --vary")
        #expect(
            try SweepAxis.axes(["load.rate=1..2:2", "db.pool=1..2"], knobs: k).map(\.knob) == [
                "load.rate", "db.pool",
            ])
        #expect(throws: InputError.self) { try SweepAxis.axes([], knobs: k) }
        // Three points of a knob that has three values: the grid a sweep runs.
        let s = try Self.sweep("mm1", ["db.pool=1..3:10", "load.rate=40,60"])
        #expect(s.points.count == 6)
    }

    /// Erlang C against the values committed in QueueingTheoryTests (an independent script).
    @Test func erlangCAgreesWithTheCommittedReferences() {
        for r in QueueingTheoryTests.references {
            let q = ErlangC(lambda: r.rate, mu: 100, servers: r.servers)
            #expect(abs(q.waitProbability - r.pWait) < 1e-9)
            #expect(abs(q.meanResponse - r.meanResponse) < 1e-9)
            #expect(abs(q.quantile(0.5) - r.p50) < 1e-6)
            #expect(abs(q.quantile(0.99) - r.p99) < 1e-6)
        }
    }

    @Test func theResultDoesNotDependOnJobs() throws {
        let s = try Self.sweep("mm1", ["load.rate=20..80:3"])
        let one = SweepReport(sweep: s, points: try s.run(jobs: 1)).json.text
        let two = SweepReport(sweep: s, points: try s.run(jobs: 2)).json.text
        #expect(one == two)
    }

    @Test func shardsMergeIntoTheWholeSweep() throws {
        let s = try Self.sweep("mmc", ["db.pool=8..11:4"], replications: 2, seconds: 10)
        let whole = SweepReport(sweep: s, points: try s.run(jobs: 2))
        let parts = try [1, 2, 3].map { i in
            (
                "s\(i).json",
                try SweepReport(
                    json: try JSON.parse(
                        SweepReport(
                            sweep: s, points: try s.run(points: s.points(shard: i, of: 3), jobs: 1),
                            shard: "\(i)/3"
                        ).json.text),
                    file: "s\(i).json")
            )
        }
        let merged = try SweepReport.merge(parts.reversed())
        #expect(merged.json.text == whole.json.text)
        // Another sweep's shard, a shard twice, a missing shard: refused.
        let other = try Self.sweep("mmc", ["db.pool=8..11:4"], replications: 2, seconds: 10, seed: 7)
        let foreign = SweepReport(
            sweep: other, points: try other.run(points: other.points(shard: 3, of: 3), jobs: 1), shard: "3/3")
        #expect(throws: InputError.self) { try SweepReport.merge([parts[0], parts[1], ("x.json", foreign)]) }
        #expect(throws: InputError.self) { try SweepReport.merge([parts[0], parts[0], parts[2]]) }
        #expect(throws: InputError.self) { try SweepReport.merge([parts[0], parts[2]]) }
        // Which shards are missing, and how many of the points the files hold.
        let points = (1...3).map { parts[$0 - 1].1.points.count }
        for (given, said) in [
            (
                [0, 2],
                "shard 2 of 3 is missing: the files given hold \(points[0] + points[2]) of the sweep's "
                    + "4 points"
            ),
            ([1], "shards 1, 3 of 3 are missing: the files given hold \(points[1]) of the sweep's 4 points"),
        ] {
            #expect(throws: InputError(field: "merge", said)) {
                try SweepReport.merge(given.map { parts[$0] })
            }
        }
        // A file short of its shard's points (shard 1 of 3 of 4 points is points 0 and 3) is
        // named.
        var cut = parts[0].1
        cut.points.removeLast()
        #expect(throws: InputError(file: "s1.json", field: "points", "holds 1 point where shard 1/3 has 2")) {
            try SweepReport.merge([("s1.json", cut), parts[1], parts[2]])
        }
    }

    /// A point's values come from its index, the first axis varying slowest, as nested
    /// loops over the axes list them; the grid and the runs are bounded, refused in one line
    /// naming the option.
    @Test func pointsFromTheirIndexAndABoundedGrid() throws {
        let s = try Self.sweep("mm1", ["load.rate=10..50:5", "db.pool=1,2,4"], replications: 2)
        var nested: [[KnobValue]] = []
        for a in s.axes[0].values { for b in s.axes[1].values { nested.append([a, b]) } }
        #expect(s.gridCount == 15)
        #expect((0..<15).map { s.values(point: $0) } == nested)
        #expect(s.points == nested)
        #expect(s.label(point: 4) == "load.rate=20, db.pool=2")
        try s.checkSize()
        let wide = try Self.sweep(
            "mm1", ["load.rate=1..10:1000", "load.write_ratio=0..1:101"], replications: 1)
        #expect(wide.gridCount == 101_000)
        #expect(throws: InputError.self) { try wide.checkSize() }
        do {
            try wide.checkSize()
        } catch let e as InputError {
            #expect(e.description == "--vary: the grid has 101000 points (1000 x 101); at most 100000")
        }
        let edge = try Self.sweep(
            "mm1", ["load.rate=1..10:1000", "load.write_ratio=0..1:100"], replications: 10)
        try edge.checkSize()
        let many = try Self.sweep(
            "mm1", ["load.rate=1..10:1000", "load.write_ratio=0..1:100"], replications: 11)
        do {
            try many.checkSize()
            Issue.record("1.1 million runs were taken")
        } catch let e as InputError {
            #expect(
                e.description.hasPrefix("--replications: 100000 points x 11 replications is 1100000 runs"))
        }
    }

    /// Progress: every run is heard once, with the runs finished so far; a point is said to
    /// be done exactly once, by the run that finished its last replication, and the count of
    /// points done climbs by one each time; whatever the threads. On one thread the points
    /// finish last first.
    @Test(arguments: [1, 2])
    func progressSaysEachPointOnceAsItsLastRunEnds(jobs: Int) throws {
        let s = try Self.sweep("mm1", ["load.rate=20..60:3", "db.pool=1,2"], replications: 3, seconds: 2)
        let heard = ProgressLog()
        let points = try s.run(jobs: jobs, progress: { heard.add($0) })
        let log = heard.all
        #expect(points.count == 6)
        #expect(log.count == 18)
        #expect(log.map(\.runsDone).sorted() == Array(1...18))
        #expect(log.allSatisfy { $0.runs == 18 && $0.points == 6 })
        let done = log.filter(\.pointDone)
        #expect(done.map(\.point).sorted() == Array(0..<6))
        #expect(done.map(\.pointsDone).sorted() == Array(1...6))
        // A point is done when, and only when, its third run is heard.
        for d in done {
            #expect(log.filter { $0.point == d.point && $0.runsDone <= d.runsDone }.count == 3)
        }
        if jobs == 1 {
            #expect(done.map(\.point) == [5, 4, 3, 2, 1, 0])
            #expect(s.label(point: 5) == "load.rate=60, db.pool=2")
        }
    }

    /// A sweep stopped part-way (Ctrl-C): no run starts once asked to stop, and the points
    /// whose every replication ran are returned, each exactly as in the whole sweep (a
    /// point's seeds come from its index, not from what else ran). The result says so in its
    /// JSON, keeps the sweep's identity, reads back, and `sweep merge` refuses it with the
    /// file and field named.
    @Test func aStoppedSweepKeepsItsWholePointsAndIsNotMerged() throws {
        let s = try Self.sweep("mmc", ["db.pool=8..12:5"], replications: 2, seconds: 5)
        let whole = SweepReport(sweep: s, points: try s.run(jobs: 1))
        // One thread, last points first: stopped after three runs, points 4 (both
        // replications) and 3 (one of two) have run, and only point 4 is whole.
        let started = RunCounter()
        let part = try s.run(jobs: 1, stop: { started.next() >= 3 })
        #expect(part.map(\.index) == [4])
        var report = SweepReport(sweep: s, points: part)
        #expect(report.points.map(\.text) == [whole.points[4].text])
        report.interrupted = (part.count, 5)
        let back = try SweepReport(json: try JSON.parse(report.json.text), file: "p.json")
        #expect(back.interrupted?.done == 1 && back.interrupted?.planned == 5)
        #expect(back.fingerprint == whole.fingerprint)
        #expect(report.text.hasSuffix("interrupted: 1 of 5 points ran to the end; the others did not run"))
        #expect(!whole.text.contains("interrupted"))
        do {
            _ = try SweepReport.merge([("p.json", back)])
            Issue.record("an interrupted sweep was merged")
        } catch let e as InputError {
            #expect(
                e.description.hasPrefix("p.json: interrupted: this shard was stopped after 1 of its 5 points")
            )
        }
        // Stopped before anything ran: nothing.
        #expect(try s.run(jobs: 2, stop: { true }).isEmpty)
    }

    /// A shard edited by hand or written by something else: every point must be whole, each
    /// once, in its shard, or the file is refused with the field's path (the text table had
    /// crashed on a point that was a bare number).
    @Test func aMalformedPointIsRefusedWithItsPath() throws {
        let s = try Self.sweep("mmc", ["db.pool=8..11:4"], replications: 2, seconds: 5)
        let good = SweepReport(
            sweep: s, points: try s.run(points: s.points(shard: 1, of: 2), jobs: 1), shard: "1/2")
        let other = SweepReport(
            sweep: s, points: try s.run(points: s.points(shard: 2, of: 2), jobs: 1), shard: "2/2")
        func edited(_ change: (inout [JSON]) -> Void) -> String {
            var r = good
            change(&r.points)
            return r.json.text
        }
        func set(_ p: JSON, _ key: String, _ v: JSON) -> JSON {
            .object((p.objectPairs ?? []).map { $0.0 == key ? ($0.0, v) : $0 })
        }
        let cases: [(String, String)] = [
            (edited { $0[0] = .int(1) }, "points[0]"),
            (edited { $0[1] = set($0[1], "index", .int(-1)) }, "points[1].index"),
            (edited { $0[1] = set($0[1], "index", .int(99)) }, "points[1].index"),
            (edited { $0[1] = set($0[1], "index", .string("2")) }, "points[1].index"),
            (edited { $0.append($0[0]) }, "points[2].index"),
            (edited { $0[0] = set($0[0], "knobs", .object([])) }, "points[0].knobs"),
            (
                edited {
                    $0[0] = set(
                        $0[0], "metrics", set($0[0]["metrics"]!, "p99_ms", .object([("mean", .int(1))])))
                }, "points[0].metrics.p99_ms.ci95"
            ),
            // More replications with the figure than the sweep ran (Int64.max had trapped in
            // the text's "(n=…)"), and a sweep of 1e300 replications (its heading).
            (
                edited {
                    let m = $0[0]["metrics"]!
                    let mean = JSON.object((m["mean_ms"]!.objectPairs ?? []) + [("n", .int(.max))])
                    $0[0] = set($0[0], "metrics", set(m, "mean_ms", mean))
                }, "points[0].metrics.mean_ms.n"
            ),
            (
                good.json.text.replacingOccurrences(of: "\"replications\":2", with: "\"replications\":1e300"),
                "replications"
            ),
        ]
        for (text, field) in cases {
            #expect(throws: InputError(file: "s1.json", field: field, "")) {
                do { _ = try SweepReport(text: text, file: "s1.json") } catch var e as InputError {
                    e.message = ""
                    throw e
                }
            }
        }
        // A share of more than a grid can have: refused at once (listing the shards it
        // lacked, one to nine quintillion, had taken the machine's memory).
        var huge = try SweepReport(text: good.json.text, file: "s1.json")
        huge.shard = "1/9000000000000000000"
        do {
            _ = try SweepReport.merge([("s1.json", huge)])
            Issue.record("a share of 9e18 was merged")
        } catch let e as InputError {
            #expect(
                e.description
                    == "s1.json: shard: \"1/9000000000000000000\" is not I/N with 1 ≤ I ≤ N ≤ 100000")
        }
        // A grid larger than a sweep may have (9.2e18 points had trapped on the conversion
        // to a whole number in the merge).
        let text = good.json.text
        let claimed = text.replacingOccurrences(
            of: "\"grid_points\":4", with: "\"grid_points\":9223372036854775807")
        #expect(claimed != text)
        #expect(throws: InputError(file: "s1.json", field: "grid_points", "")) {
            do { _ = try SweepReport(text: claimed, file: "s1.json") } catch var e as InputError {
                e.message = ""
                throw e
            }
        }
        // A point of shard 2 in shard 1's file: each reads alone, the merge refuses it.
        let moved = edited { $0[0] = set($0[0], "index", .int(1)) }
        let a = try SweepReport(text: moved, file: "s1.json")
        let b = try SweepReport(text: other.json.text, file: "s2.json")
        #expect(throws: InputError.self) { try SweepReport.merge([("s1.json", a), ("s2.json", b)]) }
        // Untouched, the two merge.
        let whole = try SweepReport.merge([
            ("s1.json", try SweepReport(text: good.json.text, file: "s1.json")), ("s2.json", b),
        ])
        #expect(whole.points.count == 4)
        #expect(!whole.text.isEmpty && !whole.csv.isEmpty)
    }

    /// A sweep's throughput is what the measured span delivered: N+1's pool serves
    /// pool / (N·s) = 10 / (10 × 2 ms) = 500 pages/s, so offered 700/s it flattens there,
    /// the hockey stick's plateau. Counting the backlog worked off in the drain too, it read
    /// about 700 (as `run`'s `throughput_rps`, which says so, does).
    @Test func throughputFlattensAtTheCapacity() throws {
        let s = try Self.sweep("n-plus-one", ["load.rate=300,700"], replications: 2, seconds: 30)
        let r = SweepReport(sweep: s, points: try s.run(jobs: 1))
        let below = try #require(r.points[0]["metrics"]?["throughput_rps"]?["mean"]?.double)
        let above = try #require(r.points[1]["metrics"]?["throughput_rps"]?["mean"]?.double)
        #expect(abs(below - 300) <= 0.03 * 300, "at 300/s: \(below)")
        #expect(abs(above - 500) <= 0.01 * 500, "at 700/s: \(above)")
    }

    /// A point at which no request succeeds has no latency: with constant 4 ms queries and
    /// a client deadline of 1 ms every try times out. Its latency was 0 ms, which a mean over
    /// replications would have averaged in; now the replications without it are left out
    /// and counted (`n`), the text reads `-`, the CSV leaves the cells empty.
    @Test func aPointWhereNothingSucceedsHasNoLatency() throws {
        let s = try Self.sweep(
            "mmc", ["load.timeout=1ms,1s"], replications: 2, seconds: 5,
            settings: ["db.distribution=const", "load.retries=0"])
        let r = SweepReport(sweep: s, points: try s.run(jobs: 1))
        let none = r.points[0]["metrics"]
        #expect(none?["throughput_rps"]?["mean"]?.double == 0)
        for m in ["mean_ms", "p50_ms", "p95_ms", "p99_ms"] {
            #expect(none?[m]?["n"]?.double == 0, "\(m)")
            #expect(r.points[1]["metrics"]?[m]?["n"] == nil, "\(m): every replication has it")
        }
        #expect((r.points[1]["metrics"]?["p50_ms"]?["mean"]?.double ?? 0) >= 4)
        let row = try #require(r.text.split(separator: "\n").first { $0.hasPrefix("1ms") })
        #expect(row.split(separator: " ").filter { $0 == "-" }.count == 3)  // mean, p50, p99
        let csv = r.csv.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
        let header = r.csv.split(separator: "\n")[0].split(separator: ",")
        #expect(csv[try #require(header.firstIndex(of: "p99_ms"))] == "")
        // It reads back and merges as it was written.
        let back = try SweepReport(text: r.json.pretty(), file: "s.json")
        #expect(back.json.text == r.json.text)
    }

    /// A shard cut off as a copy or a killed shard would leave it: one line naming the file
    /// and the line where its JSON stops, as for every other file perflab reads.
    @Test func aCutOffShardNamesItsFileAndLine() throws {
        let s = try Self.sweep("mmc", ["db.pool=8..9:2"], replications: 2, seconds: 5)
        let text = SweepReport(sweep: s, points: try s.run(jobs: 1)).json.pretty()
        // Whole, it reads back.
        #expect(try SweepReport(text: text, file: "s.json").points.count == 2)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(13).joined(separator: "\n") + "\n" + lines[13].prefix(40)
        do {
            _ = try SweepReport(text: cut, file: "s.json")
            Issue.record("a cut-off shard was read")
        } catch let e as InputError {
            #expect(e.file == "s.json")
            #expect(e.line == 14)
            #expect(e.description.hasPrefix("s.json:14: not JSON: "))
        }
    }

    /// `mm1` from utilisation 0.1 to 0.9, and `mmc` over its pool: every point's mean and
    /// p99 within its confidence interval of Erlang C's, or within 3%.
    @Test(arguments: [("mm1", "load.rate=10..90:5"), ("mmc", "db.pool=8..12:5")])
    func pointsAgreeWithErlangC(_ scenario: String, _ vary: String) throws {
        let s = try Self.sweep(scenario, [vary], replications: 5, seconds: 400)
        let r = SweepReport(sweep: s, points: try s.run(jobs: 2))
        for p in r.points {
            let theory = try #require(p["theory"])
            for (metric, t) in [
                ("mean_ms", theory["mean_ms"]!.double!), ("p99_ms", theory["p99_ms"]!.double!),
            ] {
                let m = p["metrics"]![metric]!
                let mean = m["mean"]!.double!
                let lo = m["ci95"]!.array![0].double!
                let hi = m["ci95"]!.array![1].double!
                #expect(
                    (lo <= t && t <= hi) || abs(mean - t) <= 0.03 * t,
                    "\(p["knobs"]!.text) \(metric): \(mean) [\(lo), \(hi)] vs \(t)")
            }
        }
    }

    /// Erlang C describes one query a request: a service that makes ten (N+1), every other
    /// stage as `mm1`'s, gets no theory beside it; the same service with one query does.
    @Test func erlangCIsOnlyForOneQueryARequest() throws {
        func page(queries: Int) throws -> Scenario {
            try TopologyFile.parse(
                text:
                    "base = \"mm1\"\n[services.page]\n[[services.page.calls]]\nto = \"db\"\n"
                    + "count = \(queries)\n",
                file: "page.toml")
        }
        let one = try page(queries: 1)
        let ten = try page(queries: 10)
        #expect(one.topology.isCanonical && !ten.topology.isCanonical)
        #expect(ErlangC.of(try one.knobs(), topology: one.topology) != nil)
        #expect(ErlangC.of(try ten.knobs(), topology: ten.topology) == nil)
    }

    @Test func topologiesReportEachService() throws {
        let s = try Self.sweep("examples/chain.toml", ["load.rate=200..400:2"], replications: 2, seconds: 5)
        let r = SweepReport(sweep: s, points: try s.run(jobs: 2))
        let services = try #require(r.points[0]["services"]?.objectPairs)
        #expect(services.map(\.0) == ["a", "b", "c", "d", "e"])
        #expect(r.points[0]["theory"] == nil)
        // The text has more tables: each service's p99 and utilisation at each point, as
        // many services a table as fit in 120 columns.
        let lines = r.text.split(separator: "\n").map(String.init)
        for name in ["a", "c", "e"] {
            let header = try #require(lines.firstIndex { $0.contains("\(name) p99 ms / util") })
            let column = try #require(
                lines[header].split(separator: "  ", omittingEmptySubsequences: true).firstIndex {
                    $0.contains("\(name) p99 ms / util")
                })
            for (k, p) in r.points.enumerated() {
                let u = try #require(p["services"]?[name]?["utilization"]?["mean"]?.double)
                let cells = lines[header + 1 + k].split(separator: "  ", omittingEmptySubsequences: true)
                #expect(cells[column].hasSuffix(String(format: "/ %.2f", u)))
            }
        }
    }

    /// Thirty services make tables of at most 120 columns, each starting with the knob's
    /// values, every service in one of them once.
    @Test func manyServicesMakeTablesThatFit() throws {
        var text = "name = \"wide\"\n[load]\nrate = \"100\"\n[services.s0]\ndb.enabled = false\n"
        text += "[[services.s0.calls]]\nparallel = [" + (1..<30).map { "\"s\($0)\"" }.joined(separator: ", ")
        text += "]\n" + (1..<30).map { "[services.s\($0)]\n" }.joined()
        var sc = try TopologyFile.parse(text: text, file: "wide.toml")
        sc.name = "wide"
        let k = try sc.knobs()
        let s = Sweep(
            scenario: sc, base: k, axes: [try SweepAxis("load.rate=100,200", knobs: k)], replications: 2,
            duration: 2 * Time.second, warmup: 0, seed: 1, settings: [])
        let r = SweepReport(sweep: s, points: try s.run(jobs: 2))
        let lines = r.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headers = lines.indices.filter { lines[$0].contains(" p99 ms / util") }
        #expect(headers.count > 1)
        var seen: [String] = []
        for h in headers {
            #expect(lines[h].hasPrefix("load.rate"))
            for row in lines[h...h + 2] { #expect(row.count <= 120) }
            #expect(lines[h + 1].hasPrefix("100") && lines[h + 2].hasPrefix("200"))
            seen += lines[h].split(separator: " ").filter { $0.hasPrefix("s") }.map(String.init)
        }
        #expect(seen == (0..<30).map { "s\($0)" })
    }
}

extension SweepTests {
    /// The Jackson network of TopologyTheoryTests swept over the load: each point's mean
    /// within its interval of Σ vᵢ·Wᵢ or within 3% (no p50 or p99: no closed form).
    @Test func aJacksonNetworkHasItsMeanBesideIt() throws {
        let text = TopologyTheoryTests.jackson(rate: 100, cWork: "3ms")
        var sc = try TopologyFile.parse(text: text, file: "jackson.toml")
        sc.name = "jackson"
        let k = try sc.knobs()
        let s = Sweep(
            scenario: sc, base: k, axes: [try SweepAxis("load.rate=100..400:4", knobs: k)], replications: 4,
            duration: 200 * Time.second, warmup: 10 * Time.second, seed: 3, settings: [])
        let r = SweepReport(sweep: s, points: try s.run(jobs: 2))
        for p in r.points {
            let t = try #require(p["theory"]?["mean_ms"]?.double)
            #expect(p["theory"]?["p99_ms"] == nil)
            let m = p["metrics"]!["mean_ms"]!
            let mean = m["mean"]!.double!
            let lo = m["ci95"]!.array![0].double!
            let hi = m["ci95"]!.array![1].double!
            #expect(
                (lo <= t && t <= hi) || abs(mean - t) <= 0.03 * t,
                "\(p["knobs"]!.text): \(mean) [\(lo), \(hi)] vs \(t)")
        }
        // At 400/s: 1/600 + 0.5/300 + 0.3/(1/0.003 − 120) s, as in TopologyTheoryTests.
        let last = try #require(r.points.last?["theory"]?["mean_ms"]?.double)
        #expect(abs(last - (1 / 600.0 + 0.5 / 300 + 0.3 / (1 / 0.003 - 120)) * 1e3) < 1e-3)
    }
}

/// Counts the questions a sweep's `stop` is asked (one before each run it would start).
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var heard: [SweepProgress] = []

    func add(_ p: SweepProgress) {
        lock.lock()
        heard.append(p)
        lock.unlock()
    }

    var all: [SweepProgress] {
        lock.lock()
        defer { lock.unlock() }
        return heard
    }
}

final class RunCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0

    /// How many times it was asked before this one.
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        n += 1
        return n - 1
    }
}
