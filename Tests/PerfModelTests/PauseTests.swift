import SimKernel
import Testing

@testable import PerfModel

/// Stop-the-world pauses (`gc.*`): while an instance is paused nothing in it runs, so a
/// saturated worker does its work only between pauses, and the requests that meet a pause
/// wait as the fluid model says.
@Suite struct PauseTests {
    /// One saturated worker (one user, no think) doing 10 ms of work per request: pauses stop
    /// the clock of its work, so it finishes requests at (running share)/(10 ms). With a
    /// 4 ms pause 16 ms after each one ends, the share is 16/20; with a 50 ms pause after
    /// every 100 requests (1 s of work), 1 s in 1.05 s.
    @Test(arguments: [("16ms", "0", 0.8), ("1h", "100", 1 / 1.05)])
    func aPausedWorkerWorksOnlyBetweenPauses(_ interval: String, _ every: String, _ share: Double) throws {
        let file = """
            name = "worker"
            entry = "app"
            [load]
            model = "closed"
            users = 1
            think = "0"
            write_ratio = 0
            [services.app]
            channel.consumers = 1
            work.time = "10ms"
            work.distribution = "const"
            db.enabled = false
            l1.enabled = false
            l2.enabled = false
            breaker.enabled = false
            timeout = "off"
            gc.enabled = true
            gc.pause = "\(every == "0" ? "4ms" : "50ms")"
            gc.interval = "\(interval)"
            gc.every = \(every)
            """
        let scenario = try TopologyFile.parse(text: file, file: "worker.toml")
        let run = HeadlessRun(
            scenarioName: "worker", topology: scenario.topology, knobs: try scenario.knobs(), seed: 1,
            duration: 100 * Time.second, warmup: 0)
        let p = try run.execute().simulation
        let expected = 100 * share / 0.010
        // Where the run's end falls in the cycle moves the count by at most a pause's worth
        // of requests (50 ms / 10 ms).
        #expect(
            abs(Double(p.total.succeeded) - expected) <= 6,
            "\(p.total.succeeded) requests, expected \(expected)")
    }

    /// Pauses of P every T at utilisation ρ (the `gc-pauses` story: P = 50 ms, T = 800 ms,
    /// ρ = 0.5, a 2 ms query): in the fluid model the backlog of a pause takes P/(1-ρ) to
    /// clear, so a share (P - w)/((1-ρ)T) of requests waits more than w (12.5% at w = 0),
    /// and the q-quantile of the wait added is P - (1-q)(1-ρ)T: 46 ms at p99, 49.6 ms at
    /// p99.9, plus the query. (The share is counted past w = 3 ms, beyond the queue's own
    /// waits: M/D/4 at ρ = 0.5 has a p99 of about 1.4 ms.)
    @Test func pausesShowInTheTailAsTheFluidModelSays() throws {
        var delayed = 0
        var all = 0
        let run = try StoryRun("gc-pauses", seconds: 200) { lat in
            all += 1
            if lat > 5 * Time.millisecond { delayed += 1 }
        }
        let p = run.simulation.latency
        #expect(abs(p.percentileMs(99) / 48 - 1) < 0.1, "p99 \(p.percentileMs(99)) ms")
        #expect(abs(p.percentileMs(99.9) / 51.6 - 1) < 0.1, "p99.9 \(p.percentileMs(99.9)) ms")
        let share = (50.0 - 3) / (0.5 * 800)
        #expect(abs(Double(delayed) / Double(all) / share - 1) < 0.1, "\(delayed) of \(all) delayed")
        #expect(p.percentileMs(50) < 2.1)
        let off = try StoryRun("gc-pauses", [("gc.enabled", "false")], seconds: 20)
        #expect(off.simulation.latency.percentileMs(99) < 5)
        // One event a second at most, each naming the pause.
        #expect(run.events(.gcPause).count <= 200 && run.events(.gcPause).count >= 100)
    }

    /// Pausing after every request, for a long time, in a preset with everything on, and
    /// switching pauses off while one is under way: the run drains and nothing is lost.
    @Test func pausesComeAndGoMidRun() throws {
        let run = try StoryRun(
            "checkout", [("gc.enabled", "true"), ("gc.every", "1"), ("gc.pause", "20ms")],
            script: [(2, "gc.every", "0"), (2, "gc.interval", "1ms"), (3.5, "gc.enabled", "false")],
            seconds: 5)
        let t = run.simulation.total
        #expect(run.simulation.inFlight == 0)
        #expect(t.offered == t.completed + t.rejected + t.dropped)
        #expect(t.succeeded > 1000)
        #expect(run.simulation.pausedInstances == 0)
    }
}
