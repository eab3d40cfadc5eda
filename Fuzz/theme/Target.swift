// libFuzzer target: theme files (btop format), as `--theme FILE` reads them.
import TerminalCanvas

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTheme(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Theme(parsing: text, source: "fuzz.theme", name: "fuzz")
    return 0
}
