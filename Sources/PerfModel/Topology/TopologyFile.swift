import Foundation
import SimKernel

/// Reads a topology file (TOML, `docs/interface.md`'s "Topology files") into a ``Scenario``
/// whose ``Scenario/topology`` has its services and call plans, and whose settings are its
/// knob values by their full names.
///
/// ``TOMLParser`` reads the document, keeping what a refusal needs: the order the services
/// are first written in (the topology's order) and the line of every key, so that each
/// refusal names the file, the line and the field.
public enum TopologyFile {
    /// Reads the file at `path`.
    public static func load(path: String) throws -> Scenario {
        try parse(text: InputFile.text(atPath: path, kind: "topology"), file: path)
    }

    /// Reads topology text; `file` names it in messages.
    public static func parse(text: String, file: String) throws -> Scenario {
        let root: TOMLTable
        do {
            root = try TOMLParser.parse(text)
        } catch {
            throw InputError(file: file, line: error.line, "not valid TOML: \(error.message)")
        }
        func fail(_ value: TOMLValue?, field: String, _ message: String) -> InputError {
            InputError(file: file, line: value?.line, field: field, message)
        }

        for key in root.keys
        where !["name", "description", "entry", "base", "load", "keys", "services"].contains(key) {
            throw fail(
                root[key], field: key,
                "unknown field (expected name, description, entry, base, load, keys, services)")
        }
        guard let servicesTable = root["services"]?.table, !servicesTable.isEmpty else {
            throw fail(
                root["services"], field: "services", "a topology needs at least one [services.NAME] table")
        }
        // The services in the order the file first writes them.
        let names = servicesTable.keys
        if names.count > Topology.maxServices {
            let n = names[Topology.maxServices]
            throw fail(
                servicesTable[n], field: "services.\(n)",
                "a topology has at most \(Topology.maxServices) services (this one has \(names.count))")
        }
        for n in names {
            let section = "services.\(n)"
            if let problem = Topology.nameProblem(n) { throw fail(servicesTable[n], field: section, problem) }
            guard servicesTable[n]?.table != nil else {
                throw fail(servicesTable[n], field: section, "expected a table of the service's knobs")
            }
        }

        var scenario = Scenario(
            name: root["name"]?.string
                ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension,
            description: root["description"]?.string ?? "from \(file)", settings: [])
        for key in ["name", "description", "entry", "base"] {
            if let v = root[key], v.string == nil {
                throw fail(v, field: key, "expected a string")
            }
        }
        scenario.source = file

        // Call plans, now that every service's name is known.
        var services: [Topology.Service] = []
        for (i, n) in names.enumerated() {
            let table = servicesTable[n]!.table!
            var plan: CallPlan?
            if let calls = table["calls"] {
                guard let list = calls.array else {
                    throw fail(calls, field: "services.\(n).calls", "expected [[services.\(n).calls]] tables")
                }
                var steps: [CallPlan.Step] = []
                for (k, item) in list.enumerated() {
                    let field = "services.\(n).calls[\(k + 1)]"
                    guard let t = item.table else {
                        throw fail(item, field: field, "expected a table")
                    }
                    steps.append(
                        try step(
                            t, names: names, self: i,
                            fail: { key, f, m in fail(key.flatMap { t[$0] } ?? item, field: field + f, m) }))
                }
                plan = CallPlan(steps: steps)
            }
            services.append(Topology.Service(name: n, plan: plan))
        }
        let entryName = root["entry"]?.string ?? names[0]
        guard let entry = names.firstIndex(of: entryName) else {
            throw fail(
                root["entry"], field: "entry", NameSuggestion.unknownService(entryName, services: names))
        }
        let topology = Topology(services: services, entry: entry)
        if let c = topology.cycle() {
            let at = "services.\(c[0])"
            throw fail(
                servicesTable[c[0]], field: at + ".calls",
                "the calls form a cycle: \(c.joined(separator: " → ")), so a request could never end")
        }
        scenario.topology = topology
        let layout = topology.layout

        // Knob values: the base preset's for every service, then the file's.
        var probe = KnobSet(layout: layout)
        func add(_ name: String, _ value: String, line: Int?, field: String) throws {
            do {
                try probe.set(name, text: value)
            } catch let e as InputError {
                throw InputError(file: file, line: line, field: field, e.message)
            }
            scenario.settings.append((name, value))
            scenario.settingLines.append(line ?? 0)
        }
        if let base = root["base"] {
            guard let b = base.string, let preset = Presets.named(b) else {
                throw fail(
                    base, field: "base",
                    "unknown preset \"\(base.string ?? base.text)\" (perflab scenarios lists "
                        + "them)"
                )
            }
            for (name, value) in preset.settings {
                let spec = try KnobRegistry.spec(name)
                if spec.knob.scope == .client {
                    try add(name, value, line: base.line, field: "base")
                } else {
                    for s in names.indices {
                        try add(
                            layout.prefix(s) + name, value, line: base.line,
                            field: "base")
                    }
                }
            }
        }
        for group in ["load", "keys"] {
            guard let v = root[group] else { continue }
            guard let t = v.table else { throw fail(v, field: group, "expected a [\(group)] table") }
            for (key, value) in flatten(t) {
                let name = "\(group).\(key)"
                let line = value.line
                guard let spec = KnobRegistry.lookup(name), spec.knob.scope == .client else {
                    throw InputError(
                        file: file, line: line, field: name, NameSuggestion.unknownKnob(name, scope: .client))
                }
                try add(
                    name, try knobText(value, field: name, file: file, line: line), line: line, field: name)
            }
        }
        for (s, n) in names.enumerated() {
            let table = servicesTable[n]!.table!
            for (key, value) in flatten(table) where key != "calls" {
                let field = "\(n).\(key)"
                let line = value.line
                guard let spec = KnobRegistry.lookup(key), spec.name == key else {
                    throw InputError(
                        file: file, line: line, field: field,
                        NameSuggestion.unknownKnob(key, scope: .service, quoting: true))
                }
                guard spec.knob.scope == .service else {
                    throw InputError(
                        file: file, line: line, field: field,
                        "\(key) belongs to the client: put it in [load] or [keys]")
                }
                try add(
                    layout.prefix(s) + key, try knobText(value, field: field, file: file, line: line),
                    line: line, field: field)
            }
        }
        // A call to the service's own database when the file switches that database off
        // could only ever fail: refused at the call. (Switched off while running, as a
        // fault, the calls fail: the database refuses connections.)
        for (s, n) in names.enumerated() where probe[layout.prefix(s) + "db.enabled"] == .flag(false) {
            let steps = topology.services[s].plan?.steps ?? []
            guard let k = steps.firstIndex(where: { $0.calls.contains { $0.target == .database } }) else {
                continue
            }
            let key = steps[k].parallel ? "parallel" : "to"
            throw fail(
                servicesTable[n]?.table?["calls"]?.array?[k].table?[key],
                field: "services.\(n).calls[\(k + 1)].\(key)",
                "calls \(n)'s own database, but \(n).db.enabled is false")
        }
        // Caches that could outgrow the machine are refused here, at the line of the cache
        // that could grow largest (as the run would refuse them).
        do {
            try CacheBudget.check(probe, keys: CacheBudget.keySpace(probe))
        } catch let e as InputError {
            let line = scenario.settings.lastIndex { $0.0 == e.field }.map { scenario.settingLines[$0] }
            throw InputError(file: file, line: line.flatMap { $0 > 0 ? $0 : nil }, field: e.field, e.message)
        }
        return scenario
    }

    /// One `[[services.X.calls]]` table: a call (`to`) or a parallel step.
    static func step(
        _ t: TOMLTable, names: [String], self me: Int, fail: (String?, String, String) -> InputError
    ) throws -> CallPlan.Step {
        let allowed = ["to", "parallel", "probability", "count", "mode", "timeout", "retry"]
        for k in t.keys where !allowed.contains(k) {
            throw fail(
                k, ".\(k)",
                "unknown field (expected to, parallel, probability, count, mode, timeout, retry.max)")
        }
        func target(_ name: String, key: String) throws -> CallPlan.Target {
            if name == "db" { return .database }
            guard let i = names.firstIndex(of: name) else {
                throw fail(
                    key, ".\(key)", NameSuggestion.unknownService(name, services: names, orDatabase: true))
            }
            return .service(i)
        }
        // The fields take the value syntax of knobs (docs/interface.md, Values): a TOML number
        // or a string such as "30%", "1k", "200ms", "off".
        func parsed<T>(_ key: String, _ path: String, _ what: String, _ parse: (String) throws -> T) throws
            -> T?
        {
            guard let v = t[key] else { return nil }
            let text: String
            if let x = v.string {
                text = x
            } else if let n = v.int {
                text = String(n)
            } else if let x = v.number {
                text = "\(x)"
            } else {
                throw fail(key, path, "expected \(what)")
            }
            do {
                return try parse(text.trimmingCharacters(in: .whitespaces))
            } catch let e as InputError {
                throw fail(key, path, e.message)
            }
        }
        let probability =
            try parsed("probability", ".probability", "a number such as 0.3 or \"30%\"") {
                try KnobSpec.parseRatio($0, field: "probability")
            } ?? 1
        let count = try parsed("count", ".count", "a whole number") {
            try KnobSpec.parseScaled($0, field: "count")
        }
        var mode = CallPlan.Mode.sync
        if let m = t["mode"] {
            guard let s = m.string,
                let x = CallPlan.Mode(rawValue: s.lowercased().trimmingCharacters(in: .whitespaces))
            else {
                throw fail("mode", ".mode", "expected \"sync\" or \"async\"")
            }
            mode = x
        }
        let timeout = try parsed("timeout", ".timeout", "a duration such as \"200ms\"") {
            SimTime(try KnobSpec.parseDuration($0, field: "timeout"))
        }
        var retryMax: Double?
        if let r = t["retry"] {
            guard let rt = r.table, rt.keys == ["max"], let v = rt["max"] else {
                throw fail("retry", ".retry", "expected retry.max = N")
            }
            // Written out: Swift 6.3.1's optimiser (release builds only) crashed on this as
            // `v.int.map(Double.init) ?? v.string.flatMap { ... }`.
            if let n = v.int {
                retryMax = Double(n)
            } else if let text = v.string, let x = Double(text.trimmingCharacters(in: .whitespaces)),
                x.isFinite
            {
                retryMax = x
            } else {
                throw fail("retry", ".retry.max", "expected a whole number")
            }
        }
        // The rules every reader shares (CallPlan.Problem), said at this table's line.
        func located(_ p: CallPlan.Problem, to: String) -> InputError {
            switch p.field {
            case .to: return fail(to, ".\(to)", p.message)
            case .parallel: return fail("parallel", ".parallel", p.message)
            case .probability: return fail("probability", ".probability", p.message)
            case .count: return fail("count", ".count", p.message)
            case .mode: return fail("mode", ".mode", p.message)
            case .retryMax: return fail("retry", ".retry.max", p.message)
            }
        }
        func call(_ target: CallPlan.Target, key: String) throws -> CallPlan.Call {
            do {
                return try .checked(
                    caller: me, target: target, probability: probability, count: count, mode: mode,
                    timeout: timeout, retryMax: retryMax)
            } catch {
                throw located(error, to: key)
            }
        }
        if let p = t["parallel"] {
            if t["to"] != nil {
                throw fail("parallel", ".parallel", "a step has either to or parallel, not both")
            }
            guard let list = p.array else {
                throw fail("parallel", ".parallel", "expected a list of service names")
            }
            var calls: [CallPlan.Call] = []
            for item in list {
                guard let name = item.string else {
                    throw fail("parallel", ".parallel", "expected service names")
                }
                calls.append(try call(try target(name, key: "parallel"), key: "parallel"))
            }
            do { return try .parallel(calls) } catch { throw located(error, to: "parallel") }
        }
        guard let to = t["to"] else {
            throw fail(nil, "", "a call needs to = \"SERVICE\" (or db), or parallel = [...]")
        }
        guard let name = to.string else { throw fail("to", ".to", "expected a service name") }
        return CallPlan.Step(calls: [try call(try target(name, key: "to"), key: "to")])
    }

    /// A table's values by dotted key (`work.time`), nested tables flattened; arrays of
    /// tables (`calls`) kept under their own key.
    static func flatten(_ t: TOMLTable, prefix: String = "") -> [(String, TOMLValue)] {
        var out: [(String, TOMLValue)] = []
        for key in t.keys {
            guard let v = t[key] else { continue }
            let full = prefix.isEmpty ? key : prefix + "." + key
            if let sub = v.table {
                out += flatten(sub, prefix: full)
            } else {
                out.append((full, v))
            }
        }
        return out
    }

    /// A value as the text a knob parses: strings as written, numbers, booleans, and lists
    /// of numbers (`backends.weights = [4, 3, 2]`).
    static func knobText(_ v: TOMLValue, field: String, file: String, line: Int?) throws -> String {
        if let s = v.string { return s }
        if let b = v.bool { return b ? "true" : "false" }
        if let i = v.int { return String(i) }
        if let d = v.double { return String(d) }
        if let a = v.array {
            var parts: [String] = []
            for x in a {
                if let i = x.int {
                    parts.append(String(i))
                } else if let d = x.double {
                    parts.append(String(d))
                } else {
                    throw InputError(file: file, line: line, field: field, "expected a list of numbers")
                }
            }
            return parts.joined(separator: ",")
        }
        throw InputError(
            file: file, line: line, field: field,
            "expected a string, a number, a boolean or a list of numbers")
    }
}
