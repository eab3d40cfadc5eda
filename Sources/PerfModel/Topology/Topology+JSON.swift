import SimKernel

/// A topology as JSON, for session headers (so that a session re-simulates its services).
extension Topology {
    public var json: JSON {
        .object([
            ("entry", .string(services[entry].name)),
            (
                "services",
                .array(
                    services.map { s in
                        var fields: [(String, JSON)] = [("name", .string(s.name))]
                        if let plan = s.plan {
                            fields.append(
                                (
                                    "calls",
                                    .array(
                                        plan.steps.map { step in
                                            step.parallel
                                                ? .object([
                                                    ("parallel", .array(step.calls.map { callJSON($0) }))
                                                ])
                                                : callJSON(step.calls[0])
                                        })
                                ))
                        }
                        return .object(fields)
                    })
            ),
        ])
    }

    func callJSON(_ c: CallPlan.Call) -> JSON {
        var f: [(String, JSON)] = []
        switch c.target {
        case .database: f.append(("to", .string("db")))
        case .service(let t): f.append(("to", .string(services[t].name)))
        }
        if c.probability != 1 { f.append(("probability", .number(c.probability))) }
        if c.count != 1 { f.append(("count", .int(Int64(c.count)))) }
        if c.mode != .sync { f.append(("mode", .string(c.mode.rawValue))) }
        if let t = c.timeout { f.append(("timeout_ns", .int(t))) }
        if let r = c.retryMax { f.append(("retry_max", .int(Int64(r)))) }
        return .object(f)
    }

    /// Reads a topology written by ``json``.
    public init(json: JSON) throws {
        guard let list = json["services"]?.array, !list.isEmpty else {
            throw InputError(field: "topology.services", "expected a list of services")
        }
        guard list.count <= Topology.maxServices else {
            throw InputError(
                field: "topology.services",
                "\(list.count) services; a topology has at most \(Topology.maxServices)")
        }
        var seen = Set<String>()
        let names = try list.map { s -> String in
            guard let n = s["name"]?.string, !n.isEmpty else {
                throw InputError(field: "topology.services", "a service without a name")
            }
            if let problem = Topology.nameProblem(n) { throw InputError(field: "topology.services", problem) }
            guard seen.insert(n).inserted else {
                throw InputError(field: "topology.services", "the service \"\(n)\" is listed twice")
            }
            return n
        }
        /// A number, or nil when absent; anything else is refused.
        func number(_ j: JSON?, _ field: String) throws -> Double? {
            guard let j else { return nil }
            guard let x = j.double else {
                throw InputError(field: "topology.calls.\(field)", "expected a number")
            }
            return x
        }
        func target(_ name: String) throws -> CallPlan.Target {
            if name == "db" { return .database }
            guard let t = names.firstIndex(of: name) else {
                throw InputError(field: "topology.calls", "unknown service \"\(name)\"")
            }
            return .service(t)
        }
        // The rules every reader shares (CallPlan.Problem), said at the header's field.
        func located(_ p: CallPlan.Problem) -> InputError {
            let field: String
            switch p.field {
            case .to: field = "to"
            case .parallel: field = "parallel"
            case .probability: field = "probability"
            case .count: field = "count"
            case .mode: field = "mode"
            case .retryMax: field = "retry_max"
            }
            return InputError(field: "topology.calls.\(field)", p.message)
        }
        func call(_ j: JSON, from caller: Int) throws -> CallPlan.Call {
            guard let to = j["to"]?.string else {
                throw InputError(field: "topology.calls", "a call without \"to\"")
            }
            let mode =
                try j["mode"].map { m -> CallPlan.Mode in
                    guard let s = m.string, let mode = CallPlan.Mode(rawValue: s) else {
                        throw InputError(field: "topology.calls.mode", "expected sync or async")
                    }
                    return mode
                } ?? .sync
            // A time in whole nanoseconds that a SimTime holds (-1e30 had crashed the reader).
            var timeout: SimTime?
            if let t = try number(j["timeout_ns"], "timeout_ns") {
                guard t == t.rounded(), t >= 0, t <= Double(KnobSpec.maxDuration) else {
                    throw InputError(
                        field: "topology.calls.timeout_ns",
                        "expected a whole number from 0 to \(KnobSpec.maxDuration)")
                }
                timeout = SimTime(t)
            }
            do {
                return try .checked(
                    caller: caller, target: try target(to),
                    probability: try number(j["probability"], "probability") ?? 1,
                    count: try number(j["count"], "count"), mode: mode, timeout: timeout,
                    retryMax: try number(j["retry_max"], "retry_max"))
            } catch let problem as CallPlan.Problem {
                throw located(problem)
            }
        }
        var services: [Service] = []
        for (i, s) in list.enumerated() {
            var plan: CallPlan?
            if let calls = s["calls"]?.array {
                plan = CallPlan(
                    steps: try calls.map { c in
                        if let list = c["parallel"]?.array {
                            do {
                                return try .parallel(try list.map { try call($0, from: i) })
                            } catch let problem as CallPlan.Problem {
                                throw located(problem)
                            }
                        }
                        return CallPlan.Step(calls: [try call(c, from: i)])
                    })
            }
            services.append(Service(name: names[i], plan: plan))
        }
        let entryName = json["entry"]?.string ?? names[0]
        guard let e = names.firstIndex(of: entryName) else {
            throw InputError(field: "topology.entry", "unknown service \"\(entryName)\"")
        }
        self.init(services: services, entry: e)
        if let c = cycle() {
            throw InputError(field: "topology.calls", "the calls form a cycle: \(c.joined(separator: " → "))")
        }
    }
}
