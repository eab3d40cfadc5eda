/// `/` in the dashboard: finds a knob by part of its name, in every service's panel.
///
/// A topology's panel holds about a hundred knobs per service, and stepping to one with ↓
/// took as many keys. The places are searched in the order a user would step through them:
/// the selected service's panel from the selected knob down, then each following service's
/// own knobs (the client's `load.*` and `keys.*`, at the top of every panel, are searched
/// once, in the selected service's panel), then round to the knobs above the selection, as
/// vim's `/` wraps round the file. A name matches when it contains the text typed, case
/// aside (`pool`, `pricing.db`, `Backend.2`).
struct KnobFinder {
    /// A knob's place: the service whose panel shows it, and its row in that panel.
    struct Place: Equatable {
        var service: Int
        var knob: Int
    }

    /// How many services there are.
    let services: Int
    /// How many knobs at the top of every panel are the client's.
    let clientKnobs: Int
    /// The names in service `s`'s panel, the client's first.
    let panel: (Int) -> [String]

    /// The places after `origin` in search order (backwards: in reverse), each once, ending
    /// with `origin` itself; with `including`, `origin` comes first instead.
    func order(from origin: Place, backwards: Bool = false, including: Bool = false) -> [Place] {
        let here = panel(origin.service)
        let start = min(max(origin.knob, 0), max(here.count - 1, 0))
        var cycle = (start..<here.count).map { Place(service: origin.service, knob: $0) }
        for step in 1..<max(services, 1) {
            let s = (origin.service + step) % services
            cycle += (clientKnobs..<panel(s).count).map { Place(service: s, knob: $0) }
        }
        cycle += (0..<start).map { Place(service: origin.service, knob: $0) }
        if including { return cycle }
        let rest = cycle.dropFirst()
        return (backwards ? Array(rest.reversed()) : Array(rest)) + cycle.prefix(1)
    }

    /// The first place in ``order(from:backwards:including:)`` whose name contains `text`.
    func find(_ text: String, from origin: Place, backwards: Bool = false, including: Bool = false) -> Place?
    {
        let t = text.lowercased()
        guard !t.isEmpty else { return nil }
        var names: [Int: [String]] = [:]
        for p in order(from: origin, backwards: backwards, including: including) {
            if names[p.service] == nil { names[p.service] = panel(p.service).map { $0.lowercased() } }
            if names[p.service]![p.knob].contains(t) { return p }
        }
        return nil
    }

    /// How many knobs' names contain `text`, every service's counted once.
    func count(_ text: String) -> Int {
        let t = text.lowercased()
        guard !t.isEmpty else { return 0 }
        var n = 0
        for s in 0..<services {
            let names = panel(s)
            for k in (s == 0 ? 0 : clientKnobs)..<names.count where names[k].lowercased().contains(t) {
                n += 1
            }
        }
        return n
    }
}
