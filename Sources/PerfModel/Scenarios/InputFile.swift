import Foundation

/// The bytes of a file a user names on the command line.
///
/// A regular file, or whatever a pipe, a FIFO or a device gives until its end: shells hand
/// `--script <(printf '30s load.rate=2k\n')` over as `/dev/fd/63`, and `/dev/null` is the
/// empty script, both of which Foundation's `contents(atPath:)` gives up on.
public enum InputFile {
    /// The file's bytes, or nil when it cannot be opened or read (a folder, a missing file,
    /// no permission).
    public static func data(atPath path: String) -> Data? {
        if let data = FileManager.default.contents(atPath: path) { return data }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        defer { try? handle.close() }
        do { return try handle.readToEnd() ?? Data() } catch { return nil }
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
