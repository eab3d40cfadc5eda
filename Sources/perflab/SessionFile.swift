import Foundation
import PerfModel

/// A session file as the commands read it (`replay`, `report`, `compare`): how far the
/// reading has come, on standard error when it takes more than a second (a 200 MB session
/// takes several, and a replay shows nothing until it is read), and a note when the file
/// has no end line.
enum SessionFile {
    static func read(_ path: String) throws -> Session {
        let bar = ProgressLine("read", unit: "MB", after: 1)
        let session = try {
            defer { bar?.clear() }
            return try SessionReader.read(path: path) { done, size in
                bar?.show(megabytes(done), of: megabytes(size))
            }
        }()
        if let note = session.endMissingNote { Self.note(note) }
        return session
    }

    /// Bytes as megabytes to a tenth.
    static func megabytes(_ bytes: Int) -> Double { (Double(bytes) / 1e5).rounded() / 10 }

    /// A line on standard error that is not an error.
    static func note(_ line: String) {
        FileHandle.standardError.write(Data("perflab: note: \(line)\n".utf8))
    }
}
