/// What a refusal of an unknown knob or scenario says: the known name nearest the one typed,
/// when one is near enough to be the name meant (`db.pol`: did you mean `db.pool`?), as git
/// and cargo suggest a command.
///
/// Near is the optimal string alignment distance (Levenshtein's insertions, deletions and
/// substitutions, and a swap of two neighbouring characters, each one edit): at most two
/// edits, and at most a third of the name's length, so that a short name is not "corrected"
/// into another word. Among equally near names the first in `perflab knobs` order wins. A
/// name with a service in front (`pricing.db.pol`) keeps the service; one whose first part is
/// a misspelt group (`lod.rate`) is matched whole.
enum NameSuggestion {
    /// The refusal's words for `name` (`quoting`: the name written in them, where the
    /// message's field does not already name it). `scope` narrows the guess to the client's
    /// knobs or to a service's, written without a service; nil guesses among every knob, with
    /// a service in front or not.
    static func unknownKnob(_ name: String, scope: KnobScope? = nil, quoting: Bool = false) -> String {
        let what = quoting ? "unknown knob \"\(name)\"" : "unknown knob"
        guard let near = nearest(to: name, scope: scope) else { return "\(what) (perflab knobs lists them)" }
        return "\(what); did you mean \(near)? (perflab knobs lists them)"
    }

    /// The refusal's words for `name`, a service there is not: the one meant when one is near,
    /// and the services there are (and `db`, the service's own database, where a call may
    /// name it).
    static func unknownService(_ name: String, services: [String], orDatabase: Bool = false) -> String {
        let meant = nearest(to: name, among: services + (orDatabase ? ["db"] : [])).map {
            "; did you mean \($0)?"
        }
        let list = services.joined(separator: ", ") + (orDatabase ? ", and db" : "")
        return "unknown service \"\(name)\"\(meant ?? "") (the services are \(list))"
    }

    /// The known knob name nearest `name`, if one is near enough.
    static func nearest(to name: String, scope: KnobScope? = nil) -> String? {
        var best = Nearest(name)
        for spec in KnobRegistry.all where scope == nil || spec.knob.scope == scope {
            best.consider(spec.name)
        }
        // A service's name in front (where names may have one): the rest matched among the
        // service knobs.
        if scope == nil, let dot = name.firstIndex(of: "."),
            !KnobRegistry.groups.contains(String(name[..<dot]))
        {
            let service = name[..<dot]
            var rest = Nearest(String(name[name.index(after: dot)...]), limit: best.limit)
            for spec in KnobRegistry.all where spec.knob.scope == .service { rest.consider(spec.name) }
            if let r = rest.name, rest.distance < best.distance { return "\(service).\(r)" }
        }
        return best.name
    }

    /// The name among `names` nearest `name`, if one is near enough (the first of equals).
    static func nearest(to name: String, among names: some Sequence<String>) -> String? {
        var best = Nearest(name)
        for n in names { best.consider(n) }
        return best.name
    }

    /// The search for the name nearest one typed: each candidate considered in turn, the
    /// first of the nearest kept.
    struct Nearest {
        let typed: [UInt8]
        let limit: Int
        private(set) var name: String?
        private(set) var distance = Int.max

        /// Near enough: at most two edits, and a third of the typed name's length (or
        /// `limit`, where the typed name is part of a longer one).
        init(_ typed: String, limit: Int? = nil) {
            self.typed = Array(typed.utf8)
            self.limit = limit ?? Swift.min(2, self.typed.count / 3)
        }

        mutating func consider(_ candidate: String) {
            let bound = name == nil ? limit : distance - 1
            guard let d = NameSuggestion.distance(typed, Array(candidate.utf8), limit: bound), d > 0 else {
                return
            }
            name = candidate
            distance = d
        }
    }

    /// The optimal string alignment distance of `a` and `b`, or nil when it is above
    /// `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        guard limit >= 0, abs(a.count - b.count) <= limit else { return nil }
        let n = b.count
        guard !a.isEmpty else { return n }
        var before = [Int](repeating: 0, count: n + 1)
        var previous = Array(0...n)
        var current = [Int](repeating: 0, count: n + 1)
        for i in 1...a.count {
            current[0] = i
            var rowBest = i
            for j in stride(from: 1, through: n, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d = Swift.min(d, before[j - 2] + 1)
                }
                current[j] = d
                rowBest = Swift.min(rowBest, d)
            }
            // Every later row is at least this row's least.
            if rowBest > limit { return nil }
            (before, previous, current) = (previous, current, before)
        }
        return previous[n] <= limit ? previous[n] : nil
    }
}
