import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Cut-off sessions read back to their last whole line; malformed ones are refused with a
/// message naming file, line and field.
@Suite struct SessionReaderTests {
    func recorded() throws -> (path: String, text: String) {
        let (file, _, _) = try SessionFixtures.recordRun("reader", scenario: "mmc", seconds: 10)
        return (file, try String(contentsOfFile: file, encoding: .utf8))
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let e as InputError { return e.description } catch { return "\(error)" }
        return nil
    }

    @Test func aFileCutMidLineReadsBackToItsLastWholeLine() throws {
        let (_, text) = try recorded()
        let lines = text.split(separator: "\n").map(String.init)
        let k = try #require(lines.firstIndex { $0.contains("\"t\":6.0,") })
        // Keep lines 1…k whole and half of line k+1.
        let kept = lines[..<k].joined(separator: "\n") + "\n" + lines[k].prefix(lines[k].count / 2)
        let cut = SessionFixtures.path("cut")
        try kept.write(toFile: cut, atomically: true, encoding: .utf8)
        let s = try SessionReader.read(path: cut)
        #expect(s.endMissing)
        #expect(s.cutOffLine == k + 1)
        #expect(s.samples.count == 5)
        #expect(s.samples.last?.sample.t == 5)
        #expect(
            s.endMissingNote
                == "\(cut): the end is missing: line \(k + 1) is cut off; read up to line \(k) (5 samples, "
                + "to t=5)"
        )
        // And it still reports.
        let report = try SessionReport(s)
        #expect(report.stretch.sampleCount == 5)
        #expect(report.text.contains("the end is missing"))
    }

    @Test func progressIsHeardEveryStepAndNothingElseChanges() throws {
        let (file, _, _) = try SessionFixtures.recordRun("progress", scenario: "checkout", seconds: 120)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        let step = 64 << 10
        try #require(size > 8 * step)
        var heard: [(read: Int, size: Int)] = []
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let s = try data.withUnsafeBytes {
            try SessionReader.read(bytes: $0, file: file, progress: { heard.append(($0, $1)) }, step: step)
        }
        #expect(heard.allSatisfy { $0.size == size })
        // At a line's end once a step's bytes have gone by since the last: more than a step
        // apart, never past the end, and as many as the steps the lines' lengths allow.
        let reads = heard.map(\.read)
        #expect(reads.first.map { $0 >= step } == true)
        #expect(zip(reads, reads.dropFirst()).allSatisfy { $1 - $0 >= step })
        #expect(reads.allSatisfy { $0 <= size })
        let longest =
            try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(\.utf8.count)
            .max() ?? 0
        #expect(heard.count <= size / step)
        #expect(heard.count >= size / (step + longest + 1))
        // The same session as read without a listener.
        let quiet = try SessionReader.read(path: file)
        #expect(s.samples.count == quiet.samples.count && s.lineCount == quiet.lineCount)
        #expect(try SessionReport(s).text == SessionReport(quiet).text)
    }

    @Test func aFileCutBetweenLinesSaysTheEndIsMissing() throws {
        let (_, text) = try recorded()
        let lines = text.split(separator: "\n").map(String.init)
        let s = try SessionReader.read(
            path: try SessionFixtures.write(Array(lines.dropLast()), name: "no-end"))
        #expect(s.endMissing)
        #expect(s.cutOffLine == nil)
        #expect(s.endMissingNote?.contains("no end line after line \(lines.count - 1)") == true)
    }

    @Test func aCompleteLastLineWithoutItsNewlineIsKept() throws {
        let (_, text) = try recorded()
        let p = SessionFixtures.path("no-newline")
        try String(text.dropLast()).write(toFile: p, atomically: true, encoding: .utf8)
        let s = try SessionReader.read(path: p)
        #expect(!s.endMissing)
        #expect(s.cutOffLine == nil)
    }

    @Test func badHeadersAndLinesAreNamedByFileAndLine() throws {
        let (_, text) = try recorded()
        var lines = text.split(separator: "\n").map(String.init)
        let original = lines

        lines[0] = lines[0].replacingOccurrences(of: "perflab-session", with: "perflab-trace")
        var p = try SessionFixtures.write(lines, name: "other-format")
        #expect(
            message { _ = try SessionReader.read(path: p) }
                == "\(p):1: format: \"perflab-trace\" is not a perflab session (expected \"perflab-session\")"
        )

        lines = original
        lines[0] = lines[0].replacingOccurrences(of: "\"version\":1,", with: "\"version\":2,")
        p = try SessionFixtures.write(lines, name: "newer")
        #expect(
            message { _ = try SessionReader.read(path: p) }?.hasPrefix(
                "\(p):1: version: session format version 2 is newer") == true)

        lines = original
        lines[2] = "{\"type\":\"sample\",\"t\":2.0 oops"
        p = try SessionFixtures.write(lines, name: "not-json")
        #expect(message { _ = try SessionReader.read(path: p) }?.hasPrefix("\(p):3: not JSON: ") == true)

        lines = original
        lines[3] = lines[3].replacingOccurrences(of: "\"succeeded\":", with: "\"succeeded\":\"many\",\"x\":")
        p = try SessionFixtures.write(lines, name: "wrong-type")
        #expect(
            message { _ = try SessionReader.read(path: p) }
                == "\(p):4: requests.succeeded: expected a whole number, found \"many\"")

        lines = original
        lines.insert(#"{"type":"knob","t":1.5,"name":"load.speed","old":"1","new":"2"}"#, at: 2)
        p = try SessionFixtures.write(lines, name: "unknown-knob")
        #expect(
            message { _ = try SessionReader.read(path: p) } == "\(p):3: name: unknown knob \"load.speed\"")

        p = try SessionFixtures.write(["{\"type\":\"sample\",\"t\":1.0}"], name: "no-header")
        #expect(
            message { _ = try SessionReader.read(path: p) }
                == "\(p):1: type: the first line is not a session header")

        p = SessionFixtures.path("header-cut")
        try String(original[0].prefix(40)).write(toFile: p, atomically: true, encoding: .utf8)
        #expect(
            message { _ = try SessionReader.read(path: p) }
                == "\(p):1: the session is cut off inside its header")

        p = SessionFixtures.path("empty")
        try "".write(toFile: p, atomically: true, encoding: .utf8)
        #expect(message { _ = try SessionReader.read(path: p) } == "\(p): is empty: not a perflab session")

        #expect(
            message { _ = try SessionReader.read(path: "/nonexistent/x.jsonl") }
                == "/nonexistent/x.jsonl: no such session file")
    }

    /// The header is written beside the file and renamed onto it, so a process killed at
    /// any moment leaves no file or one whose header is whole (never an empty file).
    @Test func aNewSessionFileHoldsItsWholeHeaderFromTheStart() throws {
        let header = SessionHeader(
            source: .run, scenario: "mm1", seed: 3, knobs: KnobSet(), duration: Time.second)
        let file = SessionFixtures.path("staged")
        try "an older file".write(toFile: file, atomically: false, encoding: .utf8)
        let writer = try SessionWriter(path: file, header: header)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == header.json.text + "\n")
        #expect(writer.linesWritten == 1)
        let folder = (file as NSString).deletingLastPathComponent
        let name = (file as NSString).lastPathComponent
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            $0.hasPrefix(".\(name).")
        }
        #expect(left == [])
        writer.record(event: ModelEvent(t: 0.5, kind: .breaker, subject: "db", from: .closed, to: .open))
        try writer.finish(summary: nil)
        let s = try SessionReader.read(path: file)
        #expect(s.header == header && s.events.count == 1 && !s.endMissing)
        // Not a regular file: written in place.
        try SessionWriter(path: "/dev/null", header: header).finish(summary: nil)
    }
}
