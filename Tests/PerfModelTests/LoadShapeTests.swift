import SimKernel
import Testing

@testable import PerfModel

/// Load tests as the seed ran them: a ramp-up (`RampUpTime`) and batches
/// (`ProcessInBatchesAsync`).
@Suite struct LoadShapeTests {
    /// An open load ramped over R: a Poisson process of rate λt/R, so λR/2 arrivals during
    /// the ramp (a quarter of them in its first half) and λ a second after it.
    @Test func anOpenRampGrowsTheRateLinearly() throws {
        let run = try StoryRun("mmc", [("load.rate", "1000"), ("load.ramp", "10s")], seconds: 20)
        let first = Double(run.counters(in: 0.5...5.5).offered)
        let ramp = Double(run.counters(in: 0.5...10.5).offered)
        let after = Double(run.counters(in: 10.5...20.5).offered)
        #expect(abs(ramp / 5000 - 1) < 0.03, "\(ramp) arrivals during the ramp")
        #expect(abs(first / 1250 - 1) < 0.06, "\(first) in its first half")
        #expect(abs(after / 10000 - 1) < 0.03, "\(after) after it")
    }

    /// A closed load ramped over R: user u of N starts at R·u/N, sends at once, then loops
    /// on its think time Z (plus a short query), so by time t it has sent about
    /// 1 + (t - R·u/N)/Z requests.
    @Test func aClosedRampStartsUsersInTurn() throws {
        let run = try StoryRun(
            "mmc",
            [
                ("load.model", "closed"), ("load.users", "1000"), ("load.think", "1s"), ("load.ramp", "10s"),
                ("db.service", "1ms"), ("db.pool", "1000"),
            ], seconds: 10)
        let z = 1.001
        let expected = (0..<1000).reduce(0.0) { $0 + 1 + (10 - 0.01 * Double($1)) / z }
        let sent = Double(run.simulation.total.offered)
        #expect(abs(sent / expected - 1) < 0.05, "\(sent) requests, expected \(expected)")
    }

    /// Batches of n whose items take exponential times of mean m, with a connection each:
    /// a batch takes the maximum of n exponentials, H_n·m, so throughput is n/(H_n·m)
    /// (H_10 = 2.929, H_2 = 1.5); n users in a loop keep the pool busy: n/m.
    @Test(arguments: [2, 10]) func aBatchWaitsForItsSlowestItem(_ n: Int) throws {
        let h = (1...n).reduce(0.0) { $0 + 1 / Double($1) }
        let batch = try StoryRun("batches", [("load.batch", "\(n)")], seconds: 200)
        let rate = Double(batch.simulation.total.succeeded) / 200
        #expect(abs(rate / (Double(n) / (h * 0.010)) - 1) < 0.03, "\(rate) req/s")
        let loop = try StoryRun("batches", [("load.model", "closed"), ("load.users", "\(n)")], seconds: 100)
        let loopRate = Double(loop.simulation.total.succeeded) / 100
        #expect(abs(loopRate / (Double(n) / 0.010) - 1) < 0.03, "\(loopRate) req/s in a loop")
    }

    /// A batch (or a user) whose every request is refused at once does not spin: the next
    /// waits at least a millisecond, and switching models mid-run leaves nothing behind.
    @Test func batchesSurviveRefusalsAndModelChanges() throws {
        let run = try StoryRun(
            "batches", [("load.think", "0"), ("breaker.enabled", "true"), ("breaker.state", "forced_open")],
            script: [
                (0.5, "load.model", "open"), (0.7, "load.model", "batch"), (0.8, "load.model", "closed"),
            ],
            seconds: 1)
        let t = run.simulation.total
        #expect(t.offered == t.completed + t.rejected + t.dropped)
        // Batches of 10 a millisecond apart for 0.5 s, Poisson arrivals at 5000/s for 0.2 s,
        // batches again for 0.1 s, then 10 users each a millisecond apart for 0.2 s: about
        // 5000 + 1000 + 1000 + 2000 refusals.
        #expect(t.rejected > 8500 && t.rejected < 9500, "\(t.rejected) refused")
        #expect(run.simulation.inFlight == 0)
    }
}
