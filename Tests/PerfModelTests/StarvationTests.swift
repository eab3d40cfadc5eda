import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Thread-pool starvation from sync over async (`.Result`): workers held through their calls
/// in a pool that starts at `workers.min` and grows by one per `workers.injection` while
/// work waits (.NET's starvation rule).
@Suite struct StarvationTests {
    static func run(blocking: Bool) throws -> Simulation {
        let text = """
            entry = "api"
            [load]
            rate = "1000"
            write_ratio = 0
            [services.api]
            channel.consumers = 1000
            channel.capacity = "1M"
            workers.min = 8
            workers.injection = "500ms"
            workers.blocking = \(blocking)
            db.enabled = false
            l1.enabled = false
            l2.enabled = false
            breaker.enabled = false
            timeout = "off"
              [[services.api.calls]]
              to = "b"
            [services.b]
            channel.enabled = false
            work.time = "100ms"
            db.enabled = false
            l1.enabled = false
            l2.enabled = false
            """
        let s = try TopologyFile.parse(text: text, file: "t.toml")
        let p = try Simulation(topology: s.topology, knobs: try s.knobs(), seed: 1)
        p.advance(to: 40 * Time.second)
        return p
    }

    static func throughput(_ p: Simulation, around t: Double) -> Double {
        let w = p.samples.filter { $0.t > t - 1 && $0.t <= t + 1 }
        return w.map(\.throughput).reduce(0, +) / Double(w.count)
    }

    /// 1000 calls/s of 100 ms need 100 workers; from 8, one per 0.5 s, the pool serves
    /// (8 + t/0.5)/0.1 s per second: 280/s at 10 s, 680/s at 30 s (and the load at ~46 s).
    @Test func blockingWorkersClimbAsTheInjectionRuleSays() throws {
        let p = try Self.run(blocking: true)
        let at10 = Self.throughput(p, around: 10)
        let at30 = Self.throughput(p, around: 30)
        #expect(abs(at10 / 280 - 1) < 0.1, "throughput at 10 s: \(at10)")
        #expect(abs(at30 / 680 - 1) < 0.1, "throughput at 30 s: \(at30)")
    }

    /// Not blocking, 8 workers are plenty: the load is met at once.
    @Test func withoutBlockingTheLoadIsMetAtOnce() throws {
        let p = try Self.run(blocking: false)
        #expect(abs(Self.throughput(p, around: 10) / 1000 - 1) < 0.05)
    }
}
