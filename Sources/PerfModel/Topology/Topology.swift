/// Services that call services: the shape of a scenario, validated.
///
/// Each service has every stage perflab has (its knobs say which are on) and a call plan.
/// The client calls the entry service. The graph has no cycles, so every request ends.
public struct Topology: Sendable, Equatable {
    /// The most services a topology may have. Each costs its stages' state (about 100 KB
    /// with caches off, its latency counts most of it) and its knobs; a graph of 5,000
    /// services took 3 GB and a second of wall time to start. The service graphs of the
    /// field's simulators and of real systems modelled by hand are tens of services.
    public static let maxServices = 1000

    /// What is wrong with `name` as a service's name, or nil: letters, digits, `-` and `_`
    /// only, and neither a knob group nor `db` (names become knob prefixes: `pricing.db.pool`).
    public static func nameProblem(_ name: String) -> String? {
        if KnobRegistry.groups.contains(name) || name == "db" {
            return "a service may not be named \"\(name)\" (a knob group or the database)"
        }
        guard !name.isEmpty,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return "a service name has letters, digits, - and _ only" }
        return nil
    }

    /// One service of the topology.
    public struct Service: Sendable, Equatable {
        public var name: String
        /// Its plan; `nil` is the plan of a service with no `calls`: one query to its own
        /// database when it has one (`db.enabled`), nothing otherwise.
        public var plan: CallPlan?

        public init(name: String, plan: CallPlan? = nil) {
            self.name = name
            self.plan = plan
        }
    }

    public var services: [Service]
    /// The index of the service the client calls.
    public var entry: Int

    public init(services: [Service], entry: Int = 0) {
        self.services = services
        self.entry = entry
    }

    /// The canonical pipeline: one service that queries its database.
    public static let single = Topology(services: [Service(name: "app")])

    /// The names knobs are given (`SERVICE.KNOB` when there are several services).
    public var layout: KnobLayout { KnobLayout(services: services.map(\.name), entry: entry) }

    public var isSingle: Bool { services.count == 1 }

    /// Whether it works as the canonical pipeline does: one service whose plan is the
    /// default one (a query to its own database when it has one), whatever its name.
    public var isCanonical: Bool {
        isSingle && (services[0].plan == nil || services[0].plan == .oneQuery)
    }

    /// The services each service calls (its plan's service targets), by index.
    public func callees(of s: Int) -> [Int] {
        (services[s].plan?.allCalls ?? []).compactMap {
            if case .service(let t) = $0.target { return t }
            return nil
        }
    }

    /// A cycle of calls, as service names from one service back to itself, if there is one.
    public func cycle() -> [String]? {
        var state = [Int](repeating: 0, count: services.count)  // 0 new, 1 on the path, 2 done
        var path: [Int] = []
        func visit(_ s: Int) -> [String]? {
            state[s] = 1
            path.append(s)
            for t in callees(of: s) {
                if state[t] == 1 {
                    let from = path.firstIndex(of: t)!
                    return (path[from...] + [t]).map { services[$0].name }
                }
                if state[t] == 0, let c = visit(t) { return c }
            }
            path.removeLast()
            state[s] = 2
            return nil
        }
        for s in services.indices where state[s] == 0 {
            if let c = visit(s) { return c }
        }
        return nil
    }

    /// The services in an order where every service comes after those that call it (the
    /// topology has no cycle).
    public var callOrder: [Int] {
        var indegree = [Int](repeating: 0, count: services.count)
        for s in services.indices { for t in callees(of: s) { indegree[t] += 1 } }
        var ready = services.indices.filter { indegree[$0] == 0 }
        var order: [Int] = []
        while let s = ready.first {
            ready.removeFirst()
            order.append(s)
            for t in callees(of: s) {
                indegree[t] -= 1
                if indegree[t] == 0 { ready.append(t) }
            }
        }
        return order
    }
}
