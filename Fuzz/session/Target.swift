// libFuzzer target: session files, as `perflab report FILE` reads and summarises them.
import Foundation
import PerfModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSession(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    guard let session = try? SessionReader.read(data: bytes, file: "fuzz.jsonl") else { return 0 }
    _ = session.endMissingNote
    if let report = try? SessionReport(session) {
        _ = report.text
        _ = report.csv
        _ = report.json.text
    }
    return 0
}
