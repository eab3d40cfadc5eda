import SimKernel

/// A knob changed at a simulated time: a session's `knob` line.
///
/// A change made by hand in the dashboard and the same change from a `--script` file make
/// the same line.
public struct KnobChange: Sendable, Equatable {
    /// Simulated time of the change.
    public var at: SimTime
    public var name: String
    public var old: KnobValue
    public var new: KnobValue

    public init(at: SimTime, name: String, old: KnobValue, new: KnobValue) {
        self.at = at
        self.name = name
        self.old = old
        self.new = new
    }

    /// The `knob` line: values as typed, with `old_exact`/`new_exact` only where the text
    /// does not read back exactly.
    public var json: JSON {
        let (oldText, oldExact) = SessionFormat.knobText(name, old)
        let (newText, newExact) = SessionFormat.knobText(name, new)
        var line: [(String, JSON)] = [
            ("type", .string("knob")), ("t", .number(Time.seconds(at))), ("name", .string(name)),
            ("old", .string(oldText)), ("new", .string(newText)),
        ]
        if let oldExact { line.append(("old_exact", oldExact)) }
        if let newExact { line.append(("new_exact", newExact)) }
        return .object(line)
    }

    /// Reads a `knob` line.
    public init(json line: JSON) throws {
        let f = JSONFields(line)
        let name = try f.string("name")
        guard KnobRegistry.has(name) else { throw InputError(field: "name", "unknown knob \"\(name)\"") }
        let t = try f.seconds("t")
        self.init(
            at: Time.fromSeconds(t), name: name,
            old: try SessionFormat.knobValue(name, text: line["old"], exact: line["old_exact"]),
            new: try SessionFormat.knobValue(name, text: line["new"], exact: line["new_exact"]))
    }
}
