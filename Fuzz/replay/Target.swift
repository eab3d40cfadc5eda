// libFuzzer target: session files played on screen, as `perflab replay FILE` shows them:
// read, then drawn at a few sizes, positions and scales (into a buffer, no terminal).
import Dashboard
import Foundation
import PerfModel
import TerminalCanvas

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplay(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    guard let session = try? SessionReader.read(data: bytes, file: "fuzz.jsonl"),
        var model = try? DashboardModel(replay: session, file: "fuzz.jsonl")
    else { return 0 }
    let messages: [DashboardMessage] = [
        .resize(width: 120, height: 40), .tick(wallElapsed: 0.05), .key(KeyPress(.end)),
        .key(KeyPress(.character("l"))), .key(KeyPress(.left)), .resize(width: 80, height: 24),
        .key(KeyPress(.character("z"))), .key(KeyPress(.pageUp)), .key(KeyPress(.home)),
        .tick(wallElapsed: 0.05),
    ]
    var buffer = CellBuffer(width: 120, height: 40)
    for message in messages {
        DashboardUpdate.update(&model, message)
        if case .resize(let w, let h) = message { buffer = CellBuffer(width: w, height: h) }
        DashboardView.render(model, into: &buffer)
    }
    return 0
}
