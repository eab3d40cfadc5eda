// libFuzzer target: `--script` files of timed knob changes, read alone and against the
// knobs of a scenario (names resolved, values checked, the caches' budget played through).
import PerfModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScript(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? KnobScript.parse(text: text, file: "fuzz.script")
    if let knobs = try? Presets.named("checkout")?.knobs() {
        _ = try? KnobScript.parse(text: text, file: "fuzz.script", knobs: knobs)
    }
    return 0
}
