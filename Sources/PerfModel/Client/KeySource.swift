import CachePolicies
import SimKernel

/// Where request keys come from: Zipf or uniform over `keys.count` keys, or a trace.
struct KeySource {
    enum Kind { case zipf(ZipfSampler), uniform(UInt64), trace([UInt64]) }
    var kind: Kind
    var position = 0

    init(knobs: KnobSet) throws {
        let n = UInt64(Swift.max(knobs.int(.keysCount), 1))
        let trace = knobs.text(.keysTrace)
        if !trace.isEmpty {
            do {
                kind = .trace(try TraceReader.readKeys(path: trace))
            } catch {
                throw InputError(field: "keys.trace", error.description)
            }
        } else if knobs.text(.keysDistribution) == "uniform" {
            kind = .uniform(n)
        } else {
            kind = .zipf(ZipfSampler(count: n, exponent: knobs.number(.keysZipf)))
        }
    }

    /// The next key: a rank (1 is the hottest) or the trace's next key, cycling.
    @inline(__always)
    mutating func next(using rng: inout RandomStream) -> UInt64 {
        switch kind {
        case .zipf(let z): return z.sample(using: &rng)
        case .uniform(let n): return UInt64(rng.nextInt(below: Int(n))) + 1
        case .trace(let keys):
            let k = keys[position]
            position += 1
            if position == keys.count { position = 0 }
            return k
        }
    }
}
