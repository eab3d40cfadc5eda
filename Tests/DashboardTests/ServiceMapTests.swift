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

    func render(_ m: DashboardModel) -> [String] {
        var buffer = CellBuffer(width: m.width, height: m.height)
        DashboardView.render(m, into: &buffer)
        return buffer.lines
    }

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
}
