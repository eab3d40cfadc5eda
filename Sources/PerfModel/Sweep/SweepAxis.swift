import Foundation

/// One varied knob of a sweep: `KNOB=FROM..TO[:POINTS]` (evenly spaced; `*` after the
/// count for a geometric grid, `load.rate=100..10k:9*`), or `KNOB=A,B,C` for listed values
/// (choices, flags, or numbers).
///
/// Each value is a point once: a range over a whole-number knob with more points than it
/// holds whole values gives each value once (`db.pool=1..3:10` is 1, 2, 3; so is a range
/// whose ends are equal), where it gave the same value several times, each run with other
/// seeds, as if they were points of their own; a list that names a value twice is refused.
public struct SweepAxis: Sendable, Equatable {
    /// The knob's full name.
    public var knob: String
    /// The values, in order, as the knob stores them.
    public var values: [KnobValue]
    /// The text the user gave (kept in results so that merges can check they match).
    public var text: String

    /// Parses `text` against `knobs` (whose layout resolves the knob's name).
    public init(_ text: String, knobs: KnobSet) throws {
        self.text = text
        guard let eq = text.firstIndex(of: "=") else {
            throw InputError(field: "--vary \(text)", "expected KNOB=FROM..TO[:POINTS] or KNOB=A,B,C")
        }
        let name = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        func field() -> String { "--vary \(name)" }
        let r: KnobSet.Resolved
        do { r = try knobs.resolve(name) } catch let e as InputError {
            throw InputError(field: field(), e.message)
        }
        knob = r.name
        let spec = r.spec
        let rest = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        if let dots = rest.range(of: "..") {
            let from = String(rest[..<dots.lowerBound])
            var to = String(rest[dots.upperBound...])
            var points = 5
            var geometric = false
            if let colon = to.firstIndex(of: ":") {
                var count = String(to[to.index(after: colon)...])
                to = String(to[..<colon])
                if count.hasSuffix("*") {
                    geometric = true
                    count.removeLast()
                }
                guard let n = Int(count), n >= 1, n <= 1000 else {
                    throw InputError(
                        field: field(),
                        "the number of points \"\(count)\" is not a whole number from 1 to 1000")
                }
                points = n
            }
            let lo: Double
            let hi: Double
            do {
                guard case .number(let a) = try spec.parse(from), case .number(let b) = try spec.parse(to)
                else {
                    throw InputError(
                        field: field(), "a range needs a numeric knob; list values instead (\(name)=a,b,c)")
                }
                lo = a
                hi = b
            } catch let e as InputError {
                throw InputError(field: field(), e.message)
            }
            if geometric && (lo <= 0 || hi <= 0) {
                throw InputError(field: field(), "a geometric grid (*) needs both ends above 0")
            }
            var vs: [KnobValue] = []
            for k in 0..<points {
                let f = points == 1 ? 0 : Double(k) / Double(points - 1)
                var x = geometric ? lo * Foundation.pow(hi / lo, f) : lo + (hi - lo) * f
                if case .count = spec.unit { x = x.rounded() }
                if k == points - 1 { x = points == 1 ? lo : hi }
                if vs.last != .number(x) { vs.append(.number(x)) }
            }
            values = vs
        } else {
            values = try rest.split(separator: ",").map { part in
                do { return try spec.parse(String(part).trimmingCharacters(in: .whitespaces)) } catch let e
                    as InputError
                {
                    throw InputError(field: field(), e.message)
                }
            }
            guard !values.isEmpty else { throw InputError(field: field(), "no values") }
            for (k, v) in values.enumerated() where values[..<k].contains(v) {
                throw InputError(field: field(), "\(spec.format(v)) is listed twice")
            }
        }
        for v in values {
            do { try spec.check(v) } catch let e as InputError { throw InputError(field: field(), e.message) }
        }
    }

    /// The axes of a sweep from the `--vary` texts: one or two, of two different knobs.
    public static func axes(_ texts: [String], knobs: KnobSet) throws -> [SweepAxis] {
        guard !texts.isEmpty, texts.count <= 2 else {
            throw InputError(field: "--vary", "give one or two knobs to vary")
        }
        let axes = try texts.map { try SweepAxis($0, knobs: knobs) }
        if axes.count == 2 && axes[0].knob == axes[1].knob {
            throw InputError(field: "--vary \(axes[1].knob)", "is varied twice: give each knob one --vary")
        }
        return axes
    }
}
