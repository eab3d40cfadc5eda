import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// `workers.blocking`: a worker held through every call (sync over async, `.Result`) or only
/// for the service's own work.
@Suite struct WorkerTests {
    static func run(blocking: Bool) throws -> Simulation {
        let text = """
            entry = "api"
            [load]
            rate = "300"
            write_ratio = 0
            [services.api]
            channel.consumers = 1
            channel.capacity = "1M"
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
            work.time = "10ms"
            db.enabled = false
            l1.enabled = false
            l2.enabled = false
            """
        let s = try TopologyFile.parse(text: text, file: "t.toml")
        let p = try Simulation(topology: s.topology, knobs: try s.knobs(), seed: 1)
        p.startStatistics()
        p.advance(to: 200 * Time.second)
        return p
    }

    /// One worker in front of a 10 ms call at 300/s: not blocking, the worker is free as
    /// soon as the call is sent and a request takes the call's exponential 10 ms (no queue
    /// at b); blocking, the one worker serves 100/s and the queue grows without end.
    @Test func aNonBlockingWorkerIsFreeDuringCalls() throws {
        let free = try Self.run(blocking: false)
        #expect(abs(free.latency.meanMs / 10 - 1) < 0.03, "mean \(free.latency.meanMs) ms")
        let held = try Self.run(blocking: true)
        #expect(held.latency.meanMs > 1000)
        #expect(Double(held.total.succeeded) < 0.4 * Double(held.total.offered))
    }
}
