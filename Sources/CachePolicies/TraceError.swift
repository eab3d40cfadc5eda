/// Why a trace could not be read. Each `description` is one line naming the file (and the
/// line, for a malformed line), ready for `perflab: <description>` on standard error.
public enum TraceError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file holds no requests.
    case empty(path: String)
    /// A line of a plain-text trace is not a key (1-based line number, the text found).
    case malformedLine(path: String, line: Int, found: String)
    /// An `oracleGeneral` file whose size is not a whole number of 24-byte records.
    case partialRecord(path: String, size: Int)
    /// A trace longer than the simulator supports.
    case tooLong(path: String, requests: Int)
    /// A file larger than ``TraceReader/limit``.
    case tooLarge(path: String, limit: Int)
    /// A plain-text trace holding a zero byte at `offset`.
    case notText(path: String, offset: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read trace: \(reason)"
        case .empty(let path):
            return "\(path): empty trace (no requests)"
        case .malformedLine(let path, let line, let found):
            return "\(path):\(line): expected a key, found \"\(found)\""
        case .partialRecord(let path, let size):
            return "\(path): size \(size) is not a multiple of 24 bytes (oracleGeneral records)"
        case .tooLarge(let path, let limit):
            return "\(path): larger than \(limit >> 30) GB, too large for a trace"
        case .notText(let path, let offset):
            return "\(path): a zero byte at offset \(offset): not a plain-text trace (one key a line)"
        case .tooLong(let path, let requests):
            return "\(path): \(requests) requests is more than the 2147483646 supported"
        }
    }
}
