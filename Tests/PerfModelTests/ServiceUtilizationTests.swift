import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// A service's workers' utilisation in each sample (what the service map shows and colours
/// by) is the interval's time average, busy worker seconds over worker seconds, not the
/// workers busy at the instant the sample is taken: with four workers the instant can only
/// say 0, 25, 50, 75 or 100%, and the map flickered between 25% and 100% (and between green
/// and yellow) on a service `run` reported 60% busy.
@Suite struct ServiceUtilizationTests {
    /// `render` is fed 120 visits a second of exponential 20 ms work by 4 workers, with no
    /// timeout or breaker in front of it: an M/M/4 queue whose utilisation is
    /// λ·E[S]/c = 120 × 0.020 / 4 = 0.6.
    static let toml = """
        name = "four-workers"
        entry = "api"

        [load]
        rate = "120"

        [services.api]
        db.enabled = false
        l1.enabled = false
        l2.enabled = false
        timeout = "0"
        breaker.enabled = false

          [[services.api.calls]]
          to = "render"

        [services.render]
        db.enabled = false
        l1.enabled = false
        l2.enabled = false
        work.time = "20ms"
        channel.consumers = 4
        """

    static let offered = 120 * 0.020 / 4

    @Test func aSamplesUtilisationIsTheIntervalsTimeAverage() throws {
        let s = try TopologyFile.parse(text: Self.toml, file: "four-workers.toml")
        let p = try Simulation(topology: s.topology, knobs: try s.knobs(), seed: 5)
        let w = try #require(p.serviceNames.firstIndex(of: "render"))
        var figures: [Double] = []
        var snapshots: [Int] = []
        p.onSample = { sample in
            figures.append(sample.services[w].intervalUtilization ?? .nan)
            snapshots.append(sample.services[w].busyWorkers)
            #expect(sample.services[w].utilization == sample.services[w].intervalUtilization)
        }
        p.advance(to: 400 * Time.second)
        #expect(figures.count == 400)
        #expect(figures.allSatisfy { $0 >= 0 && $0 <= 1 })
        // A time average over a second of Poisson arrivals is almost never a multiple of
        // a quarter, which is all the instant could give.
        #expect(figures.filter { ($0 * 4).rounded() == $0 * 4 }.count < 4)
        // Seconds of equal length and four workers throughout: the mean of the samples'
        // figures is the run's (the summary's integral since the start), and both are the
        // queue's λ·E[S]/c.
        let mean = figures.reduce(0, +) / Double(figures.count)
        #expect(abs(mean - p.workerUtilization(w)) < 1e-9)
        #expect(abs(mean - Self.offered) < 0.03)
        // Each second's figure scatters far less than the instant's share busy does.
        func spread(_ x: [Double]) -> Double {
            let m = x.reduce(0, +) / Double(x.count)
            return (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count)).squareRoot()
        }
        #expect(spread(figures) * 2 < spread(snapshots.map { Double($0) / 4 }))
    }

    /// The session keeps each second's figure, `report` weighs them by worker seconds, and
    /// a session recorded before samples kept it still verifies, read as the share busy at
    /// each sample's end.
    @Test func sessionsKeepItAndOlderOnesStillVerify() throws {
        let s = try TopologyFile.parse(text: Self.toml, file: "four-workers.toml")
        let (file, emitted, p) = try SessionFixtures.recordRun(
            "utilization", scenario: s, seconds: 60, seed: 5)
        #expect(try SessionVerifier.verify(try SessionReader.read(path: file)).mismatch == nil)
        let w = try #require(p.serviceNames.firstIndex(of: "render"))
        let report = try SessionReport(try SessionReader.read(path: file))
        let row = try #require(report.serviceTotals.first { $0.name == "render" })
        let seconds = emitted.filter { $0.t <= 60 }.map { $0.services[w].intervalUtilization ?? .nan }
        #expect(abs(try #require(row.utilization) - seconds.reduce(0, +) / Double(seconds.count)) < 1e-9)

        // The same file as an older perflab wrote it: no `utilization` in its samples.
        let old = try SessionFixtures.lines(file).map {
            $0.replacingOccurrences(of: #","utilization":[0-9.e-]+"#, with: "", options: .regularExpression)
        }
        #expect(!old.joined().contains("\"utilization\":0."))
        let oldFile = try SessionFixtures.write(old, name: "utilization-old")
        let session = try SessionReader.read(path: oldFile)
        #expect(try SessionVerifier.verify(session).mismatch == nil)
        let last = try #require(session.samples.last?.sample.services[w])
        #expect(last.intervalUtilization == nil)
        #expect(last.utilization == Double(last.busyWorkers) / Double(last.workers))

        // A figure changed is caught, and one out of range is refused with its field.
        var lines = try SessionFixtures.lines(file)
        let k = try #require(lines.firstIndex { $0.contains("\"type\":\"sample\",\"t\":10.0,") })
        // `render` is the last service on the line: its figure is the last one.
        func setRenders(_ line: String, to value: String) throws -> String {
            let at = try #require(line.range(of: "\"name\":\"render\""))
            let tail = String(line[at.lowerBound...]).replacingOccurrences(
                of: #""utilization":[0-9.e-]+"#, with: "\"utilization\":\(value)", options: .regularExpression
            )
            return String(line[..<at.lowerBound]) + tail
        }
        let altered = try setRenders(lines[k], to: "0.0001")
        #expect(altered != lines[k])
        lines[k] = altered
        let m = try #require(
            try SessionVerifier.verify(
                try SessionReader.read(path: try SessionFixtures.write(lines, name: "u-alt"))
            )
            .mismatch)
        #expect(m.line == k + 1)
        #expect(m.message.contains(".utilization 0.0001"))
        lines[k] = try setRenders(lines[k], to: "1.5")
        let bad = try SessionFixtures.write(lines, name: "u-bad")
        #expect {
            try SessionReader.read(path: bad)
        } throws: { error in
            "\(error)".contains("services[1].utilization") && "\(error)".contains("from 0 to 1")
        }
    }

    /// A pool shrunk under its busy workers keeps them until their visits end: the workers
    /// counted are those that exist, and a share busy never exceeds 1. With `render` at
    /// 180 visits a second (0.9 of four workers) cut to one worker at 10.5 s, the second
    /// from 10 to 11 s read 1.02 and a session recorded through it failed to read back
    /// ("expected a number from 0 to 1"). From then on the one worker is always busy (50
    /// visits a second against 180): exactly 1.
    @Test func aPoolShrunkUnderItsBusyWorkersStaysWithinOne() throws {
        let text = Self.toml.replacingOccurrences(of: "rate = \"120\"", with: "rate = \"180\"")
        let s = try TopologyFile.parse(text: text, file: "four-workers.toml")
        let (file, emitted, p) = try SessionFixtures.recordRun(
            "shrink-workers", scenario: s, seconds: 20, seed: 5, script: "10.5s render.channel.consumers=1\n")
        let w = try #require(p.serviceNames.firstIndex(of: "render"))
        let figures = emitted.map { $0.services[w].intervalUtilization ?? .nan }
        #expect(figures.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(figures)")
        let eleventh = try #require(emitted.first { $0.t == 11 }?.services[w].intervalUtilization)
        #expect(eleventh > 0.99)
        for sample in emitted where sample.t >= 12 && sample.t <= 20 {
            #expect(sample.services[w].intervalUtilization == 1)
        }
        #expect(p.workerUtilization(w) <= 1)
        #expect(try SessionVerifier.verify(try SessionReader.read(path: file)).mismatch == nil)
    }

    /// The same for a database's pool: `mmc`'s eight connections (0.9 busy) cut to one,
    /// with queries of 500 ms so that the seven left over take a second or more to end (the
    /// seconds after it read as much as 1.31).
    @Test func aDatabasePoolShrunkUnderItsBusyConnectionsStaysWithinOne() throws {
        let (file, emitted, _) = try SessionFixtures.recordRun(
            "shrink-pool", scenario: "mmc", seconds: 20, seed: 5, script: "10.5s db.pool=1\n",
            settings: ["db.service=500ms", "load.rate=14.4"])
        let figures = emitted.map { $0.backends[0].counters.utilization }
        #expect(figures.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(figures)")
        for sample in emitted where sample.t >= 12 && sample.t <= 20 {
            #expect(sample.backends[0].counters.utilization == 1)
        }
        #expect(try SessionVerifier.verify(try SessionReader.read(path: file)).mismatch == nil)
    }

    /// `run --json` gives each service's workers at the end beside its utilisation: the
    /// channel's consumers, or 0 with the channel off (no worker limit), which the text
    /// table shows as `-` rather than as an idle 0.000.
    @Test func theSummaryNamesEachServicesWorkers() throws {
        let text = Self.toml.replacingOccurrences(
            of: "timeout = \"0\"", with: "timeout = \"0\"\nchannel.enabled = false")
        let s = try TopologyFile.parse(text: text, file: "four-workers.toml")
        let p = try Simulation(topology: s.topology, knobs: try s.knobs(), seed: 5)
        p.advance(to: 20 * Time.second)
        let j = RunSummary.json(
            scenario: s.name, simulation: p, simSeconds: 20, wallSeconds: 1, drained: false)
        let services = try #require(j["services"]?.array)
        let api = try #require(services.first { $0["name"]?.string == "api" })
        let render = try #require(services.first { $0["name"]?.string == "render" })
        #expect(api["workers"]?.double == 0 && api["utilization"]?.double == 0)
        #expect(render["workers"]?.double == 4)
        #expect(abs((render["utilization"]?.double ?? 0) - Self.offered) < 0.1)
    }
}
