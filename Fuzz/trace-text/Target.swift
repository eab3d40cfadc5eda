// libFuzzer target: plain-text traces (one key per line), as `cachesim --trace` reads them.
import CachePolicies

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTraceText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let keys = try? TraceReader.parsePlainText(bytes, path: "fuzz.txt") {
        _ = Trace(path: "fuzz.txt", format: .plainText, keys: keys).distinctKeyCount()
    }
    return 0
}
