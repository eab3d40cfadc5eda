import Foundation
import Testing

@testable import SimKernel

/// The one bounded reader every file goes through: what it returns is the file, byte for
/// byte, whatever the kind of file and however the bytes come; what it refuses, it refuses
/// at the byte that makes it wrong.
@Suite struct BoundedFileTests {
    /// A file with `bytes`, removed by the caller.
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "perflab-bounded-\(getpid())-\(UUID().uuidString)"
        ).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `bytes` read from a pipe, as a shell's `<(…)` hands them over: written in small
    /// pieces by another thread, so that the reader sees them come in many reads.
    static func throughPipe(_ bytes: [UInt8], limit: Int, form: BoundedFile.Form) -> Result<
        [UInt8], BoundedFile.Failure
    > {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return .failure(.unreadable(errno: errno)) }
        signal(SIGPIPE, SIG_IGN)
        let writer = ends[1]
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset..<min(offset + 7_000, bytes.count)].withUnsafeBytes {
                    write(writer, $0.baseAddress, $0.count)
                }
                if n <= 0 { break }
                offset += n
            }
            close(writer)
            done.signal()
        }
        let result = BoundedFile.read(atPath: "/dev/fd/\(ends[0])", limit: limit, form: form).map {
            Array($0.bytes)
        }
        close(ends[0])
        done.wait()
        return result
    }

    @Test func aStreamLongerThanTheFirstBufferComesBackWhole() {
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) | 1 }
        #expect(Self.throughPipe(bytes, limit: 1 << 20, form: .text) == .success(bytes))
        #expect(Self.throughPipe(bytes, limit: 300_000, form: .bytes) == .success(bytes))
        #expect(Self.throughPipe(bytes, limit: 299_999, form: .bytes) == .failure(.tooLarge(limit: 299_999)))
    }

    @Test func aRegularFileComesBackWholeOrIsRefusedByItsSize() throws {
        let bytes = Array("10s load.rate=2k\n".utf8) + [0xE2, 0x80, 0xA6]
        let path = try Self.file(bytes)
        defer { unlink(path) }
        #expect(
            BoundedFile.read(atPath: path, limit: bytes.count, form: .text).map { Array($0.bytes) }
                == .success(bytes))
        #expect(
            BoundedFile.read(atPath: path, limit: bytes.count - 1, form: .text).map { _ in 0 }
                == .failure(.tooLarge(limit: bytes.count - 1)))
        let empty = try Self.file([])
        defer { unlink(empty) }
        #expect(BoundedFile.read(atPath: empty, limit: 10, form: .text).map { $0.bytes.count } == .success(0))
        #expect(
            BoundedFile.read(atPath: "/dev/null", limit: 10, form: .jsonLines).map { $0.bytes.count }
                == .success(0))
    }

    /// A zero byte is found where it is, also past the first read of a stream.
    @Test func textIsRefusedAtItsFirstZeroByte() {
        let bytes =
            [UInt8](repeating: UInt8(ascii: "a"), count: 100_000) + [0] + [UInt8](repeating: 0x62, count: 10)
        #expect(Self.throughPipe(bytes, limit: 1 << 20, form: .text) == .failure(.notText(offset: 100_000)))
        #expect(Self.throughPipe(bytes, limit: 1 << 20, form: .bytes).map(\.count) == .success(100_011))
        #expect(
            BoundedFile.read(atPath: "/dev/zero", limit: 1 << 30, form: .text).map { _ in 0 }
                == .failure(.notText(offset: 0)))
    }

    /// Lines of JSON: the first byte must be `{` and the first line hold no zero byte; what
    /// follows the first line may (a file cut off by a crash).
    @Test func linesOfJSONAreCheckedOnTheirFirstLine() {
        let line = Array("{\"format\":1}\n{\"t\":1}\n".utf8)
        let cut = line + [UInt8](repeating: 0, count: 5_000)
        #expect(Self.throughPipe(cut, limit: 1 << 20, form: .jsonLines) == .success(cut))
        #expect(Self.throughPipe(cut, limit: 1 << 20, form: .text) == .failure(.notText(offset: line.count)))
        #expect(
            Self.throughPipe(Array("x{}\n".utf8), limit: 100, form: .jsonLines) == .failure(.notJSONLines))
        let zeroInFirstLine = Array("{\"format\"".utf8) + [0] + Array(":1}\n".utf8)
        #expect(
            Self.throughPipe(zeroInFirstLine, limit: 100, form: .jsonLines) == .failure(.notText(offset: 9)))
    }

    @Test func aFolderOrAMissingFileIsRefused() {
        #expect(BoundedFile.read(atPath: "/tmp", limit: 10, form: .bytes).map { _ in 0 } == .failure(.folder))
        #expect(
            BoundedFile.read(atPath: "/no/such/perflab/file", limit: 10, form: .bytes).map { _ in 0 }
                == .failure(.unreadable(errno: ENOENT)))
    }
}
