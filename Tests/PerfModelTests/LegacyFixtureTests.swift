import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Numbers recorded by the first wave's single pipeline (commit b11b0a5, before the model
/// became a graph of services): the one-service topology must give them back bit for bit,
/// and sessions that version recorded must still pass `replay --verify`. How each fixture
/// was made is in `Fixtures/legacy/README.md`.
@Suite struct LegacyFixtureTests {
    static let folder = Bundle.module.url(
        forResource: "legacy", withExtension: nil, subdirectory: "Fixtures")!

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var seed: UInt64
        var duration: String
        var testDescription: String { file }
    }

    static let runs: [Case] = {
        let text = try! String(contentsOf: folder.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t").map(String.init)
            return Case(file: f[0], seed: UInt64(f[2])!, duration: f[3])
        }
    }()

    static let sessions = [
        "checkout-script.jsonl", "retry-storm.jsonl", "backpressure.jsonl", "stampede.jsonl",
        "slow-replica.jsonl", "behind-warmup.jsonl", "dash.jsonl",
    ]

    /// The knobs of a recorded summary (its `knobs` object, every knob's final value).
    static func knobs(of summary: JSON) throws -> KnobSet {
        var k = KnobSet()
        for (name, value) in summary["knobs"]?.objectPairs ?? [] {
            let spec = try KnobRegistry.spec(name)
            switch value {
            case .string(let s): try k.set(name, try spec.parse(s))
            case .bool(let b): try k.set(name, .flag(b))
            case .int(let i): try k.set(name, .number(Double(i)))
            case .number(let x): try k.set(name, .number(x))
            default: Issue.record("unexpected knob value \(value.text) for \(name)")
            }
        }
        return k
    }

    /// The summary without what depends on the machine, and with only the knobs `keep` lists.
    static func comparable(_ j: JSON, knobs keep: [String]) -> JSON {
        guard case .object(var pairs) = j else { return j }
        pairs.removeAll { $0.0 == "wall_seconds" || $0.0 == "events_per_second" }
        if let i = pairs.firstIndex(where: { $0.0 == "knobs" }), let ks = pairs[i].1.objectPairs {
            pairs[i].1 = .object(ks.filter { keep.contains($0.0) })
        }
        return .object(pairs)
    }

    /// `j` with only the object keys that `shape` has, recursively.
    static func pruned(_ j: JSON, like shape: JSON) -> JSON {
        switch (j, shape) {
        case (.object(let pairs), .object):
            return .object(pairs.compactMap { k, v in shape[k].map { (k, pruned(v, like: $0)) } })
        case (.array(let xs), .array(let ys)):
            return .array(xs.enumerated().map { i, x in i < ys.count ? pruned(x, like: ys[i]) : x })
        default:
            return j
        }
    }

    @Test(arguments: runs) func aRunGivesTheSameSummary(_ c: Case) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(c.file), encoding: .utf8)
        let recorded = try JSON.parse(text)
        let knobs = try Self.knobs(of: recorded)
        let scenario = recorded["scenario"]?.string ?? "?"
        let duration = SimTime(try KnobSpec.parseDuration(c.duration, field: "duration"))
        let run = HeadlessRun(
            scenarioName: scenario, knobs: knobs, seed: c.seed, duration: duration, warmup: 0)
        let (p, _, drained) = try run.execute()
        let again = RunSummary.json(
            scenario: scenario, simulation: p, simSeconds: Time.seconds(duration), wallSeconds: 0,
            drained: drained)
        let names = recorded["knobs"]?.objectPairs?.map(\.0) ?? []
        let a = Self.comparable(recorded, knobs: names)
        // Fields added since (the `services` array, `shed`, …) are not in the fixture.
        let b = Self.pruned(Self.comparable(again, knobs: names), like: a)
        #expect(SessionVerifier.difference(a, b, path: "") == nil)
    }

    @Test(arguments: sessions) func aSessionStillVerifies(_ file: String) throws {
        let session = try SessionReader.read(path: Self.folder.appendingPathComponent(file).path)
        let result = try SessionVerifier.verify(session)
        #expect(result.mismatch == nil, "\(result.mismatch?.description ?? "")")
        #expect(result.samplesChecked == session.samples.count)
        #expect(result.samplesChecked > 5)
    }
}
