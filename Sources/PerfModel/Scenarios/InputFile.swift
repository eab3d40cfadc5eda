import Foundation
import SimKernel

/// The bytes of a file a user names on the command line, read by ``BoundedFile`` with its
/// kind's limit, and one line naming the file when it cannot be read.
///
/// Foundation's `contents(atPath:)` is not used: it reads without a limit (`--script
/// /dev/zero` had grown to 8 GB in five seconds), and gives up on the pipes and FIFOs shells
/// hand over (`--script <(printf '30s load.rate=2k\n')` is `/dev/fd/63`).
public enum InputFile {
    /// The most a file a person writes may hold: a scenario, a topology, a script, a sweep's
    /// shard.
    public static let textLimit = 64 << 20
    /// The most a session file may hold (a recorded hour of the five-service `shop` is
    /// 25 MB; of a 300-service chain, 870 MB).
    public static let sessionLimit = 4 << 30

    /// What a file must look like as it is read (``BoundedFile/Form``).
    public typealias Form = BoundedFile.Form
    /// Why a file could not be read (``BoundedFile/Failure``).
    public typealias Failure = BoundedFile.Failure

    /// The file's bytes, at most `limit` of them, refused as soon as what is read is not of
    /// its `form` (``BoundedFile/read(atPath:limit:form:)``). The bytes are not copied: the
    /// `Data` holds the buffer they were read into.
    public static func read(atPath path: String, limit: Int, form: Form) -> Result<Data, Failure> {
        BoundedFile.read(atPath: path, limit: limit, form: form).map { file in
            Data(
                bytesNoCopy: UnsafeMutableRawPointer(mutating: file.bytes.baseAddress!),
                count: file.bytes.count,
                deallocator: .custom { _, _ in withExtendedLifetime(file) {} })
        }
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
        case .failure(.unreadable(let code)):
            throw InputError(
                file: path, code == ENOENT ? "no such \(kind) file" : "cannot read the \(kind) file")
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
