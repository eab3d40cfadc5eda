// libFuzzer target: `--script` files of timed knob changes.
import PerfModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScript(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? KnobScript.parse(text: text, file: "fuzz.script")
    return 0
}
