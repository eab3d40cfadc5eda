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
        // Each part of the path looked up in turn, its bytes compared in place (this is
        // every field of every sample a session reader decodes: splitting the path into new
        // strings, or comparing substrings, took half of reading a session).
        var path = path
        return path.withUTF8 { u -> JSON? in
            var v = object
            var start = 0
            while start < u.count {
                var dot = start
                while dot < u.count && u[dot] != UInt8(ascii: ".") { dot += 1 }
                let part = UnsafeBufferPointer(rebasing: u[start..<dot])
                start = dot + 1
                if part.isEmpty { continue }
                guard case .object(let pairs) = v,
                    let next = pairs.first(where: { JSONFields.equal($0.0, part) })
                else { return nil }
                v = next.1
            }
            if case .null = v { return nil }
            return v
        }
    }

    /// Whether `key`'s UTF-8 is `bytes`.
    @inline(__always)
    static func equal(_ key: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var key = key
        return key.withUTF8 { k in
            guard k.count == bytes.count else { return false }
            for i in 0..<k.count where k[i] != bytes[i] { return false }
            return true
        }
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
