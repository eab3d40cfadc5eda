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
        #expect(InputFile.data(atPath: FileManager.default.temporaryDirectory.path) == nil)
        #expect(InputFile.data(atPath: "/no/such/perflab/file") == nil)
        #expect(throws: InputError.self) { try KnobScript.parse(file: "/no/such/perflab/file") }
    }
}
