import SimKernel

/// Many runs over one trace (each a policy at a size, as `cachesim` makes for a miss-ratio
/// curve), on several threads at once, as libCacheSim's `cachesim` runs its sizes.
///
/// Each run is ``CacheSimulator/run(_:size:keys:seed:)`` on its own cache, reading the one
/// trace, so the counts do not depend on `jobs` (the wall times do). A size of at least the
/// trace's distinct keys is run at the distinct keys' size and reported at the size asked
/// for: such a cache never evicts (every policy misses each key once and hits the rest), and
/// sizing it for the entries asked would spend memory on entries no key can fill (2,000M
/// entries of wtinylfu over a trace of 1,000 keys took 8 GB).
public enum CacheRuns {
    /// Runs `runs` over `keys` (which hold `distinctKeys` distinct keys) on `jobs` threads,
    /// in order of the list. `stop` is asked before each run starts: once it says yes, no
    /// other run starts and those under way finish. Returns each run's result in the order
    /// of `runs`, nil for a run that did not start; `progress` hears the number finished
    /// after each, from whichever thread finished it.
    public static func run(
        _ runs: [(policy: CachePolicyName, size: Int)], keys: [UInt64], distinctKeys: Int, seed: UInt64,
        jobs: Int, stop: @Sendable () -> Bool = { false }, progress: (@Sendable (Int) -> Void)? = nil
    ) -> [SimulationResult?] {
        keys.withUnsafeBufferPointer { trace in
            nonisolated(unsafe) let trace = trace
            return ParallelRuns.run(
                count: runs.count, jobs: jobs, stop: stop, finished: { _, _, done in progress?(done) }
            ) { i in
                let (policy, size) = runs[i]
                let ran = CacheSimulator.run(
                    policy, size: Swift.max(1, Swift.min(size, distinctKeys)), keys: trace, seed: seed)
                return SimulationResult(
                    policy: policy, size: size, hits: ran.hits, misses: ran.misses,
                    wallSeconds: ran.wallSeconds)
            }
        }
    }
}
