import Testing

@testable import CachePolicies

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `content` to a fresh temporary file named `name` and returns its path.
func temporaryFile(_ name: String, _ content: [UInt8]) -> String {
    var template = Array("/tmp/perflab-test-XXXXXX".utf8CString)
    let dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    let path = dir + "/" + name
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    precondition(fd >= 0)
    content.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
    close(fd)
    return path
}

func temporaryFile(_ name: String, _ text: String) -> String { temporaryFile(name, Array(text.utf8)) }

@Suite struct TraceReaderTests {
    @Test func parsesOneKeyPerLine() throws {
        let path = temporaryFile("t.txt", "1\n2\n 3 \r\n\n18446744073709551615\n2\n")
        let trace = try TraceReader.read(path: path)
        #expect(trace.keys == [1, 2, 3, 18_446_744_073_709_551_615, 2])
        #expect(trace.format == .plainText)
        #expect(trace.distinctKeyCount() == 4)
    }

    @Test func lastLineWithoutNewline() throws {
        let path = temporaryFile("t.txt", "7\n8")
        #expect(try TraceReader.read(path: path).keys == [7, 8])
    }

    @Test func malformedLineNamesFileAndLine() {
        let path = temporaryFile("bad.txt", "1\n2\n\nabc\n4\n")
        #expect(throws: TraceError.malformedLine(path: path, line: 4, found: "abc")) {
            try TraceReader.read(path: path)
        }
        let error = TraceError.malformedLine(path: path, line: 4, found: "abc")
        #expect(error.description == "\(path):4: expected a key, found \"abc\"")
    }

    @Test func numberTooLargeIsMalformed() {
        let path = temporaryFile("big.txt", "1\n18446744073709551616\n")
        #expect(throws: TraceError.malformedLine(path: path, line: 2, found: "18446744073709551616")) {
            try TraceReader.read(path: path)
        }
    }

    @Test func stringKeysAreHashedWithFNV1a() throws {
        let path = temporaryFile("s.txt", "alpha\nbeta\nalpha\n")
        let keys = try TraceReader.read(path: path).keys
        // FNV-1a 64 of "alpha", computed independently.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in "alpha".utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        #expect(keys == [h, keys[1], h])
        #expect(keys[1] != h)
    }

    @Test func emptyTraceSaysSo() {
        let path = temporaryFile("e.txt", "\n\n")
        #expect(throws: TraceError.empty(path: path)) { try TraceReader.read(path: path) }
        #expect(TraceError.empty(path: "x.txt").description == "x.txt: empty trace (no requests)")
        let zero = temporaryFile("z.txt", "")
        #expect(throws: TraceError.empty(path: zero)) { try TraceReader.read(path: zero) }
    }

    @Test func unreadableFile() {
        #expect(throws: TraceError.self) { try TraceReader.read(path: "/nonexistent/perflab/trace.txt") }
        do {
            _ = try TraceReader.read(path: "/nonexistent/perflab/trace.txt")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/perflab/trace.txt: cannot read trace:"))
        }
    }

    /// `/dev/zero` as a text trace is refused at its first byte; it was read on and on (3.6
    /// GB in five seconds).
    @Test func anEndlessDeviceIsRefusedAtOnce() {
        #expect(throws: TraceError.notText(path: "/dev/zero", offset: 0)) {
            try TraceReader.read(path: "/dev/zero")
        }
        #expect(
            TraceError.notText(path: "t", offset: 3).description
                == "t: a zero byte at offset 3: not a plain-text trace (one key a line)")
    }

    /// A file over the limit is refused: a regular file by its size before it is read, and a
    /// stream (here /dev/zero read as binary oracleGeneral records) once the limit has come.
    @Test func aFileLargerThanTheLimitIsRefused() throws {
        let path = temporaryFile("big.txt", Array(String(repeating: "12345\n", count: 1000).utf8))
        #expect(throws: TraceError.tooLarge(path: path, limit: 4096)) {
            try TraceReader.withFileBytes(path, limit: 4096, text: true) { $0.count }
        }
        #expect(try TraceReader.withFileBytes(path, limit: 6000, text: true) { $0.count } == 6000)
        #expect(throws: TraceError.tooLarge(path: "/dev/zero", limit: 100_000)) {
            try TraceReader.withFileBytes("/dev/zero", limit: 100_000, text: false) { $0.count }
        }
        #expect(
            TraceError.tooLarge(path: "t", limit: 4 << 30).description
                == "t: larger than 4 GB, too large for a trace")
    }

    @Test func oracleGeneralRecords() throws {
        var bytes: [UInt8] = []
        func append<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        for (t, id) in [(UInt32(1), UInt64(42)), (2, 0xDEAD_BEEF_0000_0001), (3, 42)] {
            append(t); append(id); append(UInt32(100)); append(Int64(-1))
        }
        let path = temporaryFile("t.oracleGeneral.bin", bytes)
        #expect(TraceFormat.forPath(path) == .oracleGeneral)
        #expect(TraceFormat.forPath("x.oracleGeneral") == .oracleGeneral)
        #expect(TraceFormat.forPath("x.bin") == .plainText)
        let trace = try TraceReader.read(path: path)
        #expect(trace.keys == [42, 0xDEAD_BEEF_0000_0001, 42])

        let cut = temporaryFile("c.oracleGeneral", Array(bytes.dropLast(5)))
        #expect(throws: TraceError.partialRecord(path: cut, size: 67)) { try TraceReader.read(path: cut) }
        #expect(
            TraceError.partialRecord(path: "c", size: 67).description
                == "c: size 67 is not a multiple of 24 bytes (oracleGeneral records)")
    }
}
