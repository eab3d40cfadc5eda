import Foundation
import Testing

@testable import PerfModel

/// Files a user names may be pipes or devices: `--script <(printf …)` reaches perflab as
/// `/dev/fd/63`, `/dev/null` is the empty script. Foundation's `contents(atPath:)` read
/// neither, and each was refused as "cannot read the script file".
@Suite struct InputFileTests {
    /// A FIFO written by another thread, as a shell's process substitution is, or as a user
    /// writes a FIFO made with `mkfifo`. The writer is waiting in `open` when this returns,
    /// as a writer started first is: a reader that opens the FIFO once gets its text, where
    /// one that opened and closed it first (Foundation's `contents(atPath:)`, which gives
    /// up on anything but a regular file) let the writer write into the void and then waited
    /// for another writer forever (a test run hung so). Two seconds later the thread opens
    /// the FIFO once more and closes it, so that such a reader fails instead of hanging.
    static func fifo(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "perflab-fifo-\(getpid())-\(UUID().uuidString)"
        ).path
        guard mkfifo(path, 0o600) == 0 else { throw InputError("mkfifo failed") }
        let bytes = Array(text.utf8)
        // A write with no reader left would kill the test process (SIGPIPE) where it
        // should fail one test.
        signal(SIGPIPE, SIG_IGN)
        Thread.detachNewThread {
            // Opening blocks until the reader opens its end.
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { return }
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            Thread.sleep(forTimeInterval: 2)
            let again = open(path, O_WRONLY | O_NONBLOCK)
            if again >= 0 { close(again) }
        }
        Thread.sleep(forTimeInterval: 0.05)
        return path
    }

    @Test func aScriptFromAPipeReads() throws {
        let path = try Self.fifo("1s load.rate=700\n# a comment\n2s db.pool=12\n")
        defer { unlink(path) }
        let script = try KnobScript.parse(file: path)
        #expect(script.map(\.name) == ["load.rate", "db.pool"])
        #expect(script.map(\.at) == [1_000_000_000, 2_000_000_000])
    }

    @Test func devNullIsTheEmptyScript() throws {
        #expect(try KnobScript.parse(file: "/dev/null").isEmpty)
    }

    /// A scenario named neither .toml nor .scenario is a topology when it has tables.
    @Test func aTopologyFromAPipeReads() throws {
        let text = "entry = \"a\"\n[services.a]\n[[services.a.calls]]\nto = \"b\"\n[services.b]\n"
        let path = try Self.fifo(text)
        defer { unlink(path) }
        let s = try Scenario.load(path)
        #expect(s.topology.services.map(\.name) == ["a", "b"])
        let scenario = try Self.fifo("name = mine\nbase = mmc\nload.rate = 600\n")
        defer { unlink(scenario) }
        #expect(try Scenario.load(scenario).name == "mine")
    }

    @Test func aFolderOrNothingIsRefused() throws {
        #expect(
            InputFile.read(atPath: FileManager.default.temporaryDirectory.path, limit: 1 << 20, form: .bytes)
                == .failure(.folder))
        #expect(
            InputFile.read(atPath: "/no/such/perflab/file", limit: 1 << 20, form: .bytes)
                == .failure(.unreadable(errno: ENOENT)))
        #expect(throws: InputError.self) { try KnobScript.parse(file: "/no/such/perflab/file") }
    }

    /// An endless device is refused at its first byte, where every kind of file was read to
    /// its end: `--script /dev/zero` had grown to 8 GB in five seconds.
    @Test func anEndlessDeviceIsRefusedAtOnce() throws {
        func message(_ body: () throws -> Void) -> String? {
            do { try body() } catch { return "\(error)" }
            return nil
        }
        #expect(
            message { _ = try KnobScript.parse(file: "/dev/zero") }
                == "/dev/zero: holds a zero byte at offset 0: not a script file (not text)")
        #expect(
            message { _ = try Scenario.load("/dev/zero") }
                == "/dev/zero: holds a zero byte at offset 0: not a scenario file (not text)")
        #expect(
            message { _ = try SessionReader.read(path: "/dev/zero") }
                == "/dev/zero:1: does not begin with \"{\": not a perflab session file")
        // Random bytes: a zero byte within the first megabyte read, or a first byte that
        // is not "{", each long before any limit.
        #expect(
            message { _ = try KnobScript.parse(file: "/dev/urandom") }?.contains("not a script file") == true)
        #expect(message { _ = try SessionReader.read(path: "/dev/urandom") } != nil)
    }

    /// More than the limit is refused: a regular file by its size, before it is read, and a
    /// stream once the limit has come.
    @Test func aFileLargerThanItsLimitIsRefused() throws {
        let big = FileManager.default.temporaryDirectory.appendingPathComponent(
            "perflab-big-\(getpid())-\(UUID().uuidString)"
        ).path
        defer { unlink(big) }
        try String(repeating: "1s load.rate=700\n", count: 200_000).write(
            toFile: big, atomically: true, encoding: .utf8)
        #expect(
            InputFile.read(atPath: big, limit: 1 << 20, form: .text) == .failure(.tooLarge(limit: 1 << 20)))
        #expect(try InputFile.read(atPath: big, limit: 4 << 20, form: .text).get().count == 3_400_000)
        let stream = try Self.fifo(String(repeating: "1s load.rate=700\n", count: 200_000))
        defer { unlink(stream) }
        #expect(
            InputFile.read(atPath: stream, limit: 1 << 20, form: .text) == .failure(.tooLarge(limit: 1 << 20))
        )
        #expect(throws: InputError.self) {
            _ = try InputFile.contents(atPath: big, kind: "script", limit: 1 << 20)
        }
        do {
            _ = try InputFile.contents(atPath: big, kind: "script", limit: 1 << 20)
        } catch {
            #expect("\(error)" == "\(big): is larger than 1 MB, too large for a script file")
        }
    }

    /// A session cut off by a crash of the machine may end in zeros (blocks the file system
    /// had given the file but not yet written): only the first line is held to be text, and
    /// the lines before the zeros read as a session whose end is missing.
    @Test func aSessionEndingInZerosStillReads() throws {
        let (path, _, _) = try SessionFixtures.recordRun("zeros", seconds: 5)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let whole = try SessionReader.read(path: path)
        // Drop the end line, then zeros where the next lines would have been.
        let lastLine = bytes.dropLast().lastIndex(of: 0x0A)!
        bytes.removeSubrange((lastLine + 1)...)
        bytes += [UInt8](repeating: 0, count: 4096)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let cut = try SessionReader.read(path: path)
        #expect(cut.endMissing)
        #expect(cut.samples.count == whole.samples.count)
    }
}
