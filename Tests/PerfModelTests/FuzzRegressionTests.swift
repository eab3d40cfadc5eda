import Foundation
import Testing

@testable import PerfModel

/// Inputs that once crashed a parser (found by `scripts/fuzz.sh` or while reading the
/// parsers for it): each must now be refused with one line naming the file, line and
/// field, or read. Fuzzer inputs are kept byte for byte in `Fixtures/fuzz/`.
@Suite struct FuzzRegressionTests {
    static let folder = Bundle.module.url(forResource: "fuzz", withExtension: nil, subdirectory: "Fixtures")!

    /// A header line as `perflab run --record` writes it (every knob), with `extra`
    /// fields added to it.
    static func header(_ extra: String = "") -> String {
        let h = SessionHeader(
            source: .run, scenario: "mm1", seed: 1, knobs: KnobSet(), duration: 10 * 1_000_000_000)
        var text = h.json.text
        if !extra.isEmpty { text = String(text.dropLast()) + "," + extra + "}" }
        return text
    }

    static func sample(t: Double, _ fields: String = #""requests":{"offered":1}"#) -> String {
        #"{"type":"sample","t":\#(t),"interval_s":1.0,\#(fields)}"#
    }

    /// The error reading `text` as a session throws, or nil if it reads.
    func readError(_ text: String) -> InputError? {
        do {
            _ = try SessionReader.read(data: Data(text.utf8), file: "f.jsonl")
            return nil
        } catch let e as InputError {
            return e
        } catch {
            Issue.record("not an InputError: \(error)")
            return nil
        }
    }

    // Found by the session target: a header time too large for integer nanoseconds
    // trapped in Time.fromSeconds.
    @Test func aHeaderTimeBeyondAHundredYearsIsRefused() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("session-started-s-1e121.jsonl"))
        #expect(throws: InputError.self) { try SessionReader.read(data: data, file: "f.jsonl") }
        let e = try #require(readError(String(decoding: data, as: UTF8.self)))
        #expect(e.line == 1 && e.field == "started_s")
        #expect(
            e.description
                == "f.jsonl:1: started_s: expected a time from 0 to 3155760000 seconds (100 years), found "
                + "5.555555555555556e+121"
        )
        for field in ["duration_s", "warmup_s", "drain_limit_s"] {
            let line = Self.header().replacingOccurrences(
                of: #""\#(field)":"#, with: #""\#(field)":1e300,"x":"#)
            #expect(readError(line + "\n")?.field == field)
        }
    }

    // The same for the times of knob changes, samples and events.
    @Test func lineTimesBeyondAHundredYearsAreRefused() {
        let h = Self.header()
        let lines = [
            #"{"type":"knob","t":1e19,"name":"db.pool","old":"1","new":"2"}"#,
            Self.sample(t: 1e19),
            #"{"type":"sample","t":1.0,"interval_s":-1.0}"#,
            #"{"type":"event","t":1e19,"kind":"breaker","detail":"open"}"#,
        ]
        for line in lines {
            let e = readError(h + "\n" + line + "\n")
            #expect(e?.line == 2, "\(line)")
            #expect(e?.message.hasPrefix("expected a time from 0 to 3155760000 seconds") == true, "\(line)")
        }
    }

    // A line of a million `[` overflowed the recursive JSON parser's stack (SIGSEGV).
    @Test func deeplyNestedJSONIsRefused() {
        let deep = String(repeating: "[", count: 1_000_000)
        let e = readError(Self.header() + "\n" + deep + "\n")
        #expect(
            e?.description
                == "f.jsonl:2: not JSON: arrays and objects nested more than 512 deep at character 513")
        // As the last, unfinished line it is a cut-off line, read up to the one before.
        #expect(readError(Self.header() + "\n" + deep) == nil)
        let nested = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect((try? JSON.parse(nested)) != nil)
    }

    // `1e999` read as infinity, which then reached conversions to whole numbers.
    @Test func numbersBeyondADoubleAreRefused() {
        let e = readError(
            Self.header() + "\n" + Self.sample(t: 1, #""latency":{"count":1,"sum_ns":1e999}"#) + "\n")
        #expect(e?.line == 2)
        #expect(e?.message.hasPrefix(#"not JSON: number "1e999" is out of range"#) == true)
    }

    // A bucket gap near Int64.max overflowed `index + gap`.
    @Test func aHistogramBucketGapOutOfRangeIsRefused() {
        let line = Self.sample(
            t: 1,
            #""latency":{"count":2,"sum_ns":1.0,"min_ns":1,"max_ns":2,"#
                + #""buckets":[10,1,9223372036854775807,1]}"#
        )
        let e = readError(Self.header() + "\n" + line + "\n")
        #expect(e?.field == "latency.buckets")
        #expect(
            e?.message
                == "bucket index 10 + 9223372036854775807 is out of range (0…\(LatencyHistogram.length - 1))")
    }

    // Counts that add up past UInt64.max over a stretch trapped in Counters.+ (report) and
    // in `completed`; bucket counts past it wrapped the histogram's count.
    @Test func countsThatAddUpBeyondTwoToTheSixtyTwoAreRefused() {
        let big = 9_000_000_000_000_000_000 as UInt64
        let lines = (1...3).map {
            Self.sample(t: Double($0), #""requests":{"offered":\#(big),"succeeded":\#(big)}"#)
        }
        let e = readError(([Self.header()] + lines).joined(separator: "\n") + "\n")
        #expect(e?.description == "f.jsonl:2: requests.offered: the samples' counts add up to more than 2^62")
        let perBackend = (1...2).map {
            Self.sample(t: Double($0), #""backends":[{"requests":3000000000000000000}]"#)
        }
        #expect(
            readError(([Self.header()] + perBackend).joined(separator: "\n") + "\n")?.field
                == "backends[0].requests")
        let buckets = Self.sample(
            t: 1,
            #""latency":{"count":2,"sum_ns":1.0,"min_ns":1,"max_ns":2,"#
                + #""buckets":[10,9223372036854775807,1,9223372036854775807]}"#
        )
        #expect(
            readError(Self.header() + "\n" + buckets + "\n")?.message
                == "the bucket counts add up to more than 2^62")
        // Large counts that do fit still read and report.
        let fits = (1...3).map { Self.sample(t: Double($0), #""requests":{"offered":1000000000000000000}"#) }
        let s = try? SessionReader.read(
            data: Data(([Self.header()] + fits).joined(separator: "\n").utf8), file: "f.jsonl")
        #expect(s.flatMap { try? SessionReport($0) }?.stretch.counters.offered == 3_000_000_000_000_000_000)
    }

    // An exact knob value was taken without checking it against the knob: `breaker.window`
    // "0" or a word outside a choice's list reached the pipeline.
    @Test func exactKnobValuesAreCheckedAgainstTheKnob() {
        let cases: [(String, String)] = [
            (#""knobs_exact":{"breaker.window":"0"}"#, "knobs.breaker.window"),
            (#""knobs_exact":{"l1.policy":"bogus"}"#, "knobs.l1.policy"),
            (#""knobs_exact":{"channel.enabled":3}"#, "knobs.channel.enabled"),
            (#""knobs_exact":{"db.pool":2.5}"#, "knobs.db.pool"),
            (#""knobs_exact":{"backends.weights":[]}"#, "knobs.backends.weights"),
            (#""knobs_exact":{"db.pool":0}"#, "knobs.db.pool"),
        ]
        for (extra, field) in cases {
            let e = readError(Self.header(extra) + "\n")
            #expect(e?.line == 1 && e?.field == field, "\(extra): \(String(describing: e))")
        }
        let change =
            #"{"type":"knob","t":1.0,"name":"breaker.window","old":"100","new":"7","new_exact":"-5"}"#
        #expect(readError(Self.header() + "\n" + change + "\n")?.line == 2)
        #expect(readError(Self.header(#""knobs_exact":{"breaker.window":"10s","db.pool":3}"#) + "\n") == nil)
    }
}
