import Foundation
import SimKernel

/// A script of timed knob changes: one `AT KNOB=VALUE` per line (`30s l1.capacity=5000`),
/// `#` comments and blank lines allowed; times are simulated, from the start of the run.
public enum KnobScript {
    /// Reads the script at `path`; with `knobs`, every name is resolved against their
    /// services (`SERVICE.KNOB`) and written in full, and a bad one is named by its line.
    public static func parse(file path: String, knobs: KnobSet? = nil) throws -> [(
        at: SimTime, name: String, value: KnobValue
    )] {
        try parse(text: InputFile.text(atPath: path, kind: "script"), file: path, knobs: knobs)
    }

    public static func parse(text: String, file: String, knobs: KnobSet? = nil) throws -> [(
        at: SimTime, name: String, value: KnobValue
    )] {
        var out: [(at: SimTime, name: String, value: KnobValue, line: Int)] = []
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if parts.isEmpty { continue }
            guard parts.count == 2, let eq = parts[1].firstIndex(of: "=") else {
                throw InputError(
                    file: file, line: lineNo, "expected AT KNOB=VALUE (like 30s l1.capacity=5000)")
            }
            let at: Double
            do {
                at = try KnobSpec.parseDuration(String(parts[0]), field: "time")
            } catch let e as InputError {
                throw InputError(file: file, line: lineNo, field: e.field, e.message)
            }
            let name = String(parts[1][..<eq])
            let valueText = String(parts[1][parts[1].index(after: eq)...])
            do {
                if let knobs {
                    let r = try knobs.resolve(name)
                    out.append((SimTime(at), r.name, try r.parse(valueText), lineNo))
                } else {
                    let spec = try KnobRegistry.spec(name)
                    out.append((SimTime(at), name, try spec.parse(valueText), lineNo))
                }
            } catch let e as InputError {
                throw InputError(file: file, line: lineNo, field: e.field, e.message)
            }
        }
        let sorted = out.enumerated().sorted { a, b in
            a.element.at != b.element.at ? a.element.at < b.element.at : a.offset < b.offset
        }.map(\.element)
        if let knobs { try checkCaches(sorted, from: knobs, file: file) }
        return sorted.map { ($0.at, $0.name, $0.value) }
    }

    /// Plays the changes, in order, over `knobs`: one that would let the caches outgrow
    /// ``CacheBudget/limit`` is named by its line, as the run would refuse it.
    static func checkCaches(
        _ changes: [(at: SimTime, name: String, value: KnobValue, line: Int)], from knobs: KnobSet,
        file: String
    ) throws {
        var k = knobs
        var space = CacheBudget.keySpace(k)
        for c in changes {
            do {
                try k.set(c.name, c.value)
                if c.name.hasPrefix("keys.") { space = CacheBudget.keySpace(k) }
                try CacheBudget.check(k, keys: space, field: c.name)
            } catch let e as InputError {
                throw InputError(file: file, line: c.line, field: e.field, e.message)
            }
        }
    }
}
