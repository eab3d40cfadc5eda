// libFuzzer target: knob values, as `--set KNOB=VALUE` and the dashboard's Enter read them.
// The first byte picks the knob whose syntax parses the rest; the whole input is also
// tried as a `KNOB=VALUE` assignment.
import PerfModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKnobValue(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let first = bytes.first else { return 0 }
    let spec = KnobRegistry.all[Int(first) % KnobRegistry.all.count]
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    if let value = try? spec.parse(text) {
        _ = spec.format(value)
        _ = spec.stepped(value, by: 1)
    }
    var knobs = KnobSet()
    _ = try? knobs.apply(assignment: text)
    return 0
}
