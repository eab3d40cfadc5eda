import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Topologies against queueing theory. Every reference value is derived in the comment
/// beside it from the theorem named (no simulation made them; `scripts/reference/topology.py`
/// recomputes them); the seeds are fixed; tolerances: mean 2%, p99 4%, fan-out 3%, rates 1%.
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
}
