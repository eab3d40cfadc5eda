import PerfModel

/// `/` in the dashboard: finds a knob by part of its name, in every service's panel.
///
/// A topology's panel holds about a hundred knobs per service, and stepping to one with ↓
/// took as many keys. The places are searched in the order a user would step through them:
/// the selected service's panel from the selected knob down, then each following service's
/// own knobs (the client's `load.*` and `keys.*`, at the top of every panel, are searched
/// once, in the selected service's panel), then round to the knobs above the selection, as
/// vim's `/` wraps round the file. A name matches when it contains the text typed, case
/// aside (`pool`, `pricing.db`, `Backend.2`).
///
/// The names are read once, when the finder is made, and the dashboard keeps it until the
/// panels change (its ``Shape``): read again at each key, a thousand services' names took
/// 140 ms a key.
struct KnobFinder {
    /// What the panels' names depend on: the services, and each one's
    /// ``KnobSet/nameCounts(_:)``.
    struct Shape: Equatable {
        let layout: KnobLayout
        let counts: [Int]

        init(_ knobs: KnobSet) {
            layout = knobs.layout
            counts = knobs.layout.services.indices.flatMap {
                let c = knobs.nameCounts($0)
                return [c.backends, c.instances]
            }
        }
    }

    /// A knob's place: the service whose panel shows it, and its row in that panel.
    struct Place: Equatable {
        var service: Int
        var knob: Int
    }

    /// The panels' shape the names were read for.
    let shape: Shape
    /// How many knobs at the top of every panel are the client's.
    let clientKnobs: Int
    /// Each service's panel, names lowercased as UTF-8: the client's first.
    let names: [[[UInt8]]]

    /// The panels of `shape`'s services, service `s`'s names given by `panel(s)`.
    init(shape: Shape, clientKnobs: Int, panel: (Int) -> [String]) {
        self.shape = shape
        self.clientKnobs = clientKnobs
        names = shape.layout.services.indices.map { panel($0).map { Array($0.lowercased().utf8) } }
    }

    /// Whether `name` contains `text` (both lowercased UTF-8): a byte search, where
    /// `String.contains` over a thousand services' names took 80 ms a key.
    static func contains(_ name: [UInt8], _ text: [UInt8]) -> Bool {
        let m = text.count
        guard m <= name.count else { return false }
        if m == 0 { return true }
        var i = 0
        while i <= name.count - m {
            var j = 0
            while j < m && name[i + j] == text[j] { j += 1 }
            if j == m { return true }
            i += 1
        }
        return false
    }

    /// Calls `visit` with each place after `origin` in search order (backwards: in
    /// reverse), each once, ending with `origin` itself (with `including`, `origin` first
    /// instead), until `visit` returns true.
    func forEachPlace(
        from origin: Place, backwards: Bool = false, including: Bool = false, _ visit: (Place) -> Bool
    ) {
        let n = names.count
        guard n > 0, origin.service >= 0, origin.service < n, !names[origin.service].isEmpty else { return }
        let o = Place(
            service: origin.service, knob: min(max(origin.knob, 0), names[origin.service].count - 1))
        // The cycle: the origin's panel from the origin down, each other service's own
        // knobs, the origin's panel above the origin; or all of it the other way round.
        func ownKnobs(_ s: Int) -> Range<Int> { min(clientKnobs, names[s].count)..<names[s].count }
        func cycle(_ visit: (Place) -> Bool) -> Bool {
            for k in o.knob..<names[o.service].count where visit(Place(service: o.service, knob: k)) {
                return true
            }
            for step in 1..<n {
                let s = (o.service + step) % n
                for k in ownKnobs(s) where visit(Place(service: s, knob: k)) { return true }
            }
            for k in 0..<o.knob where visit(Place(service: o.service, knob: k)) { return true }
            return false
        }
        func reversedCycle(_ visit: (Place) -> Bool) -> Bool {
            for k in (0..<o.knob).reversed() where visit(Place(service: o.service, knob: k)) { return true }
            for step in (1..<n).reversed() {
                let s = (o.service + step) % n
                for k in ownKnobs(s).reversed() where visit(Place(service: s, knob: k)) { return true }
            }
            for k in (o.knob..<names[o.service].count).reversed()
            where visit(Place(service: o.service, knob: k)) {
                return true
            }
            return false
        }
        if including {
            _ = cycle(visit)
        } else if !backwards {
            if cycle({ $0 != o && visit($0) }) { return }
            _ = visit(o)
        } else {
            // Backwards: the cycle reversed, the origin last.
            if reversedCycle({ $0 != o && visit($0) }) { return }
            _ = visit(o)
        }
    }

    /// The first place in that order whose name contains `text`.
    func find(_ text: String, from origin: Place, backwards: Bool = false, including: Bool = false) -> Place?
    {
        let t = Array(text.lowercased().utf8)
        guard !t.isEmpty else { return nil }
        var found: Place?
        forEachPlace(from: origin, backwards: backwards, including: including) {
            guard Self.contains(names[$0.service][$0.knob], t) else { return false }
            found = $0
            return true
        }
        return found
    }

    /// How many knobs' names contain `text`, every service's counted once.
    func count(_ text: String) -> Int {
        let t = Array(text.lowercased().utf8)
        guard !t.isEmpty else { return 0 }
        var n = 0
        for (s, panel) in names.enumerated() {
            for k in (s == 0 ? 0 : min(clientKnobs, panel.count))..<panel.count
            where Self.contains(panel[k], t) {
                n += 1
            }
        }
        return n
    }
}

/// A knob search under way: the text typed after `/`, what it is searched in, where the
/// selection was when `/` was pressed (Esc goes back to it), and how many knobs the text
/// matches (worked out as the text changes, not at every frame).
public struct KnobSearch {
    public internal(set) var text = ""
    public internal(set) var matches = 0
    let finder: KnobFinder
    let origin: KnobFinder.Place
}
