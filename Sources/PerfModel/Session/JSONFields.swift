/// Typed reads of dotted paths (`requests.succeeded`) in one JSON object, with errors naming
/// the path; a missing field or `null` reads as the default.
struct JSONFields {
    let object: JSON
    let prefix: String

    init(_ object: JSON, prefix: String = "") {
        self.object = object
        self.prefix = prefix
    }

    func value(_ path: String) -> JSON? {
        var v: JSON? = object
        for part in path.split(separator: ".") { v = v?[String(part)] }
        return v == .null ? nil : v
    }

    func uint(_ path: String) throws -> UInt64 {
        guard let v = value(path) else { return 0 }
        if case .int(let i) = v, i >= 0 { return UInt64(i) }
        throw InputError(field: prefix + path, "expected a whole number, found \(v.text)")
    }

    func int(_ path: String) throws -> Int {
        guard let v = value(path) else { return 0 }
        if case .int(let i) = v { return Int(i) }
        throw InputError(field: prefix + path, "expected a whole number, found \(v.text)")
    }

    func double(_ path: String, default d: Double = 0) throws -> Double {
        guard let v = value(path) else { return d }
        if let x = v.double { return x }
        throw InputError(field: prefix + path, "expected a number, found \(v.text)")
    }

    func bool(_ path: String) throws -> Bool {
        guard let v = value(path) else { return false }
        if case .bool(let b) = v { return b }
        throw InputError(field: prefix + path, "expected true or false, found \(v.text)")
    }

    /// The longest simulated time a session may name, in seconds: ``KnobSpec/maxDuration``
    /// (100 years), which fits in integer nanoseconds.
    static let maxSeconds = KnobSpec.maxDuration / 1e9

    /// A simulated time in seconds, from 0 to ``maxSeconds``; `default` when missing.
    func seconds(_ path: String, default d: Double = 0) throws -> Double {
        guard value(path) != nil else { return d }
        let s = try double(path)
        guard s >= 0, s <= JSONFields.maxSeconds else {
            throw InputError(
                field: prefix + path,
                "expected a time from 0 to \(KnobSpec.trim(JSONFields.maxSeconds)) seconds (100 years), "
                    + "found \(JSON.number(s).text)"
            )
        }
        return s
    }

    func string(_ path: String, default d: String = "") throws -> String {
        guard let v = value(path) else { return d }
        if let s = v.string { return s }
        throw InputError(field: prefix + path, "expected text, found \(v.text)")
    }
}
