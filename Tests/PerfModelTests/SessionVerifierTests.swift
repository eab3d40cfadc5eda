import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// `replay --verify`: re-simulating a session gives back every sample bit for bit, and a
/// session altered by one number is caught at that sample.
@Suite struct SessionVerifierTests {
    @Test func aScriptRunVerifiesAcrossAChangeInsideASample() throws {
        // 12.5 s falls inside the sample ending at 13 s; 5 s is exactly on a tick.
        let (file, _, _) = try SessionFixtures.recordRun(
            "script", scenario: "mmc", seconds: 20,
            script: "12.5s load.rate=800\n5s db.error_rate=2%\n5s db.pool=9\n")
        let session = try SessionReader.read(path: file)
        #expect(session.knobChanges.map(\.name) == ["db.error_rate", "db.pool", "load.rate"])
        #expect(session.knobChanges.last?.at == 12_500_000_000)
        #expect(session.knobChanges.last?.old == .number(720))
        let result = try SessionVerifier.verify(session)
        #expect(result.mismatch == nil)
        #expect(result.samplesChecked == session.samples.count)
        #expect(result.knobChangesApplied == 3)
    }

    @Test func aRunWithWarmupVerifies() throws {
        let (file, _, _) = try SessionFixtures.recordRun(
            "warmup", scenario: "checkout", seconds: 6, warmup: 3, script: "4.25s load.rate=7k\n")
        let result = try SessionVerifier.verify(try SessionReader.read(path: file))
        #expect(result.mismatch == nil)
        #expect(result.samplesChecked >= 9)
    }

    @Test func oneAlteredNumberIsNamedWithItsLine() throws {
        let (file, _, _) = try SessionFixtures.recordRun(
            "altered", scenario: "mmc", seconds: 20, script: "12.5s load.rate=800\n")
        var lines = try SessionFixtures.lines(file)
        let k = try #require(lines.firstIndex { $0.contains("\"type\":\"sample\",\"t\":10.0,") })
        let original = Int64(try #require(JSON.parse(lines[k])["requests"]?["succeeded"]?.double))
        lines[k] = lines[k].replacingOccurrences(
            of: "\"succeeded\":\(original),", with: "\"succeeded\":\(original + 1),")
        let altered = try SessionFixtures.write(lines, name: "altered-copy")
        let result = try SessionVerifier.verify(try SessionReader.read(path: altered))
        let m = try #require(result.mismatch)
        #expect(m.line == k + 1)
        #expect(m.message == "sample at t=10 differs: requests.succeeded \(original + 1) != \(original)")
    }

    @Test func anAlteredHistogramBucketIsCaught() throws {
        let (file, _, _) = try SessionFixtures.recordRun("bucket", scenario: "mmc", seconds: 5)
        var lines = try SessionFixtures.lines(file)
        let k = try #require(lines.firstIndex { $0.contains("\"t\":3.0,") && $0.contains("\"sample\"") })
        // Change the exact sum: the buckets still add up to the count, so the line reads.
        lines[k] = lines[k].replacingOccurrences(of: "\"sum_ns\":", with: "\"sum_ns\":1")
        let altered = try SessionFixtures.write(lines, name: "bucket-copy")
        let m = try #require(try SessionVerifier.verify(try SessionReader.read(path: altered)).mismatch)
        #expect(m.line == k + 1)
        #expect(m.message.hasPrefix("sample at t=3 differs: latency.sum_ns "))
    }

    /// Drives a pipeline frame by frame as the dashboard does, changing knobs by hand at
    /// whatever simulated time a frame reached, recording from `startAt`.
    func recordDashboard(startAt: SimTime) throws -> String {
        let file = SessionFixtures.path("dashboard")
        let knobs = try Presets.named("checkout")!.knobs()
        let p = try Simulation(knobs: knobs, seed: 9)
        var listened = 0
        p.onSample = { _ in listened += 1 }
        let stepped = KnobRegistry.byName["db.error_rate"]!.stepped(knobs["db.error_rate"], by: 1)
        let byHand: [(at: SimTime, name: String, value: KnobValue)] = [
            (4_100_000_000, "load.rate", .number(6250)),
            (12_500_000_000, "db.error_rate", stepped),
            (12_500_000_000, "backend.2.slowdown", .number(4)),
            (17_000_000_000, "l1.capacity", .number(2500)),
        ]
        var writer: SessionWriter?
        var history: [KnobChange] = []
        var next = 0
        var t: SimTime = 0
        let frame: SimTime = 16_666_667
        while t < 20 * Time.second {
            t += frame
            p.advance(to: t)
            if writer == nil && t >= startAt {
                let w = try SessionWriter(
                    path: file,
                    header: SessionHeader(
                        source: .dashboard, scenario: "checkout", seed: 9, knobs: knobs, startedAt: p.now),
                    priorChanges: history)
                w.attach(to: p)
                writer = w
            }
            while next < byHand.count && byHand[next].at <= t {
                let c = byHand[next]
                let old = p.knobs[c.name]
                try p.set(c.name, c.value)
                let change = KnobChange(at: p.now, name: c.name, old: old, new: c.value)
                if let writer { writer.record(change) } else { history.append(change) }
                next += 1
            }
        }
        try writer!.finish(summary: nil, at: p.now)
        #expect(listened >= 19)
        return file
    }

    @Test func aDashboardSessionVerifies() throws {
        let session = try SessionReader.read(path: try recordDashboard(startAt: 0))
        #expect(session.header.source == .dashboard)
        #expect(session.knobChanges.count == 4)
        #expect(session.knobChanges[1].new != .number(0.051))  // stepped, so only exact in the _exact field
        let result = try SessionVerifier.verify(session)
        #expect(result.mismatch == nil)
        #expect(session.samples.count == 20)
        #expect(result.samplesChecked == 20)
    }

    @Test func aRecordingStartedMidRunVerifies() throws {
        let session = try SessionReader.read(path: try recordDashboard(startAt: 8 * Time.second))
        #expect(session.header.startedAt > 8 * Time.second - 20_000_000)
        // The first change was made at the first frame after 4.1 s, before recording began.
        #expect(session.knobChanges.first?.name == "load.rate")
        #expect((4_100_000_000..<4_200_000_000).contains(session.knobChanges.first?.at ?? 0))
        #expect(session.samples.first?.sample.t == 9)
        let result = try SessionVerifier.verify(session)
        #expect(result.mismatch == nil)
        #expect(result.samplesChecked == session.samples.count)
    }

    @Test func recordingTurnedOffAndOnAgainLeavesTheDashboardsListenerAlone() throws {
        let knobs = try Presets.named("mm1")!.knobs()
        let p = try Simulation(knobs: knobs, seed: 5)
        var heard = 0
        p.onSample = { _ in heard += 1 }
        var first: SessionWriter? = try SessionWriter(
            path: SessionFixtures.path("toggle-1"),
            header: SessionHeader(source: .dashboard, scenario: "mm1", seed: 5, knobs: knobs))
        first!.attach(to: p)
        p.advance(to: 3 * Time.second)
        try first!.finish(summary: nil)
        first!.detach(from: p)
        #expect(p.keepsSampleHistograms == false)
        first = nil
        p.advance(to: 5 * Time.second)
        let second = try SessionWriter(
            path: SessionFixtures.path("toggle-2"),
            header: SessionHeader(
                source: .dashboard, scenario: "mm1", seed: 5, knobs: knobs, startedAt: p.now))
        second.attach(to: p)
        p.advance(to: 8 * Time.second)
        try second.finish(summary: nil)
        #expect(heard == 8)
        let session = try SessionReader.read(path: second.path)
        #expect(session.samples.map(\.sample.t) == [6, 7, 8])
        #expect(try SessionVerifier.verify(session).mismatch == nil)
        // Left attached after finishing, the writer writes nothing more and passes samples on.
        p.advance(to: 9 * Time.second)
        #expect(heard == 9)
        #expect(second.samplesWritten == 3)
    }

    @Test func aCutOffRunVerifiesUpToItsLastSample() throws {
        let (file, _, _) = try SessionFixtures.recordRun(
            "cut-verify", scenario: "mmc", seconds: 20, script: "12.5s load.rate=800\n")
        let lines = try SessionFixtures.lines(file)
        let k = try #require(lines.firstIndex { $0.contains("\"t\":15.0,") })
        let cut = try SessionFixtures.write(Array(lines[...k]), name: "cut-verify-copy")
        let session = try SessionReader.read(path: cut)
        #expect(session.endMissing)
        let result = try SessionVerifier.verify(session)
        #expect(result.mismatch == nil)
        #expect(result.samplesChecked == 15)
    }

    /// One service with a plan of its own (N+1: ten queries a request) is not the canonical
    /// pipeline: its header carries the plan, and its sessions, whole and cut off,
    /// re-simulate with it (they were written without it, and re-simulated one query a
    /// request, until the dashboard's key storm caught it).
    @Test func aOneServiceTopologyKeepsItsPlan() throws {
        let scenario = try ExampleTopologyTests.load("n-plus-one.toml")
        #expect(scenario.topology.isSingle && !scenario.topology.isCanonical)
        let (file, _, _) = try SessionFixtures.recordRun(
            "n-plus-one", scenario: scenario, seconds: 6, script: "2.5s db.pool=4\n")
        let session = try SessionReader.read(path: file)
        #expect(session.header.topology == scenario.topology)
        let whole = try SessionVerifier.verify(session)
        #expect(whole.mismatch == nil)
        #expect(whole.samplesChecked == session.samples.count)
        let lines = try SessionFixtures.lines(file)
        let k = try #require(lines.firstIndex { $0.contains("\"t\":4.0,") })
        let cut = try SessionReader.read(
            path: try SessionFixtures.write(Array(lines[...k]), name: "n-plus-one-cut"))
        #expect(cut.endMissing)
        let part = try SessionVerifier.verify(cut)
        #expect(part.mismatch == nil)
        #expect(part.samplesChecked == 4)
    }

    /// Each sample lists a service's calls per callee; the seconds add up to the summary's
    /// totals; a session written before samples listed them still verifies, and one sample
    /// whose calls were taken out of a session that lists them does not.
    @Test func aTopologysSamplesListItsCalls() throws {
        let scenario = try ExampleTopologyTests.load("shop.toml")
        let (file, emitted, p) = try SessionFixtures.recordRun(
            "shop-calls", scenario: scenario, seconds: 6, script: "3s cart.db.service=40ms\n")
        let api = try #require(scenario.topology.services.firstIndex { $0.name == "api" })
        let names = try #require(emitted.last?.services[api].calls.map(\.to))
        #expect(names == ["cart", "pricing", "stock", "recommend"])
        for (u, name) in names.enumerated() {
            var found: Int?
            for i in p.services[api].upstreams.indices where p.services[api].upstreams[i].name == name {
                found = i
            }
            let k = try #require(found)
            let seconds = emitted.reduce(CallCounters()) { $0 + $1.services[api].calls[u].counters }
            // The seconds sampled and the one in progress make the total.
            #expect(seconds + p.services[api].upstreams[k].interval == p.services[api].upstreams[k].total)
            #expect(seconds.attempts > 0)
        }
        // A service that calls nobody lists no calls.
        let cart = try #require(scenario.topology.services.firstIndex { $0.name == "cart" })
        #expect(emitted.allSatisfy { $0.services[cart].calls.isEmpty })
        let session = try SessionReader.read(path: file)
        #expect(session.samples.last?.sample.services[api].calls == emitted.last?.services[api].calls)
        #expect(try SessionVerifier.verify(session).mismatch == nil)

        let lines = try SessionFixtures.lines(file)
        let calls = try NSRegularExpression(pattern: #","calls":\[[^\]]*\]"#)
        func stripped(_ line: String) -> String {
            guard line.contains(#""type":"sample""#) else { return line }
            return calls.stringByReplacingMatches(
                in: line, range: NSRange(line.startIndex..., in: line), withTemplate: "")
        }
        let old = try SessionReader.read(
            path: try SessionFixtures.write(lines.map(stripped), name: "shop-before-calls"))
        #expect(old.samples.allSatisfy { $0.sample.services.allSatisfy { $0.calls.isEmpty } })
        let again = try SessionVerifier.verify(old)
        #expect(again.mismatch == nil)
        #expect(again.samplesChecked == session.samples.count)

        let k = try #require(lines.firstIndex { $0.contains("\"t\":4.0,") })
        var one = lines
        one[k] = stripped(one[k])
        let result = try SessionVerifier.verify(
            try SessionReader.read(path: try SessionFixtures.write(one, name: "shop-one-without-calls")))
        #expect(result.mismatch?.line == k + 1)
        #expect(result.mismatch?.message.contains("calls") == true)
    }

    @Test func aChangeAtTimeZeroVerifiesWithItsEvent() throws {
        // The fault's event comes at t = 0, the instant recording begins: it is in the file
        // and must be checked, not left out as if it came before recording.
        let (file, _, _) = try SessionFixtures.recordRun(
            "at-zero", scenario: "checkout", seconds: 4,
            script: "0s backend.1.down=true\n2s backend.1.down=false\n")
        let session = try SessionReader.read(path: file)
        #expect(session.header.eventsBefore == 0)
        #expect(session.events.first?.kind == "backend_down" && session.events.first?.t == 0)
        let result = try SessionVerifier.verify(session)
        #expect(result.mismatch == nil)
        #expect(result.eventsChecked == session.events.count)
    }

    @Test func theEventsBeforeRecordingAreCountedInTheHeader() throws {
        var header = SessionHeader(
            source: .dashboard, scenario: "mm1", seed: 1, knobs: try Presets.named("mm1")!.knobs(),
            startedAt: 2 * Time.second, eventsBefore: 17)
        #expect(try SessionHeader(json: header.json).eventsBefore == 17)
        header.eventsBefore = nil  // as files written before perflab counted them
        #expect(try SessionHeader(json: header.json).eventsBefore == nil)
        var line = header.json.objectPairs!
        line.append(("events_before", .int(-1)))
        #expect(throws: InputError.self) { try SessionHeader(json: .object(line)) }
    }

    @Test func differencesNameTheirPath() {
        let a = JSON.object([
            ("requests", .object([("succeeded", .int(8812))])),
            ("backends", .array([.object([("errors", .int(1))])])),
        ])
        let b = JSON.object([
            ("requests", .object([("succeeded", .int(8813))])),
            ("backends", .array([.object([("errors", .int(2))])])),
        ])
        #expect(SessionVerifier.difference(a, b, path: "") == "requests.succeeded 8812 != 8813")
        let c = JSON.object([
            ("requests", .object([("succeeded", .int(8812))])),
            ("backends", .array([.object([("errors", .int(2))])])),
        ])
        #expect(SessionVerifier.difference(a, c, path: "") == "backends[0].errors 1 != 2")
        #expect(SessionVerifier.difference(a, a, path: "") == nil)
    }
}
