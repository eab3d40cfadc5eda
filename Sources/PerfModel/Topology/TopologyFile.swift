import Foundation
import SimKernel
import TOMLKit

/// Reads a topology file (TOML, `docs/interface.md`'s "Topology files") into a ``Scenario``
/// whose ``Scenario/topology`` has its services and call plans, and whose settings are its
/// knob values by their full names.
///
/// TOMLKit parses the document; a small scan of the text beside it keeps what TOML tables
/// lose: the order the services are written in (the topology's order) and the line of
/// every key, so that each refusal names the file, the line and the field.
public enum TopologyFile {
    /// Reads the file at `path`.
    public static func load(path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the topology file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "the topology file is not UTF-8 text")
        }
        return try parse(text: text, file: path)
    }

    /// Reads topology text; `file` names it in messages.
    public static func parse(text: String, file: String) throws -> Scenario {
        try precheck(text, file: file)
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw InputError(file: file, line: e.source.begin.line, "not valid TOML: \(e.description)")
        } catch {
            throw InputError(file: file, "not valid TOML")
        }
        let lines = Lines(text)
        func fail(_ section: String, _ key: String?, field: String, _ message: String) -> InputError {
            InputError(file: file, line: lines.line(section: section, key: key), field: field, message)
        }

        for key in root.keys
        where !["name", "description", "entry", "base", "load", "keys", "services"].contains(key) {
            throw fail(
                "", key, field: key,
                "unknown field (expected name, description, entry, base, load, keys, services)")
        }
        guard let servicesTable = root["services"]?.table, !servicesTable.isEmpty else {
            throw fail(
                "", "services", field: "services", "a topology needs at least one [services.NAME] table")
        }
        // The services in the order the file writes them.
        var names = lines.serviceOrder.filter { servicesTable.keys.contains($0) }
        for n in servicesTable.keys.sorted() where !names.contains(n) { names.append(n) }
        for n in names {
            let section = "services.\(n)"
            if KnobRegistry.groups.contains(n) || n == "db" {
                throw fail(
                    section, nil, field: section,
                    "a service may not be named \"\(n)\" (a knob group or the database)")
            }
            guard n.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw fail(section, nil, field: section, "a service name has letters, digits, - and _ only")
            }
            guard servicesTable[n]?.table != nil else {
                throw fail("services", n, field: section, "expected a table of the service's knobs")
            }
        }

        var scenario = Scenario(
            name: root["name"]?.string
                ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension,
            description: root["description"]?.string ?? "from \(file)", settings: [])
        scenario.source = file

        // Call plans, now that every service's name is known.
        var services: [Topology.Service] = []
        for n in names {
            let table = servicesTable[n]!.table!
            var plan: CallPlan?
            if let calls = table["calls"] {
                guard let list = calls.array else {
                    throw fail(
                        "services.\(n)", "calls", field: "services.\(n).calls",
                        "expected [[services.\(n).calls]] tables")
                }
                var steps: [CallPlan.Step] = []
                for (k, item) in list.enumerated() {
                    let section = "services.\(n).calls#\(k)"
                    let field = "services.\(n).calls[\(k + 1)]"
                    guard let t = item.table else {
                        throw fail(section, nil, field: field, "expected a table")
                    }
                    steps.append(
                        try step(
                            t, names: names, self: n,
                            fail: { key, f, m in fail(section, key, field: field + f, m) }))
                }
                plan = CallPlan(steps: steps)
            }
            services.append(Topology.Service(name: n, plan: plan))
        }
        let entryName = root["entry"]?.string ?? names[0]
        guard let entry = names.firstIndex(of: entryName) else {
            throw fail(
                "", "entry", field: "entry",
                "unknown service \"\(entryName)\" (the services are \(names.joined(separator: ", ")))")
        }
        let topology = Topology(services: services, entry: entry)
        if let c = topology.cycle() {
            let at = "services.\(c[0])"
            throw fail(
                at, nil, field: at + ".calls",
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
                    "", "base", field: "base",
                    "unknown preset \"\(base.string ?? base.debugDescription)\" (perflab scenarios lists "
                        + "them)"
                )
            }
            for (name, value) in preset.settings {
                let spec = try KnobRegistry.spec(name)
                if spec.knob.scope == .client {
                    try add(name, value, line: lines.line(section: "", key: "base"), field: "base")
                } else {
                    for s in names.indices {
                        try add(
                            layout.prefix(s) + name, value, line: lines.line(section: "", key: "base"),
                            field: "base")
                    }
                }
            }
        }
        for group in ["load", "keys"] {
            guard let v = root[group] else { continue }
            guard let t = v.table else { throw fail("", group, field: group, "expected a [\(group)] table") }
            for (key, value) in flatten(t) {
                let name = "\(group).\(key)"
                let line = lines.line(section: group, key: key)
                guard let spec = try? KnobRegistry.spec(name), spec.knob.scope == .client else {
                    throw InputError(
                        file: file, line: line, field: name, "unknown knob (perflab knobs lists them)")
                }
                try add(
                    name, try knobText(value, field: name, file: file, line: line), line: line, field: name)
            }
        }
        for (s, n) in names.enumerated() {
            let table = servicesTable[n]!.table!
            for (key, value) in flatten(table) where key != "calls" {
                let section = "services.\(n)"
                let field = "\(n).\(key)"
                let line = lines.line(section: section, key: key)
                guard let spec = try? KnobRegistry.spec(key), spec.name == key else {
                    throw InputError(
                        file: file, line: line, field: field,
                        "unknown knob \"\(key)\" (perflab knobs lists them)")
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
        return scenario
    }

    /// What toml++ (under TOMLKit) is not safe against: it asserts, and so aborts the
    /// process, on some malformed table headers and control characters instead of
    /// reporting them. Those are refused here first, naming the line.
    static func precheck(_ text: String, file: String) throws {
        var line = 1
        var inMultiline = false
        var arrayDepth = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { line += 1 }
            for u in raw.unicodeScalars {
                let v = u.value
                if (v < 0x20 && v != 0x09 && v != 0x0D) || v == 0x7F {
                    throw InputError(
                        file: file, line: line,
                        "a control character (U+\(String(v, radix: 16, uppercase: true).leftPadding(4))) is "
                            + "not allowed in TOML"
                    )
                }
            }
            let t = raw.trimmingCharacters(in: .whitespaces)
            if t.components(separatedBy: "\"\"\"").count % 2 == 0
                || t.components(separatedBy: "'''").count % 2 == 0
            {
                inMultiline.toggle()
            }
            if inMultiline { continue }
            if arrayDepth == 0 && t.hasPrefix("[") {
                // A header: [a.b] or [[a.b]], keys bare or quoted, then at most a comment.
                let header =
                    #"^\[\[?[ \t]*([A-Za-z0-9_-]+|"[^"\\]*"|'[^']*')"#
                    + #"([ \t]*\.[ \t]*([A-Za-z0-9_-]+|"[^"\\]*"|'[^']*'))*[ \t]*\]\]?[ \t]*(#.*)?$"#
                if t.range(of: header, options: .regularExpression) == nil {
                    throw InputError(
                        file: file, line: line, "a table header must be [NAME] or [[NAME]] alone on its line")
                }
                continue
            }
            // Brackets of array values, outside strings and comments, carried across lines.
            var quote: Character?
            scan: for c in t {
                if let q = quote {
                    if c == q { quote = nil }
                    continue
                }
                switch c {
                case "\"", "'": quote = c
                case "#": break scan
                case "[": arrayDepth += 1
                case "]": arrayDepth = Swift.max(0, arrayDepth - 1)
                default: continue
                }
            }
        }
    }

    /// One `[[services.X.calls]]` table: a call (`to`) or a parallel step.
    static func step(
        _ t: TOMLTable, names: [String], self me: String, fail: (String?, String, String) -> InputError
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
                    key, ".\(key)",
                    "unknown service \"\(name)\" (the services are \(names.joined(separator: ", ")), and db)")
            }
            if name == me { throw fail(key, ".\(key)", "a service cannot call itself") }
            return .service(i)
        }
        var probability = 1.0
        if let p = t["probability"] {
            guard let x = p.double ?? p.int.map(Double.init) else {
                throw fail("probability", ".probability", "expected a number")
            }
            guard x >= 0 && x <= 1 else { throw fail("probability", ".probability", "\(x) is outside 0..1") }
            probability = x
        }
        var count = 1
        if let c = t["count"] {
            guard let n = c.int else { throw fail("count", ".count", "expected a whole number") }
            guard n >= 1 && n <= 1000 else { throw fail("count", ".count", "\(n) is outside 1..1000") }
            count = n
        }
        var mode = CallPlan.Mode.sync
        if let m = t["mode"] {
            guard let s = m.string, let x = CallPlan.Mode(rawValue: s) else {
                throw fail("mode", ".mode", "expected \"sync\" or \"async\"")
            }
            mode = x
        }
        var timeout: SimTime?
        if let v = t["timeout"] {
            guard let s = v.string else {
                throw fail("timeout", ".timeout", "expected a duration such as \"200ms\"")
            }
            do {
                timeout = SimTime(try KnobSpec.parseDuration(s, field: "timeout"))
            } catch let e as InputError {
                throw fail("timeout", ".timeout", e.message)
            }
        }
        var retryMax: Int?
        if let r = t["retry"] {
            guard let rt = r.table, let m = rt["max"]?.int, rt.keys == ["max"] else {
                throw fail("retry", ".retry", "expected retry.max = N")
            }
            guard m >= 0 && m <= 10 else { throw fail("retry", ".retry.max", "\(m) is outside 0..10") }
            retryMax = m
        }
        func call(_ target: CallPlan.Target) -> CallPlan.Call {
            CallPlan.Call(
                target: target, probability: probability, count: count, mode: mode, timeout: timeout,
                retryMax: retryMax)
        }
        if let p = t["parallel"] {
            if t["to"] != nil {
                throw fail("parallel", ".parallel", "a step has either to or parallel, not both")
            }
            guard let list = p.array else {
                throw fail("parallel", ".parallel", "expected a list of service names")
            }
            guard !list.isEmpty else {
                throw fail("parallel", ".parallel", "an empty parallel step calls nobody")
            }
            var calls: [CallPlan.Call] = []
            for item in list {
                guard let name = item.string else {
                    throw fail("parallel", ".parallel", "expected service names")
                }
                let tg = try target(name, key: "parallel")
                if mode == .async, tg == .database {
                    throw fail("mode", ".mode", "a query of the database cannot be async")
                }
                calls.append(call(tg))
            }
            return CallPlan.Step(calls: calls, parallel: true)
        }
        guard let to = t["to"] else {
            throw fail(nil, "", "a call needs to = \"SERVICE\" (or db), or parallel = [...]")
        }
        guard let name = to.string else { throw fail("to", ".to", "expected a service name") }
        let tg = try target(name, key: "to")
        if mode == .async, tg == .database {
            throw fail("mode", ".mode", "a query of the database cannot be async")
        }
        return CallPlan.Step(calls: [call(tg)])
    }

    /// A table's values by dotted key (`work.time`), nested tables flattened; arrays of
    /// tables (`calls`) kept under their own key.
    static func flatten(_ t: TOMLTable, prefix: String = "") -> [(String, TOMLValueConvertible)] {
        var out: [(String, TOMLValueConvertible)] = []
        for key in t.keys.sorted() {
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
    static func knobText(_ v: TOMLValueConvertible, field: String, file: String, line: Int?) throws -> String
    {
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

    /// Where things are in the text: the line of each section and key, and the order of the
    /// services.
    struct Lines {
        var keys: [String: Int] = [:]
        var serviceOrder: [String] = []

        init(_ text: String) {
            var section = ""
            var callCount: [String: Int] = [:]
            for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("#") || line.isEmpty { continue }
                if line.hasPrefix("[") {
                    let isArray = line.hasPrefix("[[")
                    var name = line.drop { $0 == "[" }.prefix { $0 != "]" }.trimmingCharacters(
                        in: .whitespaces)
                    name = name.replacingOccurrences(of: "\"", with: "")
                    let parts = name.split(separator: ".").map(String.init)
                    if parts.count >= 2, parts[0] == "services", !serviceOrder.contains(parts[1]) {
                        serviceOrder.append(parts[1])
                    }
                    if isArray {
                        let k = callCount[name, default: 0]
                        callCount[name] = k + 1
                        name += "#\(k)"
                    }
                    section = name
                    if keys[section + "\u{1}"] == nil { keys[section + "\u{1}"] = n + 1 }
                    continue
                }
                guard let eq = line.firstIndex(of: "=") else { continue }
                let key = line[..<eq].trimmingCharacters(in: .whitespaces).replacingOccurrences(
                    of: "\"", with: "")
                let k = section + "\u{1}" + key
                if keys[k] == nil { keys[k] = n + 1 }
                // `services.api.db.pool = 8` at the top level, or `api.db.pool` under [services].
                let full = section.isEmpty ? key : section + "." + key
                let parts = full.split(separator: ".").map(String.init)
                if parts.count >= 3, parts[0] == "services" {
                    if !serviceOrder.contains(parts[1]) { serviceOrder.append(parts[1]) }
                    let rest = parts[2...].joined(separator: ".")
                    let kk = "services.\(parts[1])\u{1}\(rest)"
                    if keys[kk] == nil { keys[kk] = n + 1 }
                }
            }
        }

        /// The line of `key` in `section` (or of the section itself), if found.
        func line(section: String, key: String?) -> Int? {
            if let key, let n = keys[section + "\u{1}" + key] { return n }
            if let key, let n = keys["\u{1}" + (section.isEmpty ? key : section + "." + key)] { return n }
            // A dotted key written as a sub-table (`[services.api.work]` then `time = …`).
            if let key, let dot = key.firstIndex(of: ".") {
                let sub = section + "." + key[..<dot]
                if let n = line(section: sub, key: String(key[key.index(after: dot)...])) { return n }
            }
            return keys[section + "\u{1}"]
        }
    }
}

extension String {
    fileprivate func leftPadding(_ n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}
