import SimKernel
import Testing

@testable import PerfModel

/// The TTL table holds exactly what a dictionary would, through any mix of sets, moves and
/// removals (a reference model: Swift's `Dictionary`).
@Suite struct ExpiryTableTests {
    @Test(arguments: [(64, 10), (5000, 1000), (100_000, 200)])
    func agreesWithADictionary(_ ops: Int, _ keys: Int) {
        var table = ExpiryTable()
        table.reserve(keys / 4)
        var reference: [UInt64: SimTime] = [:]
        var rng = RandomStream(seed: 7, stream: "expiry")
        for n in 0..<ops {
            let key = UInt64(rng.nextInt(below: keys)) &* 0x1_0000_0001
            switch rng.nextInt(below: 3) {
            case 0, 1:
                table.set(key, SimTime(n))
                reference[key] = SimTime(n)
            default:
                table.remove(key)
                reference[key] = nil
            }
            if n % 97 == 0 {
                let probe = UInt64(rng.nextInt(below: keys)) &* 0x1_0000_0001
                #expect(table.time(of: probe) == reference[probe])
            }
        }
        #expect(table.count == reference.count)
        for (k, t) in reference { #expect(table.time(of: k) == t) }
        table.removeAll()
        #expect(table.count == 0 && table.time(of: reference.keys.first ?? 0) == nil)
    }
}
