import Foundation
import SimKernel
import Synchronization

/// A sweep: a scenario run at every point of a grid of knob values, each point several
/// times with its own seeds, in parallel, and summarised point by point.
///
/// Results depend only on the plan: each run's seed is derived from the sweep's seed, the
/// point's index in the whole grid and the replication, so neither `jobs` nor the shard a
/// point falls in changes a number.
public struct Sweep: Sendable {
    public var scenario: Scenario
    /// The scenario's knobs with `--set` applied.
    public var base: KnobSet
    public var axes: [SweepAxis]
    public var replications: Int
    public var duration: SimTime
    public var warmup: SimTime
    public var seed: UInt64
    /// `--set` assignments as given (they identify the sweep in shard files).
    public var settings: [String]

    public init(
        scenario: Scenario, base: KnobSet, axes: [SweepAxis], replications: Int, duration: SimTime,
        warmup: SimTime,
        seed: UInt64, settings: [String]
    ) {
        self.scenario = scenario
        self.base = base
        self.axes = axes
        self.replications = replications
        self.duration = duration
        self.warmup = warmup
        self.seed = seed
        self.settings = settings
    }

    /// Every point of the grid, the first axis varying slowest.
    public var points: [[KnobValue]] { (0..<gridCount).map { values(point: $0) } }

    /// The number of points of the grid.
    public var gridCount: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// Point `p`'s values, one per axis (the first axis varying slowest), worked out from
    /// its index: reading them from ``points`` rebuilt the whole grid for each point, and a
    /// grid of 1,000 by 1,000 never got past its first second of bookkeeping.
    public func values(point p: Int) -> [KnobValue] {
        var out = [KnobValue](repeating: .number(0), count: axes.count)
        var rest = p
        for a in axes.indices.reversed() {
            let n = axes[a].values.count
            out[a] = axes[a].values[rest % n]
            rest /= n
        }
        return out
    }

    /// The largest grid and the most runs a sweep takes: beyond, the bookkeeping and the
    /// report (a kilobyte of JSON a point) outgrow any use, and 1,000 values of two knobs at
    /// 1,000 replications would have planned a billion runs in memory before the first.
    public static let maxPoints = 100_000
    public static let maxRuns = 1_000_000
    /// The replications a point may have.
    public static let replicationRange = 1...1000

    /// `I/N` as `--shard` and a shard file give it, when 1 ≤ I ≤ N ≤ ``maxPoints``.
    public static func shard(parsing text: String) -> (index: Int, of: Int)? {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 1, parts[0] <= parts[1], parts[1] <= maxPoints else { return nil }
        return (parts[0], parts[1])
    }

    /// Refuses a grid of more than ``maxPoints`` points or more than ``maxRuns`` runs.
    public func checkSize() throws {
        let n = gridCount
        let shape = axes.map { String($0.values.count) }.joined(separator: " x ")
        guard n <= Sweep.maxPoints else {
            throw InputError(
                field: "--vary", "the grid has \(n) points (\(shape)); at most \(Sweep.maxPoints)")
        }
        guard n * replications <= Sweep.maxRuns else {
            throw InputError(
                field: "--replications",
                "\(n) points x \(replications) replications is \(n * replications) runs; "
                    + "at most \(Sweep.maxRuns)"
            )
        }
    }

    /// The indexes of the points in share `shard` (1-based) of `of`: every `of`-th point.
    public func points(shard: Int, of n: Int) -> [Int] {
        (0..<gridCount).filter { Sweep.shard(ofPoint: $0, shards: n) == shard }
    }

    /// The share (1-based) of `n` that point `i` belongs to.
    public static func shard(ofPoint i: Int, shards n: Int) -> Int { i % n + 1 }

    /// The seed of replication `r` of point `p`: SplitMix64 over the three.
    public func runSeed(point p: Int, replication r: Int) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(p + 1) &+ 0xD1B5_4A32_D192_ED03 &* UInt64(r + 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Point `p`'s values as the report writes them: `load.rate=300, db.pool=8`.
    public func label(point p: Int) -> String {
        zip(axes, values(point: p)).map { axis, v in
            "\(axis.knob)=\((try? base.resolve(axis.knob))?.spec.format(v) ?? "\(v)")"
        }.joined(separator: ", ")
    }

    /// The knobs of point `p`.
    public func knobs(point p: Int) throws -> KnobSet {
        var k = base
        for (axis, value) in zip(axes, values(point: p)) { try k.set(axis.knob, value) }
        return k
    }

    /// What identifies the sweep (everything but the shard): merges refuse shards whose
    /// fingerprints differ.
    public var fingerprint: JSON {
        .object([
            ("scenario", .string(scenario.name)), ("seed", .int(Int64(bitPattern: seed))),
            ("replications", .int(Int64(replications))), ("duration_s", .number(Time.seconds(duration))),
            ("warmup_s", .number(Time.seconds(warmup))), ("vary", .array(axes.map { .string($0.knob) })),
            ("grid", .array(axes.map { .string($0.text) })), ("set", .array(settings.map { .string($0) })),
            ("grid_points", .int(Int64(gridCount))),
        ])
    }

    /// Runs the points `indexes` (all by default) on `jobs` threads; `progress` hears each
    /// finished run from whichever thread finished it, and whether it was its point's last.
    ///
    /// `stop` is asked before each run starts: once it says yes, no other run starts, the
    /// runs under way finish, and only the points whose every replication ran are returned
    /// (each the same as in a whole sweep: a point's runs do not depend on the others).
    public func run(
        points indexes: [Int]? = nil, jobs: Int, stop: (@Sendable () -> Bool)? = nil,
        progress: (@Sendable (SweepProgress) -> Void)? = nil
    ) throws -> [SweepPoint] {
        let which = indexes ?? Array(0..<gridCount)
        try checkCaches(which)
        let reps = replications
        // Last points first: a grid usually grows its load, so the longest runs start early
        // and the threads finish together. A task is the k-th point of `which` and a run.
        let tasks = which.indices.reversed().flatMap { k in (0..<reps).reversed().map { (k: k, r: $0) } }
        let plan = self
        // Runs finished per point (the k-th of `which`) and points whole, kept by `finished`,
        // which hears one run at a time.
        let tally = Mutex((perPoint: [Int](repeating: 0, count: which.count), points: 0))
        let ran = ParallelRuns.run(
            count: tasks.count, jobs: jobs, stop: { stop?() ?? false },
            finished: { n, _, done in
                let k = tasks[n].k
                let (whole, points) = tally.withLock { c -> (Bool, Int) in
                    c.perPoint[k] += 1
                    let whole = c.perPoint[k] == reps
                    if whole { c.points += 1 }
                    return (whole, c.points)
                }
                progress?(
                    SweepProgress(
                        runsDone: done, runs: tasks.count, point: which[k], pointDone: whole,
                        pointsDone: points, points: which.count))
            }
        ) { n -> Result<RunMetrics, Error> in
            Result { try plan.measure(point: which[tasks[n].k], replication: tasks[n].r) }
        }
        // Back in the points' and runs' order (nil: stopped before the run started).
        var results = [[Result<RunMetrics, Error>?]](
            repeating: [Result<RunMetrics, Error>?](repeating: nil, count: reps), count: which.count)
        for (task, result) in zip(tasks, ran) { results[task.k][task.r] = result }
        var out: [SweepPoint] = []
        for (k, p) in which.enumerated() {
            var runs: [RunMetrics] = []
            for case let result? in results[k] { runs.append(try result.get()) }
            guard runs.count == reps else { continue }
            out.append(
                SweepPoint(
                    index: p, knobs: zip(axes, values(point: p)).map { ($0.knob, $1) }, runs: runs,
                    theory: theory(point: p)))
        }
        return out
    }

    /// Refuses, before anything runs, a grid with a point whose caches could outgrow
    /// ``CacheBudget/limit``, naming the point.
    func checkCaches(_ which: [Int]) throws {
        for p in which {
            let k = try knobs(point: p)
            do {
                try CacheBudget.check(k, keys: CacheBudget.keySpace(k))
            } catch let e as InputError {
                throw InputError(field: "--vary", "at \(label(point: p)), \(e.field ?? ""): \(e.message)")
            }
        }
    }

    /// One run of point `p`, replication `r`.
    func measure(point p: Int, replication r: Int) throws -> RunMetrics {
        let run = HeadlessRun(
            scenarioName: scenario.name, topology: scenario.topology, knobs: try knobs(point: p),
            seed: runSeed(point: p, replication: r), duration: duration, warmup: warmup)
        let (sim, _, _) = try run.execute()
        return RunMetrics(sim, seconds: Time.seconds(duration))
    }

    /// Erlang C's values at point `p`, when the point is the textbook M/M/c queue.
    func theory(point p: Int) -> [String: Double]? {
        guard let k = try? knobs(point: p) else { return nil }
        guard let q = ErlangC.of(k, topology: scenario.topology) else {
            return JacksonTheory.meanResponse(k, topology: scenario.topology).map { ["mean_ms": $0 * 1e3] }
        }
        return [
            "mean_ms": q.meanResponse * 1e3, "p50_ms": q.quantile(0.5) * 1e3,
            "p99_ms": q.quantile(0.99) * 1e3,
        ]
    }
}

/// Where a sweep stands, told after each run.
public struct SweepProgress: Sendable {
    /// Runs finished, of `runs`.
    public var runsDone: Int
    public var runs: Int
    /// The grid index of the point whose run just finished, and whether it was its last.
    public var point: Int
    public var pointDone: Bool
    /// Points whose every replication has finished, of `points`.
    public var pointsDone: Int
    public var points: Int
}

/// The headline figures of one run.
public struct RunMetrics: Sendable {
    public var values: [String: Double]
    /// Per service (topologies): p99 of its own time and its workers' utilisation.
    /// (nil p99: none of its visits succeeded).
    public var services: [(name: String, p99: Double?, utilization: Double)]

    /// The metrics, in output order.
    public static let names = [
        "throughput_rps", "mean_ms", "p50_ms", "p95_ms", "p99_ms", "error_ratio", "l1_hit_ratio",
        "l2_hit_ratio",
    ]

    /// The figures of run `p`, whose measured span lasted `seconds`.
    public init(_ p: Simulation, seconds: Double) {
        let t = p.total
        let lat = p.latency
        let bad = Double(t.failed + t.timedOut + t.rejected + t.dropped)
        // The requests that succeeded within the measured span: past saturation the drain
        // works off the backlog at the same rate, and counting it too made a sweep's
        // throughput follow the offered load instead of flattening at the capacity.
        let inSpan = p.succeededInSpan ?? t.succeeded
        values = [
            "throughput_rps": Double(inSpan) / seconds,
            "error_ratio": t.offered == 0 ? 0 : bad / Double(t.offered), "l1_hit_ratio": t.l1HitRatio,
            "l2_hit_ratio": t.l2HitRatio,
        ]
        // A run in which no request succeeded has no latency: left out, not 0 (a zero
        // averaged in with the other replications pulled the point's latency down).
        if lat.count > 0 {
            values["mean_ms"] = lat.meanMs
            values["p50_ms"] = lat.percentileMs(50)
            values["p95_ms"] = lat.percentileMs(95)
            values["p99_ms"] = lat.percentileMs(99)
        }
        services =
            p.topology.isSingle
            ? []
            : p.services.indices.map { s in
                let h = p.services[s].latency.totalHistogram()
                return (p.services[s].name, h.count > 0 ? h.percentileMs(99) : nil, p.workerUtilization(s))
            }
    }
}

/// One point of a sweep: its knob values, its runs, and theory's values where there are.
public struct SweepPoint: Sendable {
    public var index: Int
    public var knobs: [(String, KnobValue)]
    public var runs: [RunMetrics]
    public var theory: [String: Double]?
}
