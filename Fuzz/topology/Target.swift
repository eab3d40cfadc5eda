// libFuzzer target: topology files (`--scenario FILE.toml`): parsed, their knobs built,
// and a simulation of them made and run for a simulated second.
import PerfModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTopology(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let scenario = try? TopologyFile.parse(text: text, file: "fuzz.toml"),
        let knobs = try? scenario.knobs(),
        let sim = try? Simulation(topology: scenario.topology, knobs: knobs, seed: 1)
    else { return 0 }
    // Bounded work whatever the file says: at most ten thousand requests in flight.
    _ = try? sim.set("load.max_in_flight", .number(10_000))
    sim.advance(to: 1_000_000_000)
    return 0
}
