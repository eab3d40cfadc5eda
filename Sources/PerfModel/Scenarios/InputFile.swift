import Foundation

/// The bytes of a file a user names on the command line.
///
/// A regular file, or whatever a pipe, a FIFO or a device gives until its end: shells hand
/// `--script <(printf '30s load.rate=2k\n')` over as `/dev/fd/63`, and `/dev/null` is the
/// empty script, both of which Foundation's `contents(atPath:)` gives up on.
///
/// Every read is bounded: a file larger than its kind's limit is refused (a regular file by
/// its size, before anything is read; a stream once that much has come), and a file that
/// must be text is refused at the first zero byte, which no text perflab reads holds.
/// `--script /dev/zero` had grown to 8 GB in five seconds.
public enum InputFile {
    /// The most a file a person writes may hold: a scenario, a topology, a script, a sweep's
    /// shard.
    public static let textLimit = 64 << 20
    /// The most a session file may hold (a recorded hour of the five-service `shop` is
    /// 25 MB; of a 300-service chain, 870 MB).
    public static let sessionLimit = 4 << 30

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
    public enum Failure: Error, Equatable {
        /// It cannot be opened or read (a missing file, no permission).
        case unreadable
        /// It is a folder.
        case folder
        /// It holds more than `limit` bytes.
        case tooLarge(limit: Int)
        /// It was to be text, and holds a zero byte at `offset`.
        case notText(offset: Int)
        /// It was to be lines of JSON, and its first byte is not `{`.
        case notJSONLines
    }

    /// The file's bytes, at most `limit` of them, refused as soon as what is read is not of
    /// its `form`.
    ///
    /// The file is opened once and read to its end: opening a FIFO is what lets its writer
    /// go on, so a first look that opened and closed it (as `contents(atPath:)` does before
    /// giving up on it) would leave the writer writing to nobody and the next open waiting
    /// for a writer that never comes.
    public static func read(atPath path: String, limit: Int, form: Form) -> Result<Data, Failure> {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(.unreadable) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { return .failure(.folder) }
        let regular = type == S_IFREG
        if regular && Int(info.st_size) > limit { return .failure(.tooLarge(limit: limit)) }
        var data = Data()
        if regular { data.reserveCapacity(Int(info.st_size) + 1) }
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var firstLineRead = false
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable)
            }
            if n == 0 { break }
            switch form {
            case .bytes: break
            case .text:
                if let zero = buffer[0..<n].firstIndex(of: 0) {
                    return .failure(.notText(offset: data.count + zero))
                }
            case .jsonLines:
                if data.isEmpty && buffer[0] != UInt8(ascii: "{") { return .failure(.notJSONLines) }
                if !firstLineRead {
                    let head = buffer[0..<n].prefix { $0 != 0x0A }
                    if let zero = head.firstIndex(of: 0) {
                        return .failure(.notText(offset: data.count + zero))
                    }
                    firstLineRead = head.count < n
                }
            }
            if data.count + n > limit { return .failure(.tooLarge(limit: limit)) }
            data.append(contentsOf: buffer[0..<n])
        }
        return .success(data)
    }

    /// The file's bytes, or one line naming the file and what is wrong with it as a `kind`
    /// file (`cannot read the script file`, `is larger than 64 MB, too large for a script
    /// file`).
    public static func contents(
        atPath path: String, kind: String, limit: Int = textLimit, form: Form = .text
    ) throws -> Data {
        switch read(atPath: path, limit: limit, form: form) {
        case .success(let data):
            return data
        case .failure(.unreadable):
            let missing = access(path, F_OK) != 0
            throw InputError(file: path, missing ? "no such \(kind) file" : "cannot read the \(kind) file")
        case .failure(.folder):
            throw InputError(file: path, "is a folder, not a \(kind) file")
        case .failure(.tooLarge(let limit)):
            throw InputError(file: path, "is larger than \(size(limit)), too large for a \(kind) file")
        case .failure(.notText(let offset)):
            throw InputError(
                file: path, "holds a zero byte at offset \(offset): not a \(kind) file (not text)")
        case .failure(.notJSONLines):
            throw InputError(file: path, line: 1, "does not begin with \"{\": not a perflab \(kind) file")
        }
    }

    /// The file's text, UTF-8, at most ``textLimit`` bytes; one line naming the file when it
    /// cannot be read or is not text.
    public static func text(atPath path: String, kind: String) throws -> String {
        let data = try contents(atPath: path, kind: kind)
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "the \(kind) file is not UTF-8 text")
        }
        return text
    }

    /// `bytes` as a whole number of MB or GB (powers of 1024).
    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 30 && bytes % (1 << 30) == 0 ? "\(bytes >> 30) GB" : "\(bytes >> 20) MB"
    }
}
