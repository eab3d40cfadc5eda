#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The whole content of a file a user names, read with a limit: every file perflab reads
/// (scenarios, topologies, scripts, shards, sessions, traces, themes) comes through here.
///
/// A regular file, or whatever a pipe, a FIFO or a device gives until its end: shells hand
/// `--script <(…)` over as `/dev/fd/63`, and `/dev/null` is an empty file. The file is
/// opened once and read to its end (opening a FIFO is what lets its writer go on, so a first
/// look that opened and closed it would leave the writer writing to nobody).
///
/// A file larger than `limit` is refused: a regular file by its size, before anything is
/// read; a stream once that much has come. A file that must be text is refused at its
/// first zero byte, which no text perflab reads holds. `/dev/zero` given as a script, a
/// session or a trace had grown to several gigabytes in five seconds.
public final class BoundedFile: @unchecked Sendable {
    /// The file's bytes. Valid while this value lives; never written after the read.
    public let bytes: UnsafeRawBufferPointer
    private let storage: UnsafeMutableRawBufferPointer

    /// What a file must look like as it is read.
    public enum Form: Sendable {
        /// Anything.
        case bytes
        /// Text: no zero byte anywhere.
        case text
        /// Lines of JSON (a session): a first line that begins with `{` and holds no zero
        /// byte. Only the first line is checked: a file cut off by a crash may end in zeros
        /// (a file system that had allocated the blocks but not written them), and its lines
        /// before them still read.
        case jsonLines
    }

    /// Why a file could not be read.
    public enum Failure: Error, Equatable, Sendable {
        /// It cannot be opened or read: `errno` says why (`ENOENT` for a missing file).
        case unreadable(errno: Int32)
        /// It is a folder.
        case folder
        /// It holds more than `limit` bytes.
        case tooLarge(limit: Int)
        /// It was to be text, and holds a zero byte at `offset`.
        case notText(offset: Int)
        /// It was to be lines of JSON, and its first byte is not `{`.
        case notJSONLines
    }

    private init(storage: UnsafeMutableRawBufferPointer, count: Int) {
        self.storage = storage
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<count])
    }

    deinit { storage.deallocate() }

    /// The bytes of the file at `path`, at most `limit` of them, refused as soon as what is
    /// read is not of its `form`.
    public static func read(atPath path: String, limit: Int, form: Form) -> Result<BoundedFile, Failure> {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(.unreadable(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(errno: errno)) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { return .failure(.folder) }
        let regular = type == S_IFREG
        if regular && Int(info.st_size) > limit { return .failure(.tooLarge(limit: limit)) }
        // One byte more than a regular file holds, so that its end is seen without growing;
        // a stream starts at 64 KB and doubles.
        var capacity = min(regular ? max(Int(info.st_size), 0) + 1 : 1 << 16, limit + 1)
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        var used = 0
        var firstLineRead = false
        func fail(_ failure: Failure) -> Result<BoundedFile, Failure> {
            buffer.deallocate()
            return .failure(failure)
        }
        while true {
            if used == capacity {
                // The file grew, or is not a regular file: read on into a larger buffer.
                if used > limit { return fail(.tooLarge(limit: limit)) }
                let larger = min(capacity * 2, limit + 1)
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: larger, alignment: 16)
                bigger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = bigger
                capacity = larger
            }
            let start = buffer.baseAddress! + used
            let n = systemRead(fd, start, capacity - used)
            if n < 0 {
                if errno == EINTR { continue }
                return fail(.unreadable(errno: errno))
            }
            if n == 0 { break }
            switch form {
            case .bytes:
                break
            case .text:
                if let zero = memchr(start, 0, n) { return fail(.notText(offset: used + (zero - start))) }
            case .jsonLines:
                if used == 0 && start.load(as: UInt8.self) != UInt8(ascii: "{") { return fail(.notJSONLines) }
                if !firstLineRead {
                    let newline = memchr(start, 0x0A, n)
                    let head = newline.map { $0 - start } ?? n
                    if let zero = memchr(start, 0, head) {
                        return fail(.notText(offset: used + (zero - start)))
                    }
                    firstLineRead = newline != nil
                }
            }
            used += n
        }
        if used > limit { return fail(.tooLarge(limit: limit)) }
        return .success(BoundedFile(storage: buffer, count: used))
    }
}

@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
