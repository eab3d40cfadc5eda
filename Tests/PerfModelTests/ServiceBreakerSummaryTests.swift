import SimKernel
import Testing

@testable import PerfModel

/// A service's `breaker` in `run --json` stands for all of its breakers: its database's and
/// one per service it calls. When the callee behind one of them fails every call, that
/// breaker must open (resilience4j's sliding window: `minimum_calls` failures in a row put
/// the failure ratio at 100%), and the service's summary must say so, not report its unused
/// database breaker as closed beside a count of refusals.
@Suite struct ServiceBreakerSummaryTests {
    static let toml = """
        name = "cut-off"
        entry = "api"

        [load]
        rate = "200"

        [services.api]
        db.enabled = false
        breaker.enabled = true
        breaker.open_duration = "2s"

          [[services.api.calls]]
          to = "pay"

        [services.pay]
        """

    static func run(payDown: Bool) throws -> (Simulation, JSON) {
        let s = try TopologyFile.parse(text: toml, file: "cut-off.toml")
        let p = try Simulation(topology: s.topology, knobs: try s.knobs(), seed: 11)
        if payDown { try p.set("pay.instance.1.down", text: "true") }
        p.advance(to: 30 * Time.second)
        let j = RunSummary.json(
            scenario: s.name, simulation: p, simSeconds: Time.seconds(p.now), wallSeconds: 1, drained: false)
        return (p, j)
    }

    static func service(_ j: JSON, _ name: String) -> JSON? {
        j["services"]?.array?.first { $0["name"]?.string == name }
    }

    @Test func aCalleesOpenBreakerIsTheServicesBreaker() throws {
        let (_, j) = try Self.run(payDown: true)
        let api = try #require(Self.service(j, "api"))
        let call = try #require(api["calls"]?.array?.first { $0["to"]?.string == "pay" })
        let opened = try #require(call["breaker_opened"]?.double)
        // Every call fails, so the breaker opens, waits 2 s, lets its trial calls fail and
        // opens again: about once per open duration plus the window it takes to fill.
        #expect(opened >= 5)
        #expect(api["breaker"]?["opened"]?.double == opened)
        #expect(["open", "half_open"].contains(api["breaker"]?["state"]?.string ?? ""))
        #expect(api["breaker"]?["state"]?.string == call["breaker"]?.string)
        let seconds = try #require(api["breaker"]?["open_seconds"]?.double)
        #expect(seconds == call["breaker_open_seconds"]?.double)
        // Open most of the run: it closes only for its half-open trials.
        #expect(seconds > 20 && seconds <= 30)
        #expect((api["breaker"]?["rejected"]?.double ?? 0) > 0)
        // The client's view is the entry service's.
        #expect(j["breaker"] == api["breaker"])
    }

    @Test func aHealthyCalleeLeavesItClosed() throws {
        let (_, j) = try Self.run(payDown: false)
        let api = try #require(Self.service(j, "api"))
        #expect(api["breaker"]?["state"]?.string == "closed")
        #expect(api["breaker"]?["opened"]?.double == 0)
        #expect(api["breaker"]?["rejected"]?.double == 0)
    }

    /// `report` of a recorded session says the same: the entry's breaker to `pay` was open
    /// (it said "closed 30 s", reading only the database's breaker), and the services table
    /// gives each service's open seconds. Samples show the state at the end of each second,
    /// so the open time is whole seconds of the run's.
    @Test func aSessionReportShowsTheCallsBreaker() throws {
        let s = try TopologyFile.parse(text: Self.toml, file: "cut-off.toml")
        let (file, _, p) = try SessionFixtures.recordRun(
            "cut-off", scenario: s, seconds: 30, seed: 11, settings: ["pay.instance.1.down=true"])
        let r = try SessionReport(try SessionReader.read(path: file))
        let j = RunSummary.json(
            scenario: s.name, simulation: p, simSeconds: Time.seconds(p.now), wallSeconds: 1, drained: false)
        let refusing = try #require(Self.service(j, "api")?["breaker"]?["open_seconds"]?.double)
        let opened = try #require(Self.service(j, "api")?["breaker"]?["opened"]?.double)
        #expect(refusing > 20)
        // Within the samples' resolution: a second at each of its openings and closings.
        #expect(abs(r.stretch.breakerOpenSeconds - refusing) <= 2 * opened + 1)
        let api = try #require(r.serviceTotals.first { $0.name == "api" })
        #expect(api.breakerOpenSeconds == r.stretch.breakerOpenSeconds)
        #expect(r.serviceTotals.first { $0.name == "pay" }?.breakerOpenSeconds == 0)
        #expect(r.text.contains("breaker    open "))
    }

    @Test func worstStateOrder() {
        #expect(CircuitBreaker.State.worse("closed", "open") == "open")
        #expect(CircuitBreaker.State.worse("half_open", "closed") == "half_open")
        #expect(CircuitBreaker.State.worse("forced_open", "half_open") == "forced_open")
        #expect(CircuitBreaker.State.worse("disabled", "disabled") == "disabled")
        #expect(CircuitBreaker.State.worse("disabled", "closed") == "closed")
    }
}
