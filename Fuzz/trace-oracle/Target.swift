// libFuzzer target: libCacheSim's binary oracleGeneral traces, as `cachesim --trace` reads them.
import CachePolicies

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTraceOracle(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let keys = try? TraceReader.parseOracleGeneral(bytes, path: "fuzz.oracleGeneral") {
        _ = Trace(path: "fuzz.oracleGeneral", format: .oracleGeneral, keys: keys).distinctKeyCount()
    }
    return 0
}
