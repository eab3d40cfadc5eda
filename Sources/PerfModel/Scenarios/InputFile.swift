import Foundation

/// The bytes of a file a user names on the command line.
///
/// A regular file, or whatever a pipe, a FIFO or a device gives until its end: shells hand
/// `--script <(printf '30s load.rate=2k\n')` over as `/dev/fd/63`, and `/dev/null` is the
/// empty script, both of which Foundation's `contents(atPath:)` gives up on.
public enum InputFile {
    /// The file's bytes, or nil when it cannot be opened or read (a folder, a missing file,
    /// no permission).
    ///
    /// Anything but a regular file is opened once and read to its end: opening a FIFO is
    /// what lets its writer go on, so a first look that opened and closed it (as
    /// `contents(atPath:)` does before giving up on it) would leave the writer writing to
    /// nobody and the next open waiting for a writer that never comes.
    public static func data(atPath path: String) -> Data? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return nil
        case S_IFREG: return FileManager.default.contents(atPath: path)
        default:
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            do { return try handle.readToEnd() ?? Data() } catch { return nil }
        }
    }

    /// The file's text, UTF-8; one line naming the file when it cannot be read or is not
    /// text (`cannot read the script file`, `kind` naming what it was meant to be).
    public static func text(atPath path: String, kind: String) throws -> String {
        guard let data = data(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the \(kind) file")
        }
        return text
    }
}
