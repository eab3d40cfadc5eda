import Testing

@testable import PerfModel

/// `--plot-metric`: the run's metrics, and a topology's services' p99 and utilisation.
@Suite("Sweep chart metrics")
struct SweepMetricTests {
    let services = ["api", "pricing", "db.proxy"]

    @Test("the run's metrics are taken in any sweep; a service's only in a topology that has it")
    func names() throws {
        for m in RunMetrics.names {
            #expect(try SweepMetric(m, services: []) == SweepMetric(run: m))
            #expect(try SweepMetric(m, services: services) == SweepMetric(run: m))
        }
        let p = try SweepMetric("pricing.p99_ms", services: services)
        #expect(p.service == "pricing" && p.name == "p99_ms")
        let u = try SweepMetric("api.utilization", services: services)
        #expect(u.service == "api" && u.name == "utilization" && u.isShare)
        #expect(!p.isShare)
        #expect(try SweepMetric("error_ratio", services: []).isShare)
        // The service's name is all before the last dot.
        #expect(try SweepMetric("db.proxy.p99_ms", services: services).service == "db.proxy")
    }

    @Test("anything else is refused in one line naming --plot-metric and what it may be")
    func refused() {
        for (text, services) in [
            ("nope", services), ("cart.p99_ms", services), ("pricing.mean_ms", services),
            ("api.p99_ms", []), ("pricing.", services), (".p99_ms", services),
        ] {
            do {
                _ = try SweepMetric(text, services: services)
                Issue.record("\(text) was taken")
            } catch let e as InputError {
                #expect(e.field == "--plot-metric")
                #expect(e.message.hasPrefix("unknown metric \"\(text)\" (expected one of throughput_rps"))
                #expect(e.message.contains("SERVICE.p99_ms") == !services.isEmpty)
                #expect(!e.description.contains("\n"))
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }

    @Test("a point's figure: the run's under metrics, a service's under services")
    func figure() throws {
        let point = try JSON.parse(
            #"{"metrics": {"p99_ms": {"mean": 1.5}}, "services": {"pricing": {"p99_ms": {"mean": 7.25}}}}"#)
        #expect(SweepMetric(run: "p99_ms").figure(at: point)?["mean"]?.double == 1.5)
        #expect(
            try SweepMetric("pricing.p99_ms", services: ["pricing"]).figure(at: point)?["mean"]?.double
                == 7.25)
        #expect(try SweepMetric("pricing.utilization", services: ["pricing"]).figure(at: point) == nil)
    }
}
