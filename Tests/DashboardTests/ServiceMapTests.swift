import Foundation
import PerfModel
import TerminalCanvas
import Testing

@testable import Dashboard

@Suite("Dashboard service map")
struct ServiceMapTests {
    static let text = """
        entry = "api"
        [load]
        rate = "200"
        [services.api]
        db.enabled = false
          [[services.api.calls]]
          to = "cart"
          [[services.api.calls]]
          parallel = ["pricing", "stock"]
        [services.cart]
        [services.pricing]
        instances = 3
        [services.stock]
        db.pool = 2
        """

    func model(width: Int = 120, height: Int = 40) throws -> DashboardModel {
        let s = try TopologyFile.parse(text: Self.text, file: "t.toml")
        var m = try DashboardModel(scenario: s, seed: 1, width: width, height: height)
        for _ in 0..<12 { DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25)) }
        return m
    }

    func render(_ m: DashboardModel) -> [String] { m.screenLines }

    @Test("the map draws every service as the tree of its calls, with its figures")
    func mapShowsTheGraph() throws {
        let lines = render(try model())
        let text = lines.joined(separator: "\n")
        #expect(text.contains("services"))
        let api = try #require(lines.firstIndex { $0.contains("● api") })
        let cart = try #require(lines.firstIndex { $0.contains("├▶ ● cart") })
        let pricing = try #require(
            lines.firstIndex { $0.contains("● pricing ×3") && $0.contains("parallel") })
        let stock = try #require(lines.firstIndex { $0.contains("└▶ ● stock") })
        #expect(api < cart && cart < pricing && pricing < stock)
        #expect(lines[api].contains(" ms"))
    }

    @Test("s selects the next service: the knob panel and the cards follow it")
    func selectionMovesCardsAndKnobs() throws {
        var m = try model()
        #expect(m.selectedService == 0)
        #expect(m.knobNames.contains("api.db.pool"))
        DashboardUpdate.handle(&m, .key(.char("s")))
        #expect(m.selectedService == 1)
        #expect(m.knobNames.contains("cart.db.pool"))
        #expect(!m.knobNames.contains("api.db.pool"))
        let lines = render(m)
        #expect(lines.contains { $0.contains("backends · cart") })
        #expect(lines.contains { $0.contains("cart · instances") })
        DashboardUpdate.handle(&m, .key(.char("S")))
        DashboardUpdate.handle(&m, .key(.char("S")))
        #expect(m.selectedService == 3)
    }

    @Test("a service's card lists its calls per callee, with the last second's attempts")
    func cardListsCalls() throws {
        var m = try model()
        let lines = render(m)
        let top = try #require(lines.firstIndex { $0.contains("calls · api") })
        let col = try #require(lines[top].range(of: "╭ calls · api")).lowerBound
        let x = lines[top].distance(from: lines[top].startIndex, to: col)
        let card = lines[(top + 1)...].prefix { !$0.contains("╰") }.map { String($0.dropFirst(x)) }
        #expect(card.first?.contains("att/s") == true)
        let calls = try #require(m.simulation.samples.last?.services[0].calls)
        #expect(calls.map(\.to) == ["cart", "pricing", "stock"])
        for c in calls {
            let row = try #require(card.first { $0.contains("│\(c.to) ") })
            #expect(row.contains(" \(c.counters.attempts) "))
        }
        // A service with a database and no calls keeps its backends card.
        DashboardUpdate.handle(&m, .key(.char("s")))
        #expect(render(m).contains { $0.contains("backends · cart") && !$0.contains("calls") })
    }

    @Test("a click on a service in the map selects it")
    func clickSelects() throws {
        var m = try model()
        let lines = render(m)
        let row = try #require(lines.firstIndex { $0.contains("● pricing") })
        let col = try #require(lines[row].range(of: "pricing")).lowerBound
        let x = lines[row].distance(from: lines[row].startIndex, to: col)
        DashboardUpdate.handle(&m, .mouse(MouseEvent(.leftClick, x: x, y: row)))
        #expect(m.selectedService == 2)
    }

    @Test("a knob of the selected service turned from the panel changes that service only")
    func knobOfSelectedService() throws {
        var m = try model()
        DashboardUpdate.handle(&m, .key(.char("s")))
        DashboardUpdate.handle(&m, .key(.char("s")))
        DashboardUpdate.handle(&m, .key(.char("s")))  // stock
        let i = try #require(m.knobNames.firstIndex(of: "stock.db.pool"))
        while m.selected < i { DashboardUpdate.handle(&m, .key(KeyPress(.down))) }
        DashboardUpdate.handle(&m, .key(KeyPress(.right)))
        #expect(m.simulation.knobs["stock.db.pool"] == .number(3))
        #expect(m.simulation.knobs["cart.db.pool"] == .number(8))
        #expect(m.knobChanges.last?.name == "stock.db.pool")
    }

    /// A chain of `n` services, each calling the next: deeper than the map is tall or wide.
    static func chain(_ n: Int) -> String {
        var text = "entry = \"s0\"\n[load]\nrate = \"100\"\n"
        for i in 0..<n {
            text += "[services.s\(i)]\n"
            if i + 1 < n { text += "  [[services.s\(i).calls]]\n  to = \"s\(i + 1)\"\n" }
        }
        return text
    }

    func chainModel(_ n: Int) throws -> DashboardModel {
        let s = try TopologyFile.parse(text: Self.chain(n), file: "chain.toml")
        var m = try DashboardModel(scenario: s, seed: 1, width: 120, height: 40)
        for _ in 0..<8 { DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25)) }
        return m
    }

    /// The rows of the map box, by the text between its borders.
    func mapRows(_ lines: [String]) throws -> [String] {
        let top = try #require(lines.firstIndex { $0.contains("╭ services") })
        let bottom = try #require(lines[(top + 1)...].firstIndex { $0.contains("╰") && $0.contains("╯") })
        return Array(lines[(top + 1)..<bottom])
    }

    @Test("a map taller than its box scrolls to the selected service and says what is out of view")
    func tallMapScrollsToSelection() throws {
        var m = try chainModel(30)
        let first = try mapRows(render(m))
        #expect(first.first?.contains("● s0") == true)
        #expect(!first.contains { $0.contains("● s29") })
        #expect(render(m).contains { $0.contains("↓ \(30 - first.count) more") })
        for _ in 0..<25 { DashboardUpdate.handle(&m, .key(.char("s"))) }
        #expect(m.selectedService == 25)
        let lines = render(m)
        let rows = try mapRows(lines)
        #expect(rows.count == first.count)
        // Every row drawn is one service in order, the selected one among them, none cut.
        let shown = rows.compactMap { r in
            (0..<30).last { r.contains("● s\($0) ") || r.contains("● s\($0)  ") }
        }
        #expect(shown.count == rows.count)
        #expect(shown.contains(25))
        #expect(shown == Array(shown[0]...(shown[0] + rows.count - 1)))
        #expect(rows.allSatisfy { $0.contains(" ms") })
        let above = shown[0]
        let below = 30 - shown[0] - rows.count
        #expect(
            lines.contains {
                $0.contains("↑ \(above) more") && (below == 0 || $0.contains("↓ \(below) more"))
            })
        // A click picks the service drawn on that row, not the row's index from the top.
        let top = try #require(lines.firstIndex { $0.contains("╭ services") })
        let row = try #require(rows.indices.first { shown[$0] != 25 })
        DashboardUpdate.handle(&m, .mouse(MouseEvent(.leftClick, x: 70, y: top + 1 + row)))
        #expect(m.selectedService == shown[row])
        // The wheel over the map moves the selection.
        let before = m.selectedService
        DashboardUpdate.handle(&m, .mouse(MouseEvent(.wheelDown, x: 70, y: top + 1 + row)))
        #expect(m.selectedService == before + 1)
        DashboardUpdate.handle(&m, .mouse(MouseEvent(.wheelUp, x: 70, y: top + 1 + row)))
        #expect(m.selectedService == before)
    }

    @Test("a deep tree's indentation gives way to the names")
    func deepIndentationIsCut() {
        #expect(ServiceMap.fit("│  └▶ ", width: 10) == "│  └▶ ")
        #expect(ServiceMap.fit(String(repeating: "   ", count: 20) + "└▶ ", width: 10) == "…      └▶ ")
        #expect(ServiceMap.fit("└▶ ", width: 1) == "")
    }

    /// The map gives way to the charts: at every height the two charts keep at least 5 rows
    /// each (a row of plot), and the map, when drawn, holds at least one service. At 80×24
    /// the charts had been squeezed to 3 and 4 rows, plotting nothing.
    @Test("the service map never squeezes the charts out", arguments: [2, 5, 30])
    func mapLeavesRoomForCharts(services: Int) {
        for height in 24...60 {
            for width in [80, 120] {
                let l = DashboardLayout(width: width, height: height, services: services)
                #expect(l.throughput.height >= 5 && l.latency.height >= 5, "\(width)×\(height)")
                #expect(l.map.height == 0 || l.map.height >= 3, "\(width)×\(height)")
                #expect(l.map.height <= services + 2)
                if height >= 30 { #expect(l.map.height >= 3, "\(width)×\(height): no map") }
            }
        }
    }

    /// `p` goes through the presets and the example topologies and comes back to where it
    /// started, a topology of the user's included; a `--set` of a service the next
    /// scenario lacks is left out there, not a reason to refuse it (`p` had been stuck on
    /// "cannot load checkout: unknown service pricing").
    @Test("p cycles through presets and topologies and back, whatever --set says")
    func presetCycleCarriesTopologies() throws {
        let s = try TopologyFile.parse(text: Self.text, file: "mine.toml")
        var m = try DashboardModel(scenario: s, seed: 1, assignments: ["pricing.db.pool=4", "load.rate=300"])
        #expect(m.scenarioCycle.first == "")
        var seen: [String] = []
        for _ in 0..<m.scenarioCycle.count {
            DashboardUpdate.handle(&m, .key(.char("p")))
            seen.append(m.scenarioName)
            #expect(!m.status.hasPrefix("cannot load"), "\(m.status)")
            #expect(m.simulation.knobs["load.rate"] == .number(300), "\(m.scenarioName)")
        }
        #expect(seen.first == "checkout")
        #expect(seen.contains("shop") && seen.contains("chain"))
        #expect(Set(Presets.all.map(\.name)).isSubset(of: Set(seen)))
        // Back to the user's topology, with its --set.
        #expect(m.topology == s.topology)
        #expect(m.simulation.knobs["pricing.db.pool"] == .number(4))
        DashboardUpdate.handle(&m, .key(.char("p")))
        #expect(m.scenarioName == "checkout" && m.status.contains("pricing.db.pool left out here"))
    }

    /// `f` on a service with no database of its own takes its instance down (it toggled a
    /// backend that did not exist), and the map marks instances down.
    @Test("f takes down an instance of a service without a database; the map says so")
    func faultOnAServiceWithoutDatabase() throws {
        var m = try model()
        #expect(m.selectedService == 0)  // api: db.enabled = false
        DashboardUpdate.handle(&m, .key(.char("f")))
        #expect(m.simulation.knobs["api.instance.1.down"] == .flag(true))
        #expect(m.simulation.knobs["api.backend.1.down"] == .flag(false))
        for _ in 0..<4 { DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25)) }
        var lines = render(m)
        #expect(lines.contains { $0.contains("● api") && $0.contains("DOWN") })
        DashboardUpdate.handle(&m, .key(.char("s")))  // cart has its database
        DashboardUpdate.handle(&m, .key(.char("f")))
        #expect(m.simulation.knobs["cart.backend.1.down"] == .flag(true))
        #expect(m.simulation.knobs["cart.instance.1.down"] == .flag(false))
        try m.simulation.set("pricing.instance.2.down", .flag(true))
        lines = render(m)
        #expect(lines.contains { $0.contains("● pricing ×3") && $0.contains("1/3 down") })
        #expect(!lines.contains { $0.contains("● cart") && $0.contains("down") })
    }

    /// With every instance of api down nothing succeeds: the latency chart leaves a gap and
    /// its title says so, and the map gives api no p99, where both had shown 0 ms, the
    /// fastest second of the run to the eye.
    @Test("a second in which nothing succeeded shows no latency, not 0 ms")
    func noSuccessNoLatency() throws {
        var m = try model()
        var lines = render(m)
        #expect(lines.contains { $0.contains("latency (ms)") && $0.contains("p99 ") && $0.contains(" ms") })
        try m.simulation.set("api.instance.1.down", .flag(true))
        for _ in 0..<8 { DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25)) }
        #expect(m.simulation.samples.last?.latency.count == 0)
        lines = render(m)
        #expect(lines.contains { $0.contains("latency (ms)") && $0.contains("p99 – (none succeeded)") })
        let api = try #require(lines.first { $0.contains("● api") })
        #expect(api.contains(" – ") && !api.contains(" ms"))
    }

    @Test("a service's workers figure is the second's time average, not the instant's share busy")
    func workersFigureIsTheSecondsAverage() throws {
        // Four workers, 60% busy on average (120 a second of 20 ms work): at the instant a
        // sample is taken the share busy can only be 0, 25, 50, 75 or 100%.
        let text = """
            entry = "api"
            [load]
            rate = "120"
            [services.api]
            db.enabled = false
            timeout = "0"
              [[services.api.calls]]
              to = "render"
            [services.render]
            db.enabled = false
            l1.enabled = false
            l2.enabled = false
            work.time = "20ms"
            channel.consumers = 4
            """
        let s = try TopologyFile.parse(text: text, file: "t.toml")
        var m = try DashboardModel(scenario: s, seed: 3, width: 120, height: 40)
        var seen = 0
        for _ in 0..<40 {
            DashboardUpdate.handle(&m, .tick(wallElapsed: 1))
            guard let v = m.simulation.samples.last?.services.last else { continue }
            let average = Int((try #require(v.intervalUtilization) * 100).rounded())
            let instant = v.busyWorkers * 25
            guard average % 25 != 0, average != instant else { continue }
            let row = try #require(render(m).first { $0.contains("● render") })
            #expect(row.contains(" \(average)%"), "\(row)")
            #expect(!row.contains(" \(instant)%"), "\(row)")
            seen += 1
        }
        #expect(seen >= 10)
    }

    @Test("the breaker · channel card rolls up the selected service's own counts")
    func flowCardIsTheSelectedServices() throws {
        // b is called three times a request: its ten seconds hold three times the client's.
        let text = """
            entry = "api"
            [load]
            rate = "100"
            [services.api]
            db.enabled = false
            l1.enabled = false
            l2.enabled = false
              [[services.api.calls]]
              to = "b"
              count = 3
            [services.b]
            db.enabled = false
            l1.enabled = false
            l2.enabled = false
            work.time = "1ms"
            channel.consumers = 4
            """
        let s = try TopologyFile.parse(text: text, file: "t.toml")
        var m = try DashboardModel(scenario: s, seed: 3, width: 120, height: 40)
        for _ in 0..<60 { DashboardUpdate.handle(&m, .tick(wallElapsed: 0.25)) }
        let window = m.samples.suffix(10)
        let client = window.reduce(UInt64(0)) { $0 + $1.counters.succeeded }
        #expect(m.samples.count >= 12 && window.allSatisfy { $0.services.count == 2 })
        m.selectService(by: 1)
        #expect(m.selectedService == 1)
        let own = window.reduce(UInt64(0)) { $0 + $1.services[1].counters.succeeded }
        #expect(own > 2 * client)
        #expect(m.cardWindow.counters.succeeded == own && m.cardWindow.seconds == 10)
        let lines = render(m)
        #expect(lines.contains { $0.contains("ok \(AxisFormat.compact(Double(own)))  fail") })
        #expect(lines.contains { $0.contains("workers busy ") && $0.contains("/4") })
        // b neither queries a database nor calls anyone: its card says so, not an empty table.
        #expect(lines.contains { $0.contains("no database, no calls") })
        // The entry service's card is the client's view end to end (its retries and
        // deadlines are the client's), in flight included.
        m.selectService(by: 1)
        #expect(m.cardWindow.counters == window.reduce(Counters()) { $0 + $1.counters })
        #expect(render(m).contains { $0.contains("in flight ") })
    }
}
