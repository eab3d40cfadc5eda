import SimKernel

/// The services of a scenario, which fix the names of its knobs.
///
/// In a scenario of one service (every preset) a knob's name is bare: `l1.capacity`. In a
/// topology of several, a service's knobs are `SERVICE.KNOB` (`pricing.db.pool`) and a bare
/// name means the entry service's. The client's knobs (`load.*`, `keys.*`) are always bare.
public struct KnobLayout: Equatable, Hashable, Sendable {
    /// The services' names, in the topology's order.
    public var services: [String]
    /// The index of the service the client calls.
    public var entry: Int

    public init(services: [String], entry: Int = 0) {
        self.services = services
        self.entry = entry
    }

    /// One service, the layout of every preset.
    public static let single = KnobLayout(services: ["app"], entry: 0)

    /// Whether knob names are bare (one service).
    public var isSingle: Bool { services.count == 1 }

    /// What goes before service `s`'s knob names: nothing with one service, `NAME.` otherwise.
    public func prefix(_ s: Int) -> String { isSingle ? "" : services[s] + "." }

    /// The index of the service called `name`.
    public func service(named name: String) -> Int? { services.firstIndex(of: name) }
}

/// The value of every knob: defaults, overridden by a scenario, then by `--set` and by
/// changes made while running.
///
/// Values are kept by the knob's full name (the names session files and summaries use). The
/// model reads them only through the typed accessors (``value(_:service:index:)`` and
/// friends), which take a ``Knob`` and so cannot name a knob that does not exist.
public struct KnobSet: Equatable, Sendable {
    public private(set) var layout: KnobLayout
    public private(set) var values: [String: KnobValue]

    /// Every knob at its default, for the services of `layout`.
    public init(layout: KnobLayout = .single) {
        self.layout = layout
        var v: [String: KnobValue] = [:]
        for spec in KnobRegistry.all {
            if spec.knob.scope == .client {
                v[spec.name] = spec.defaultValue
            } else {
                for s in layout.services.indices { v[layout.prefix(s) + spec.name] = spec.defaultValue }
            }
        }
        values = v
    }

    // MARK: names

    /// What a name refers to: the knob's full name, its spec, and its service (nil for the
    /// client's knobs).
    public struct Resolved: Sendable, Equatable {
        public var name: String
        public var spec: KnobSpec
        public var service: Int?
        /// The name as the user wrote it (bare, or with its service's name): what an error
        /// about its value names.
        public var written: String

        public static func == (a: Resolved, b: Resolved) -> Bool {
            a.name == b.name && a.service == b.service
        }

        /// Parses user text for this knob; a refusal names the knob as the user wrote it
        /// (`stock.instances`, not the bare `instances` that would mean the entry service's).
        public func parse(_ text: String) throws -> KnobValue {
            do { return try spec.parse(text) } catch let e as InputError { throw named(e) }
        }

        /// Checks a value against this knob's range; a refusal names it as ``parse(_:)`` does.
        public func check(_ value: KnobValue) throws {
            do { try spec.check(value) } catch let e as InputError { throw named(e) }
        }

        private func named(_ e: InputError) -> InputError {
            var e = e
            if e.field == spec.name { e.field = written }
            return e
        }
    }

    /// Resolves `name` (full, bare for the entry service, or prefixed with the only
    /// service's name), or throws naming it.
    public func resolve(_ name: String) throws -> Resolved {
        let spec = try KnobRegistry.spec(name)
        if spec.knob.scope == .client {
            guard name == spec.name else {
                throw InputError(field: name, "\(spec.name) belongs to the client, not to a service")
            }
            return Resolved(name: name, spec: spec, service: nil, written: name)
        }
        if name == spec.name {
            return Resolved(
                name: layout.prefix(layout.entry) + name, spec: spec, service: layout.entry, written: name)
        }
        let serviceName = String(name.dropLast(spec.name.count + 1))
        guard let s = layout.service(named: serviceName) else {
            throw InputError(
                field: name, NameSuggestion.unknownService(serviceName, services: layout.services))
        }
        return Resolved(name: layout.prefix(s) + spec.name, spec: spec, service: s, written: name)
    }

    /// The full name of `knob` (index `n` of its family) in service `s`.
    public func name(_ knob: Knob, service s: Int, index n: Int = 0) -> String {
        layout.prefix(s) + knob.name(index: n)
    }

    // MARK: values

    /// The value of the knob called `name` (any name ``resolve(_:)`` takes); a name that
    /// resolves to nothing reads as the default of nothing, `0`.
    public subscript(name: String) -> KnobValue {
        if let v = values[name] { return v }
        guard let r = try? resolve(name) else { return .number(0) }
        return values[r.name] ?? r.spec.defaultValue
    }

    /// Service `s`'s value of `knob` (index `n` of its family).
    public func value(_ knob: Knob, service s: Int, index n: Int = 0) -> KnobValue {
        let full = name(knob, service: s, index: n)
        return values[full] ?? KnobRegistry.spec(of: knob, index: n).defaultValue
    }

    /// The client's value of `knob`.
    public func value(_ knob: Knob) -> KnobValue {
        values[knob.rawValue] ?? KnobRegistry.spec(of: knob).defaultValue
    }

    /// Sets `name` from user text, validating the name, the syntax and the range; returns
    /// the value.
    @discardableResult
    public mutating func set(_ name: String, text: String) throws -> KnobValue {
        let r = try resolve(name)
        let v = try r.parse(text)
        values[r.name] = v
        return v
    }

    /// Sets `name` to a value, checking its range.
    public mutating func set(_ name: String, _ value: KnobValue) throws {
        let r = try resolve(name)
        try r.check(value)
        values[r.name] = value
    }

    /// Sets service `s`'s `knob` (index `n`) to a value, checking its range.
    public mutating func set(_ knob: Knob, service s: Int, index n: Int = 0, _ value: KnobValue) throws {
        try set(name(knob, service: s, index: n), value)
    }

    /// Applies `KNOB=VALUE`; returns the knob's full name and the value.
    @discardableResult
    public mutating func apply(assignment: String) throws -> (name: String, value: KnobValue) {
        guard let eq = assignment.firstIndex(of: "=") else {
            throw InputError(field: assignment, "expected KNOB=VALUE")
        }
        let name = assignment[..<eq].trimmingCharacters(in: .whitespaces)
        let text = String(assignment[assignment.index(after: eq)...])
        let r = try resolve(name)
        let v = try set(r.name, text: text)
        return (r.name, v)
    }

    /// The value of `name` as the user would type it.
    public func formatted(_ name: String) -> String {
        guard let r = try? resolve(name) else { return "" }
        return r.spec.format(self[r.name])
    }

    /// The same values over another layout: knobs of services both have carry over by
    /// service name, the client's always.
    public func relaid(_ newLayout: KnobLayout) -> KnobSet {
        var k = KnobSet(layout: newLayout)
        for spec in KnobRegistry.all {
            if spec.knob.scope == .client {
                k.values[spec.name] = self[spec.name]
                continue
            }
            for (s, service) in newLayout.services.enumerated() {
                guard let old = layout.service(named: service) else { continue }
                k.values[newLayout.prefix(s) + spec.name] = values[layout.prefix(old) + spec.name]
            }
        }
        return k
    }

    /// Every knob's full name: the client's, then each service's, with backend and instance
    /// knobs limited to the configured counts.
    public var visibleNames: [String] {
        var names = KnobRegistry.clientNames
        for s in layout.services.indices { names += serviceNames(s) }
        return names
    }

    /// What service `s`'s knob names depend on besides the layout: its backends' and
    /// instances' counts (a name for each backend, and each instance past one).
    public func nameCounts(_ s: Int) -> (backends: Int, instances: Int) {
        (int(.backendsCount, service: s), int(.instances, service: s))
    }

    /// Service `s`'s knob names, backend and instance knobs limited to the configured counts.
    public func serviceNames(_ s: Int) -> [String] {
        let (backends, instances) = nameCounts(s)
        let p = layout.prefix(s)
        return KnobRegistry.all.compactMap { spec in
            guard spec.knob.scope == .service else { return nil }
            switch spec.knob.family {
            case .single: return p + spec.name
            case .backend: return spec.index <= backends ? p + spec.name : nil
            case .instance: return spec.index <= instances && instances > 1 ? p + spec.name : nil
            }
        }
    }

    /// Every knob's full name (all backends and instances), in display order.
    public var allNames: [String] {
        var names = KnobRegistry.clientNames
        for s in layout.services.indices {
            names += KnobRegistry.all.filter { $0.knob.scope == .service }.map { layout.prefix(s) + $0.name }
        }
        return names
    }

    // MARK: typed accessors

    public func number(_ k: Knob, service s: Int, index n: Int = 0) -> Double {
        value(k, service: s, index: n).number
    }
    public func int(_ k: Knob, service s: Int, index n: Int = 0) -> Int {
        Int(value(k, service: s, index: n).number)
    }
    public func flag(_ k: Knob, service s: Int, index n: Int = 0) -> Bool {
        value(k, service: s, index: n).flag
    }
    public func text(_ k: Knob, service s: Int, index n: Int = 0) -> String {
        value(k, service: s, index: n).text
    }
    public func time(_ k: Knob, service s: Int, index n: Int = 0) -> SimTime {
        SimTime(value(k, service: s, index: n).number)
    }

    public func number(_ k: Knob) -> Double { value(k).number }
    public func int(_ k: Knob) -> Int { Int(value(k).number) }
    public func flag(_ k: Knob) -> Bool { value(k).flag }
    public func text(_ k: Knob) -> String { value(k).text }
    public func time(_ k: Knob) -> SimTime { SimTime(value(k).number) }
}
