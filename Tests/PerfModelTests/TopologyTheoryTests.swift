import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Topologies against queueing theory. Every reference value is derived in the comment
/// beside it from the theorem named (no simulation made them; `scripts/reference/topology.py`
/// recomputes them); the seeds are fixed; tolerances: mean 2%, p99 4%, fan-out 3%, rates 1%,
/// a loss ratio 3%, a goodput 2%, a growth rate 5%.
@Suite struct TopologyTheoryTests {
    /// A service as a textbook queue: one worker behind an unbounded FIFO channel, serving
    /// for an exponential `work.time` and giving its worker back before it calls anyone
    /// (a worker held through a call would make the caller's queue depend on the callee's).
    static func mm1(_ name: String, work: String, workers: Int = 1, calls: String = "") -> String {
        """
        [services.\(name)]
        channel.enabled = true
        channel.consumers = \(workers)
        channel.capacity = "10M"
        workers.blocking = false
        work.time = "\(work)"
        work.distribution = "exp"
        db.enabled = false
        l1.enabled = false
        l2.enabled = false
        breaker.enabled = false
        timeout = "off"
        retry.max = 0
        \(calls)

        """
    }

    /// A service with no queue at all (no worker limit): its time is its exponential work.
    static func delay(_ name: String, work: String) -> String {
        mm1(name, work: work).replacingOccurrences(
            of: "channel.enabled = true", with: "channel.enabled = false")
    }

    static func load(rate: Double) -> String {
        """
        [load]
        rate = "\(rate)"
        write_ratio = 0

        """
    }

    static func run(_ text: String, seconds: Double, warmup: Double = 20, seed: UInt64 = 7) throws
        -> Simulation
    {
        let scenario = try TopologyFile.parse(text: text, file: "test.toml")
        let run = HeadlessRun(
            scenarioName: "test", topology: scenario.topology, knobs: try scenario.knobs(), seed: seed,
            duration: Time.fromSeconds(seconds), warmup: Time.fromSeconds(warmup))
        let (p, _, drained) = try run.execute()
        #expect(drained)
        return p
    }

    static func close(_ x: Double, _ reference: Double, within tolerance: Double) -> Bool {
        abs(x - reference) <= tolerance * reference
    }

    /// Two M/M/1 services in tandem, λ = 500/s, μ1 = 1000/s, μ2 = 1250/s. Burke: the first
    /// one's departures are Poisson(λ), so the second is M/M/1 too; Reich: a customer's two
    /// sojourns are independent exponentials with rates μ1 − λ = 500/s and μ2 − λ = 750/s.
    /// Mean 1/500 + 1/750 = 3.3333 ms; the p99 solves
    /// 1 − (r2·e^(−r1·x) − r1·e^(−r2·x)) / (r2 − r1) = 0.99: x = 11.3274 ms.
    @Test func tandemMM1IsTheSumOfTwoIndependentExponentials() throws {
        let text =
            Self.load(rate: 500) + "entry = \"a\"\n"
            + Self.mm1("a", work: "1ms", calls: "[[services.a.calls]]\nto = \"b\"")
            + Self.mm1("b", work: "0.8ms")
        let p = try Self.run(
            "entry = \"a\"\n" + text.replacingOccurrences(of: "entry = \"a\"\n", with: ""), seconds: 600)
        let mean = p.latency.meanMs
        let p99 = p.latency.percentileMs(99)
        #expect(Self.close(mean, 3.3333, within: 0.02), "mean \(mean) ms")
        #expect(Self.close(p99, 11.3274, within: 0.04), "p99 \(p99) ms")
    }

    /// The Jackson network of these tests: a (work 1 ms) calls b (2 ms) with probability 0.5,
    /// then c (`cWork`) with probability 0.3, at `rate` requests per second.
    static func jackson(rate: Double, cWork: String) -> String {
        "entry = \"a\"\n" + load(rate: rate)
            + mm1(
                "a", work: "1ms",
                calls:
                    "[[services.a.calls]]\nto = \"b\"\nprobability = 0.5\n[[services.a.calls]]\nto = "
                    + "\"c\"\nprobability = 0.3"
            )
            + mm1("b", work: "2ms") + mm1("c", work: cWork)
    }

    /// An open Jackson network with probabilistic calls: a (μ = 1000/s) at λ = 400/s calls b
    /// (μ = 500/s) with probability 0.5, then c (μ = 300/s) with probability 0.3. The
    /// traffic equations give λb = 200/s and λc = 120/s; each queue is M/M/1 (Jackson), so
    /// the mean end-to-end time is Σ vᵢ/(μᵢ − λᵢ) = 1/600 + 0.5/300 + 0.3/180 = 5.0 ms.
    @Test func jacksonNetworkArrivalRatesAndMeanResponse() throws {
        let text = Self.jackson(rate: 400, cWork: "3.3333ms")
        let seconds = 500.0
        let p = try Self.run(text, seconds: seconds)
        let rates = p.services.indices.map { Double(p.services[$0].total.offered) / seconds }
        #expect(Self.close(rates[0], 400, within: 0.01), "λa \(rates[0])")
        #expect(Self.close(rates[1], 200, within: 0.01), "λb \(rates[1])")
        #expect(Self.close(rates[2], 120, within: 0.01), "λc \(rates[2])")
        // μc is 1/3.3333 ms = 300.003/s; the reference uses the exact rates.
        let reference = 1 / 600.0 + 0.5 / 300.0 + 0.3 / (1 / 3.3333e-3 - 120)
        #expect(Self.close(p.latency.meanMs, reference * 1e3, within: 0.02), "mean \(p.latency.meanMs) ms")
    }

    /// A parallel fan-out to N services with no queueing: the step ends with the slowest of
    /// N independent exponentials of mean m, whose mean is H_N·m and whose p99 solves
    /// (1 − e^(−x/m))^N = 0.99, x = −m·ln(1 − 0.99^(1/N)). With m = 2 ms: N = 2 gives
    /// 3.0 ms and 10.5916 ms; N = 10 gives 5.8579 ms and 13.8065 ms.
    @Test(arguments: [(2, 3.0, 10.5916), (10, 5.8579, 13.8065)])
    func parallelFanOutIsTheMaximumOfExponentials(_ n: Int, _ mean: Double, _ p99: Double) throws {
        let names = (1...n).map { "s\($0)" }
        let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
        var text = "entry = \"front\"\n" + Self.load(rate: 50)
        text += Self.delay("front", work: "1ns").replacingOccurrences(
            of: "work.time = \"1ns\"", with: "work.time = \"0\"")
        text = text.replacingOccurrences(
            of: "retry.max = 0\n", with: "retry.max = 0\n[[services.front.calls]]\nparallel = [\(list)]\n")
        for s in names { text += Self.delay(s, work: "2ms") }
        let p = try Self.run(text, seconds: 2000, warmup: 0)
        #expect(Self.close(p.latency.meanMs, mean, within: 0.03), "mean \(p.latency.meanMs) ms")
        #expect(
            Self.close(p.latency.percentileMs(99), p99, within: 0.03), "p99 \(p.latency.percentileMs(99)) ms")
    }

    /// A service with a bounded channel: `workers` workers, `capacity` places to wait, what a
    /// full channel does (`wait`: the writer waits; `drop_write`: the item is lost) and
    /// whether a worker is held through the service's own calls (`workers.blocking`).
    static func bounded(
        _ name: String, work: String, workers: Int, capacity: Int, fullMode: String, blocking: Bool,
        calls: String = ""
    ) -> String {
        mm1(name, work: work, workers: workers, calls: calls)
            .replacingOccurrences(of: "channel.capacity = \"10M\"", with: "channel.capacity = \(capacity)")
            .replacingOccurrences(
                of: "workers.blocking = false",
                with: "workers.blocking = \(blocking)\nchannel.full_mode = \"\(fullMode)\"")
    }

    static func async(_ to: String, probability: Double = 1) -> String {
        "[[services.a.calls]]\nto = \"\(to)\"\nmode = \"async\"\nprobability = \(probability)"
    }

    /// An async hand-off: a (no queue, exponential 1 ms) at λ = 400/s writes into b's channel
    /// with probability 0.3 and nobody waits for b. a's time is its own work whatever b
    /// does: mean 1.0 ms, p99 −ln(0.01)·1 ms = 4.6052 ms. b sees λb = 0.3·λ = 120/s and is
    /// an M/M/4 queue (μ = 50/s per worker, ρ = 0.6): Erlang C gives C = 0.28704 and a mean
    /// time inside b of C/(cμ − λb) + 1/μ = 23.588 ms.
    @Test func anAsyncHandOffLeavesTheCallerAlone() throws {
        let text =
            "entry = \"a\"\n" + Self.load(rate: 400)
            + Self.delay("a", work: "1ms")
            .replacingOccurrences(
                of: "retry.max = 0\n", with: "retry.max = 0\n" + Self.async("b", probability: 0.3))
            + Self.mm1("b", work: "20ms", workers: 4)
        let seconds = 600.0
        let p = try Self.run(text, seconds: seconds)
        #expect(Self.close(p.latency.meanMs, 1.0, within: 0.02), "mean \(p.latency.meanMs) ms")
        #expect(
            Self.close(p.latency.percentileMs(99), 4.6052, within: 0.04),
            "p99 \(p.latency.percentileMs(99)) ms")
        let b = try #require(p.serviceNames.firstIndex(of: "b"))
        let rate = Double(p.services[b].total.offered) / seconds
        #expect(Self.close(rate, 120, within: 0.01), "λb \(rate)")
        let inside = p.services[b].latency.totalHistogram().meanMs
        #expect(Self.close(inside, 23.588, within: 0.02), "b's mean \(inside) ms")
    }

    /// A full channel that drops: a at λ = 150/s hands every request to b (2 workers of
    /// exponential 10 ms, 2 places to wait). b holds at most K = 2 + 2 visits: an M/M/2/4
    /// loss system, whose share of arrivals lost is p_K = 0.12404 (a = λ/μ = 1.5, p_n ∝ aⁿ/n!
    /// up to c, then a^c/c!·(a/c)^(n−c)). Which item a full channel gives up (.NET's
    /// `DropWrite`: the one written; `DropNewest`, `DropOldest`: one queued, making room)
    /// changes who is lost, not how many: the number held moves the same way. a never waits
    /// for it: mean 1.0 ms.
    @Test(arguments: ["drop_write", "drop_newest", "drop_oldest"])
    func aFullChannelThatDropsIsAnMMcKLossSystem(_ mode: String) throws {
        let text =
            "entry = \"a\"\n" + Self.load(rate: 150)
            + Self.delay("a", work: "1ms")
            .replacingOccurrences(of: "retry.max = 0\n", with: "retry.max = 0\n" + Self.async("b"))
            + Self.bounded(
                "b", work: "10ms", workers: 2, capacity: 2, fullMode: mode, blocking: false)
        let p = try Self.run(text, seconds: 1000)
        #expect(Self.close(p.latency.meanMs, 1.0, within: 0.02), "mean \(p.latency.meanMs) ms")
        let b = try #require(p.serviceNames.firstIndex(of: "b"))
        let lost = Double(p.services[b].total.dropped) / Double(p.services[b].total.offered)
        #expect(Self.close(lost, 0.12404, within: 0.03), "\(mode): lost \(lost)")
    }

    /// A service of 3 instances, each one worker of exponential 1 ms (μ = 1000/s) behind an
    /// unbounded channel, called at λ = 2400/s (ρ = 0.8 each). `random` splits the Poisson
    /// stream into three Poisson streams: each instance is M/M/1 at 800/s, whose time is
    /// exponential with rate μ − λ/3 = 200/s: mean 5.0 ms, p99 ln(100)/200 = 23.0259 ms.
    /// `round_robin` sends every third call to each, so an instance's gaps are Erlang-3:
    /// an E3/M/1 queue, whose time is exponential with rate μ(1 − σ), σ the root in (0, 1)
    /// of σ = (λ/(λ + μ(1 − σ)))³ = 0.71093: mean 3.4594 ms, p99 15.9312 ms. The balancer
    /// alone takes a third off the mean.
    @Test(arguments: [("round_robin", 3.4594, 15.9312), ("random", 5.0, 23.0259)])
    func instancesBehindTheCallersBalancer(_ algorithm: String, _ mean: Double, _ p99: Double) throws {
        var text = "entry = \"front\"\n" + Self.load(rate: 2400)
        text += Self.delay("front", work: "1ns").replacingOccurrences(
            of: "work.time = \"1ns\"", with: "work.time = \"0\"")
        text = text.replacingOccurrences(
            of: "retry.max = 0\n",
            with: "retry.max = 0\nlb.algorithm = \"\(algorithm)\"\n[[services.front.calls]]\nto = \"b\"\n")
        text += Self.mm1("b", work: "1ms").replacingOccurrences(
            of: "[services.b]\n", with: "[services.b]\ninstances = 3\n")
        let p = try Self.run(text, seconds: 1000)
        #expect(Self.close(p.latency.meanMs, mean, within: 0.02), "\(algorithm): mean \(p.latency.meanMs) ms")
        #expect(
            Self.close(p.latency.percentileMs(99), p99, within: 0.04),
            "\(algorithm): p99 \(p.latency.percentileMs(99)) ms")
    }

    /// The client's deadline over an M/M/1 entry service (μ = 1000/s, λ = 500/s: its time is
    /// exponential with rate r = 500/s) with `load.timeout` d = 4 ms and no retries. The
    /// service works on whether or not the client still waits, so the queue is the plain
    /// M/M/1 and a request times out exactly when its time passes d: a share e^(−r·d) =
    /// e^(−2) = 0.13534, each leaving a visit that finishes for nobody. The requests that
    /// succeed have T conditioned on T ≤ d: mean 1/r − d·e^(−rd)/(1 − e^(−rd)) = 1.3739 ms,
    /// p99 −ln(1 − 0.99·(1 − e^(−2)))/r = 3.8761 ms.
    @Test func theClientsDeadlineCutsTheTimesTail() throws {
        let text =
            "entry = \"a\"\n"
            + Self.load(rate: 500).replacingOccurrences(
                of: "write_ratio = 0\n", with: "write_ratio = 0\ntimeout = \"4ms\"\nretries = 0\n")
            + Self.mm1("a", work: "1ms")
        let p = try Self.run(text, seconds: 1000)
        let c = p.client.total
        let share = Double(c.timedOut) / Double(c.offered)
        #expect(Self.close(share, 0.13534, within: 0.03), "timed out \(share)")
        #expect(c.succeeded + c.timedOut == c.offered)
        // Every visit finished: the ones whose client had left, for nobody.
        #expect(p.services[0].total.succeeded == c.offered)
        // Counted at the service that did them, and in the client's end-to-end view.
        #expect(p.services[0].total.wastedVisits == c.timedOut)
        #expect(p.total.wastedVisits == c.timedOut)
        #expect(Self.close(p.latency.meanMs, 1.3739, within: 0.02), "mean \(p.latency.meanMs) ms")
        #expect(
            Self.close(p.latency.percentileMs(99), 3.8761, within: 0.04),
            "p99 \(p.latency.percentileMs(99)) ms")
    }

    /// A callee whose visits fail independently with probability q = 0.1 (its query's
    /// `db.error_rate`; no retries, no breaker, no ejection), called 10 times per request:
    /// one after another (`count = 10`), the calls stop at the first failure, so a request
    /// succeeds with probability (1 − q)^10 = 0.34868 and makes E = (1 − (1 − q)^10)/q =
    /// 6.5132 calls (a truncated geometric); all at once (`parallel` to ten such callees),
    /// it succeeds as often but makes all 10.
    @Test(arguments: [(false, 6.5132), (true, 10.0)])
    func failuresEndAStep(_ parallel: Bool, _ callsPerRequest: Double) throws {
        let names = parallel ? (1...10).map { "b\($0)" } : ["b"]
        let plan =
            parallel
            ? "[[services.a.calls]]\nparallel = [\(names.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
            : "[[services.a.calls]]\nto = \"b\"\ncount = 10\n"
        var text = "entry = \"a\"\n" + Self.load(rate: 100) + Self.delay("a", work: "0")
        text = text.replacingOccurrences(
            of: "retry.max = 0\n", with: "retry.max = 0\nlb.eject_failures = 0\n" + plan)
        for b in names {
            text += Self.delay(b, work: "0").replacingOccurrences(
                of: "db.enabled = false", with: "db.error_rate = 0.1\ndb.service = \"1ms\"\ndb.pool = 1000")
        }
        let p = try Self.run(text, seconds: 1000, warmup: 0)
        let c = p.client.total
        let succeeded = Double(c.succeeded) / Double(c.offered)
        #expect(Self.close(succeeded, 0.34868, within: 0.02), "succeeded \(succeeded)")
        let calls = p.services.indices.dropFirst().map { Double(p.services[$0].total.offered) }.reduce(0, +)
        #expect(
            Self.close(calls / Double(c.offered), callsPerRequest, within: 0.01),
            "calls \(calls / Double(c.offered))")
    }

    /// Backpressure through a pipeline of async hand-offs, every channel in `wait` mode: a at
    /// λ = 300/s → s1 (2 workers of 1 ms, held while they write on) → s2 (2 workers of
    /// exponential 10 ms: c·μ = 200/s, the bottleneck). s2's channel fills, s1's workers wait
    /// to write into it, s1's channel fills, and a's visits wait to write into that: the
    /// client's goodput is s2's c·μ = 200/s (s2 never starves: writers always wait at its
    /// door), both channels stay full, and the requests in flight grow at λ − c·μ = 100/s.
    @Test func backpressureTravelsUpstreamThroughFullChannels() throws {
        let text =
            "entry = \"a\"\n" + Self.load(rate: 300)
            + Self.delay("a", work: "1ms")
            .replacingOccurrences(of: "retry.max = 0\n", with: "retry.max = 0\n" + Self.async("s1"))
            + Self.bounded(
                "s1", work: "1ms", workers: 2, capacity: 10, fullMode: "wait", blocking: true,
                calls: "[[services.s1.calls]]\nto = \"s2\"\nmode = \"async\"")
            + Self.bounded("s2", work: "10ms", workers: 2, capacity: 10, fullMode: "wait", blocking: true)
        let scenario = try TopologyFile.parse(text: text, file: "test.toml")
        let p = try Simulation(topology: scenario.topology, knobs: try scenario.knobs(), seed: 7)
        // From time zero: the pipeline fills within a second, and a warm-up would leave out
        // the backlog's requests, which are the ones that finish in the measured span.
        p.advance(to: 400 * Time.second)
        let goodput = Double(p.client.total.succeeded) / 400
        #expect(Self.close(goodput, 200, within: 0.02), "goodput \(goodput)/s")
        let growth = Double(p.client.inSystem) / 400
        #expect(Self.close(growth, 100, within: 0.05), "in flight grows \(growth)/s")
        for name in ["s1", "s2"] {
            let s = try #require(p.serviceNames.firstIndex(of: name))
            let depth = try #require(
                Simulation.testChannelSummary(p, service: s)["mean_depth"]?.double)
            #expect(depth > 9.9, "\(name)'s channel holds \(depth) on average")
            #expect(p.workerUtilization(s) > 0.999, "\(name) busy \(p.workerUtilization(s))")
        }
        #expect(p.latency.meanMs > 1000, "a's requests wait to write: mean \(p.latency.meanMs) ms")
    }
}

extension Simulation {
    /// A service's channel summary as `run --json` gives it (`mean_depth`, `max_depth`, …).
    static func testChannelSummary(_ p: Simulation, service s: Int) -> JSON {
        .object(p.channelSummary(service: s, dropped: p.services[s].total.dropped))
    }
}
