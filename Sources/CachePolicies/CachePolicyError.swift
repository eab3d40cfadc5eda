/// Why a cache policy could not be made.
public enum CachePolicyError: Error, Equatable, CustomStringConvertible {
    /// The name is not one of ``CachePolicyName``'s.
    case unknownPolicy(String)
    /// The policy needs the future (Belady), so it runs only over traces.
    case offlineOnly(CachePolicyName)
    /// Capacities count entries and must be at least 1.
    case invalidCapacity(Int)

    public var description: String {
        switch self {
        case .unknownPolicy(let name):
            let valid = CachePolicyName.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown policy \"\(name)\" (valid: \(valid))"
        case .offlineOnly(let name):
            return
                "\(name.rawValue) needs to know future requests, so it runs only over a trace (perflab "
                + "cachesim)"
        case .invalidCapacity(let n):
            return "cache capacity must be at least 1 entry, got \(n)"
        }
    }
}
