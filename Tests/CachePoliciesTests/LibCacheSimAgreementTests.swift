import Foundation
import Testing

@testable import CachePolicies

/// perflab's miss ratios against libCacheSim's on the same Zipf traces.
///
/// The traces come from ``ZipfTrace`` (generated here, so no trace file is committed); the
/// reference numbers in `Fixtures/libcachesim-miss-ratios.json` came from libCacheSim 0.3.5
/// (the `libcachesim` Python package) reading the very same traces, written to files by
/// `writeTracesForLibCacheSim` below (the script can also write the same traces itself). To
/// regenerate them, or to `--check` them:
///
///     PERFLAB_WRITE_ZIPF_TRACES=/tmp/zipf swift test --filter writeTracesForLibCacheSim
///     python3 scripts/reference/miss_ratios.py --traces /tmp/zipf \
///         > Tests/CachePoliciesTests/Fixtures/libcachesim-miss-ratios.json
///
/// Tolerances: equal to 4 decimals for the deterministic policies
/// whose libCacheSim versions perflab follows exactly; 0.005 for s3fifo and twoq; 0.01 for
/// wtinylfu and random (random differs in its generator).
@Suite struct LibCacheSimAgreementTests {
    struct Fixture: Decodable {
        struct TraceSpec: Decodable {
            let name: String
            let objects: Int
            let requests: Int
            let alpha: Double
            let seed: UInt64
            let distinct_keys: Int
        }
        struct Case: Decodable {
            let trace: String
            let policy: String
            let size: Int
            let miss_ratio: Double
        }
        let libcachesim_version: String
        let traces: [TraceSpec]
        let cases: [Case]
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(
            forResource: "libcachesim-miss-ratios", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static func tolerance(_ policy: CachePolicyName) -> Double {
        switch policy {
        case .s3fifo, .twoq: return 0.005
        case .wtinylfu, .random: return 0.01
        default: return 0.00005
        }
    }

    @Test(arguments: fixture.traces.map(\.name))
    func missRatiosMatchLibCacheSim(traceName: String) throws {
        let spec = try #require(Self.fixture.traces.first { $0.name == traceName })
        let keys = ZipfTrace(
            objects: spec.objects, requests: spec.requests, alpha: spec.alpha, seed: spec.seed
        ).keys()
        // The trace is the one libCacheSim read.
        #expect(keys.withUnsafeBufferPointer { TraceReader.distinctCount($0) } == spec.distinct_keys)
        let cases = Self.fixture.cases.filter { $0.trace == traceName }
        #expect(cases.count >= 20)
        for c in cases {
            let policy = try #require(CachePolicyName(rawValue: c.policy))
            let result = CacheSimulator.run(policy, size: c.size, keys: keys)
            let diff = abs(result.missRatio - c.miss_ratio)
            #expect(
                diff <= Self.tolerance(policy),
                Comment(
                    rawValue: "\(traceName) \(c.policy) size \(c.size): perflab \(result.missRatio), "
                        + "libCacheSim \(c.miss_ratio)")
            )
        }
    }

    @Test func fixtureCoversEveryPolicyAtOneAndTenPercent() {
        for spec in Self.fixture.traces {
            let onePercent = max(1, spec.distinct_keys / 100)
            let tenPercent = max(1, spec.distinct_keys / 10)
            for policy in CachePolicyName.online {
                let sizes = Set(
                    Self.fixture.cases.filter { $0.trace == spec.name && $0.policy == policy.rawValue }.map(
                        \.size))
                #expect(sizes.contains(onePercent) && sizes.contains(tenPercent), "\(spec.name) \(policy)")
            }
        }
        #expect(Self.fixture.libcachesim_version == "0.3.5")
    }

    /// Writes the fixture's traces as plain-text files for libCacheSim (only when
    /// `PERFLAB_WRITE_ZIPF_TRACES` names a directory).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PERFLAB_WRITE_ZIPF_TRACES"] != nil))
    func writeTracesForLibCacheSim() throws {
        let dir = ProcessInfo.processInfo.environment["PERFLAB_WRITE_ZIPF_TRACES"]!
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for spec in Self.traceSpecs {
            let trace = ZipfTrace(
                objects: spec.objects, requests: spec.requests, alpha: spec.alpha, seed: spec.seed)
            try trace.text().write(toFile: dir + "/" + spec.name, atomically: true, encoding: .utf8)
        }
    }

    /// The traces of the fixture: 20,000 objects, 50,000 requests, three alphas.
    static let traceSpecs: [(name: String, objects: Int, requests: Int, alpha: Double, seed: UInt64)] = [
        ("zipf-0.8.txt", 20_000, 50_000, 0.8, 801),
        ("zipf-1.0.txt", 20_000, 50_000, 1.0, 1001),
        ("zipf-1.2.txt", 20_000, 50_000, 1.2, 1201),
    ]
}
