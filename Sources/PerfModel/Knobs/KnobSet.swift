/// The value of every knob: defaults, overridden by a scenario, then by `--set` and by
/// changes made while running.
public struct KnobSet: Equatable, Sendable {
    public private(set) var values: [String: KnobValue]

    /// Every knob at its default.
    public init() {
        values = Dictionary(uniqueKeysWithValues: KnobRegistry.all.map { ($0.name, $0.defaultValue) })
    }

    public subscript(name: String) -> KnobValue {
        values[name] ?? .number(0)
    }

    /// Sets `name` from user text, validating the name, the syntax and the range.
    @discardableResult
    public mutating func set(_ name: String, text: String) throws -> KnobValue {
        let spec = try KnobRegistry.spec(name)
        let v = try spec.parse(text)
        values[name] = v
        return v
    }

    /// Sets `name` to an already valid value.
    public mutating func set(_ name: String, _ value: KnobValue) throws {
        let spec = try KnobRegistry.spec(name)
        try spec.check(value)
        values[name] = value
    }

    /// Applies `KNOB=VALUE`.
    @discardableResult
    public mutating func apply(assignment: String) throws -> (name: String, value: KnobValue) {
        guard let eq = assignment.firstIndex(of: "=") else {
            throw InputError(field: assignment, "expected KNOB=VALUE")
        }
        let name = assignment[..<eq].trimmingCharacters(in: .whitespaces)
        let text = String(assignment[assignment.index(after: eq)...])
        let v = try set(name, text: text)
        return (name, v)
    }

    /// The value of `name` as the user would type it.
    public func formatted(_ name: String) -> String {
        guard let spec = try? KnobRegistry.spec(name) else { return "" }
        return spec.format(self[name])
    }

    /// Knob names in registry order, with backend knobs limited to the configured count.
    public var visibleNames: [String] {
        let n = Int(self["backends.count"].number)
        return KnobRegistry.all.map(\.name).filter { name in
            guard name.hasPrefix("backend."), let idx = Int(name.split(separator: ".")[1]) else { return true }
            return idx <= n
        }
    }

    // Typed accessors.
    public func number(_ name: String) -> Double { self[name].number }
    public func int(_ name: String) -> Int { Int(self[name].number) }
    public func flag(_ name: String) -> Bool { self[name].flag }
    public func text(_ name: String) -> String { self[name].text }
    public func time(_ name: String) -> Int64 { Int64(self[name].number) }
}
