// libFuzzer target: scenario files (`--scenario FILE`), and the knobs they set.
import PerfModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let scenario = try? Scenario.parse(text: text, file: "fuzz.scenario") {
        _ = try? scenario.knobs()
    }
    return 0
}
