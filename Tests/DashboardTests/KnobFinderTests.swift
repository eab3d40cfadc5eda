import Foundation
import PerfModel
import TerminalCanvas
import Testing

@testable import Dashboard

/// `/` finds a knob by part of its name: vim's incremental search (the selection follows
/// each character typed, Enter keeps it, Esc goes back, `n` and `N` step on and back,
/// wrapping round), over every service's panel in the order ↓ and `s` would step through them.
@Suite("Dashboard knob finder")
struct KnobFinderTests {
    func model(_ text: String = ServiceMapTests.text) throws -> DashboardModel {
        let s = try TopologyFile.parse(text: text, file: "t.toml")
        var m = try DashboardModel(scenario: s, seed: 1, width: 120, height: 40)
        DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25))
        return m
    }

    func type(_ m: inout DashboardModel, _ text: String) {
        for c in text { DashboardUpdate.handle(&m, .key(.char(c))) }
    }

    func find(_ m: inout DashboardModel, _ text: String) {
        DashboardUpdate.handle(&m, .key(.char("/")))
        type(&m, text)
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
    }

    func render(_ m: DashboardModel) -> [String] { m.screenLines }

    /// Enter, `text`, Enter: a value or `KNOB=VALUE` typed at the prompt.
    func enter(_ m: inout DashboardModel, _ text: String) {
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        type(&m, text)
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
    }

    @Test("the selection follows each character typed, in the selected service first")
    func incremental() throws {
        var m = try model()
        DashboardUpdate.handle(&m, .key(.char("/")))
        type(&m, "db.p")
        #expect(m.selectedService == 0)
        #expect(m.selectedName == "api.db.pool")
        #expect(m.knobNames[m.selected] == "api.db.pool")
        type(&m, "ool")
        #expect(m.selectedName == "api.db.pool")
        // The footer shows the text and how many knobs of every service contain it.
        let everyName = m.simulation.knobs.visibleNames
        let n = everyName.filter { $0.contains("db.pool") }.count
        #expect(n == 4)
        #expect(render(m).last?.contains("find: db.pool▏  \(n) knobs") == true)
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        #expect(m.search == nil)
        #expect(m.status.hasPrefix("api.db.pool: "))
    }

    @Test("n and N step through every service's matches in service order, wrapping round")
    func nextAndPrevious() throws {
        var m = try model()
        find(&m, "db.pool")
        var seen = [m.selectedName]
        for _ in 0..<4 {
            DashboardUpdate.handle(&m, .key(.char("n")))
            seen.append(m.selectedName)
        }
        #expect(seen == ["api.db.pool", "cart.db.pool", "pricing.db.pool", "stock.db.pool", "api.db.pool"])
        DashboardUpdate.handle(&m, .key(.char("N")))
        #expect(m.selectedName == "stock.db.pool")
        #expect(m.selectedService == 3)
        // The cards follow the service found.
        #expect(render(m).contains { $0.contains("backends · stock") })
        DashboardUpdate.handle(&m, .key(.char("N")))
        #expect(m.selectedName == "pricing.db.pool")
    }

    @Test("a service's name in the text finds that service's knob and selects the service")
    func qualified() throws {
        var m = try model()
        find(&m, "Pricing.DB.Serv")
        #expect(m.selectedService == 2)
        #expect(m.selectedName == "pricing.db.service")
        // Then a client knob: found in the selected service's panel, above the selection.
        find(&m, "load.rate")
        #expect(m.selectedService == 2)
        #expect(m.selectedName == "load.rate")
        #expect(m.knobFinder().count("load.rate") == 1)
    }

    @Test("Esc goes back to the knob and service selected before, and keeps no text for n")
    func escapeGoesBack() throws {
        var m = try model()
        DashboardUpdate.handle(&m, .key(.char("s")))
        DashboardUpdate.handle(&m, .key(KeyPress(.down)))
        let before = (m.selectedService, m.selected)
        DashboardUpdate.handle(&m, .key(.char("/")))
        type(&m, "stock.l2")
        #expect(m.selectedService == 3)
        DashboardUpdate.handle(&m, .key(KeyPress(.escape)))
        #expect((m.selectedService, m.selected) == before)
        #expect(m.search == nil)
        DashboardUpdate.handle(&m, .key(.char("n")))
        #expect((m.selectedService, m.selected) == before)
        #expect(m.status.hasPrefix("/ finds a knob first"))
        // Ctrl-C leaves the search the same way (and does not quit).
        DashboardUpdate.handle(&m, .key(.char("/")))
        type(&m, "pricing")
        #expect(m.selectedService == 2)
        DashboardUpdate.handle(&m, .key(.ctrlC))
        #expect((m.selectedService, m.selected) == before)
        #expect(m.search == nil && !m.quitRequested)
    }

    @Test("text no name contains leaves the selection, says so, and changes no knob")
    func noMatch() throws {
        var m = try model()
        find(&m, "pool")
        let at = (m.selectedService, m.selected)
        DashboardUpdate.handle(&m, .key(.char("/")))
        type(&m, "zzz")
        // Keys typed are text, not actions: q does not quit, z does not zoom.
        type(&m, "q")
        DashboardUpdate.handle(&m, .key(KeyPress(.backspace)))
        #expect(!m.quitRequested)
        #expect(m.windowIndex == 1)
        #expect((m.selectedService, m.selected) == at)
        #expect(render(m).last?.contains("no knob's name contains it") == true)
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        #expect(m.status == "no knob's name contains \"zzz\"")
        // The last text found is still the one n steps with; keys typed were not actions.
        #expect(m.lastFound == "pool")
        #expect(m.knobChanges.isEmpty)
        #expect(!m.paused)
    }

    @Test("backspace widens the search back, down to where it started")
    func backspace() throws {
        var m = try model()
        DashboardUpdate.handle(&m, .key(.char("/")))
        type(&m, "cart.l1.t")
        #expect(m.selectedName == "cart.l1.ttl")
        DashboardUpdate.handle(&m, .key(KeyPress(.backspace)))
        DashboardUpdate.handle(&m, .key(KeyPress(.backspace)))
        #expect(m.selectedName == "cart.l1.enabled")
        for _ in 0..<7 { DashboardUpdate.handle(&m, .key(KeyPress(.backspace))) }
        #expect(m.selectedService == 0 && m.selected == 0)
    }

    @Test("n and N search the panels as they are now, after a change of instances or backends")
    func panelsChange() throws {
        var m = try model()
        find(&m, "instance.3.slow")
        #expect(m.selectedName == "pricing.instance.3.slowdown")
        // Two instances: the third's knobs leave the panel, and n finds none.
        enter(&m, "pricing.instances=2")
        #expect(!m.knobNames.contains("pricing.instance.3.slowdown"))
        DashboardUpdate.handle(&m, .key(.char("n")))
        let warned = m.statusWarns
        #expect(warned)
        #expect(m.status == "no knob's name contains \"instance.3.slow\"")
        #expect(m.selectedName == "pricing.instances")
        // Four: it is back, and so is a fourth.
        enter(&m, "pricing.instances=4")
        DashboardUpdate.handle(&m, .key(.char("n")))
        #expect(m.selectedName == "pricing.instance.3.slowdown")
        // A backend added to stock's database: its knobs are found too.
        enter(&m, "stock.backends.count=5")
        DashboardUpdate.handle(&m, .key(.char("/")))
        type(&m, "backend.5.d")
        #expect(m.search?.matches == 1)
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        #expect(m.selectedName == "stock.backend.5.down")
    }

    @Test("with one service, the panel is the whole search")
    func oneService() throws {
        var m = try DashboardModel(scenario: try Scenario.load("checkout"), seed: 1, width: 120, height: 40)
        find(&m, "pool")
        #expect(m.selectedName == m.knobNames.first { $0.contains("pool") })
        DashboardUpdate.handle(&m, .key(.char("n")))
        let matches = m.knobNames.filter { $0.contains("pool") }
        #expect(m.selectedName == matches[1 % matches.count])
        // Enter then KNOB=VALUE: the bare name is the panel's.
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        type(&m, "db.pool=3")
        DashboardUpdate.handle(&m, .key(KeyPress(.enter)))
        #expect(m.selectedName == "db.pool")
        #expect(m.simulation.knobs["db.pool"] == .number(3))
    }

    @Test("Enter then KNOB=VALUE sets any knob, as --set does, and selects it; a bare name is the entry's")
    func assignment() throws {
        var m = try model()
        enter(&m, "stock.db.pool = 5")
        #expect(m.simulation.knobs["stock.db.pool"] == .number(5))
        #expect(m.selectedService == 3 && m.selectedName == "stock.db.pool")
        #expect(m.knobChanges.last?.name == "stock.db.pool")
        // A bare name is the entry service's: api's, selected as the panel names it.
        enter(&m, "db.pool=12")
        #expect(m.simulation.knobs["api.db.pool"] == .number(12))
        #expect(m.selectedService == 0 && m.selectedName == "api.db.pool")
        #expect(m.knobChanges.last?.name == "api.db.pool")
        // A value out of range is refused as --set refuses it, and nothing changes.
        let changes = m.knobChanges.count
        enter(&m, "cart.db.pool=-3")
        #expect(m.status.hasPrefix("refused: "))
        #expect(m.simulation.knobs["cart.db.pool"] == .number(8))
        #expect(m.knobChanges.count == changes)
        // Text before = that names no knob is the selected knob's value, = and all.
        #expect(DashboardUpdate.assignment("traces/a=b.txt") == nil)
        #expect(DashboardUpdate.assignment("load.rate=2k")! == ("load.rate", "2k"))
        // A knob's name misspelt: refused as an unknown knob with the name meant, rather
        // than the text as the selected knob's value.
        enter(&m, "stock.db.pol=6")
        #expect(m.status.hasPrefix("refused: stock.db.pol: unknown knob; did you mean stock.db.pool?"))
        #expect(m.simulation.knobs["stock.db.pool"] == .number(5))
        #expect(DashboardUpdate.misspeltKnob("traces/a=b.txt") == nil)
        #expect(DashboardUpdate.misspeltKnob("stock.db.pool=6") == nil)
        // The value it has already: no change to record, and the footer says so.
        enter(&m, "stock.db.pool=5")
        #expect(m.knobChanges.count == changes)
        #expect(m.status == "stock.db.pool is 5 already")
    }

    @Test("the byte search agrees with String.contains on every knob's name")
    func byteSearch() throws {
        let m = try model()
        let texts = [
            "", "p", "pool", "db.pool", "pricing.db.pool", "pricing.db.pool.", "l", "ll", "1", "s.1", "zzz",
        ]
        for name in m.simulation.knobs.visibleNames {
            for t in texts {
                #expect(
                    KnobFinder.contains(Array(name.utf8), Array(t.utf8)) == (t.isEmpty || name.contains(t)))
            }
        }
    }

    @Test("the search order is the panel from the knob down, then the other services' own knobs")
    func order() throws {
        var m = try model()
        let f = m.knobFinder()
        let clients = m.knobNames.count - m.simulation.knobs.serviceNames(0).count
        let start = KnobFinder.Place(service: 1, knob: clients + 3)
        let places = f.order(from: start, including: true)
        // Every knob of every service once, the client's once: as many as `perflab knobs` lists.
        #expect(places.count == m.simulation.knobs.visibleNames.count)
        #expect(Set(places.map { "\($0.service).\($0.knob)" }).count == places.count)
        #expect(places.first == start)
        #expect(places.last == KnobFinder.Place(service: 1, knob: clients + 2))
        let services = places.map(\.service)
        #expect(services.firstIndex(of: 2)! < services.firstIndex(of: 3)!)
        #expect(services.firstIndex(of: 3)! < services.firstIndex(of: 0)!)
        #expect(f.order(from: start).last == start)
        #expect(f.order(from: start, backwards: true).first == places.last)
    }
}

extension KnobFinder {
    /// Every place in ``forEachPlace(from:backwards:including:_:)``'s order.
    func order(from origin: Place, backwards: Bool = false, including: Bool = false) -> [Place] {
        var out: [Place] = []
        forEachPlace(from: origin, backwards: backwards, including: including) {
            out.append($0)
            return false
        }
        return out
    }
}
