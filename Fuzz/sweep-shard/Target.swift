// libFuzzer target: sweep shards (`sweep merge FILE…`): read, merged alone and with
// themselves, then written as text, CSV and JSON.
import PerfModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSweepShard(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let report = try? SweepReport(text: text, file: "fuzz.json") else { return 0 }
    _ = report.text
    _ = report.csv
    _ = report.json.pretty()
    // Alone (a shard 1/1, or refused as incomplete) and twice (refused: the same shard).
    if let merged = try? SweepReport.merge([("fuzz.json", report)]) {
        _ = merged.text
    }
    _ = try? SweepReport.merge([("a.json", report), ("b.json", report)])
    return 0
}
