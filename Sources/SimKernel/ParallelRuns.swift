import Dispatch
import Synchronization

/// Independent runs on several threads, stoppable between runs: a sweep's simulations, a
/// miss-ratio curve's cache runs.
///
/// Runs are started in the order of their indexes, each by whichever thread is free. `stop`
/// is asked before each run starts: once it says yes, no other run starts and those under
/// way finish. What a run returns does not depend on the threads (each run is its own
/// computation); only the order in which they finish does.
public enum ParallelRuns {
    /// Runs `body(i)` for every `i` in `0..<count` on `jobs` threads. Returns each run's
    /// value at its index, nil for a run that did not start. `finished` hears each run as it
    /// ends (its index, its value, and how many have ended), one at a time.
    public static func run<T: Sendable>(
        count: Int, jobs: Int, stop: @Sendable () -> Bool = { false },
        finished: (@Sendable (_ index: Int, _ value: T, _ done: Int) -> Void)? = nil,
        _ body: @Sendable (Int) -> T
    ) -> [T?] {
        let state = Mutex(State<T>(values: Array(repeating: nil, count: count)))
        DispatchQueue.concurrentPerform(iterations: Swift.max(1, Swift.min(jobs, count))) { _ in
            while !stop() {
                let next: Int? = state.withLock { s in
                    guard s.next < count else { return nil }
                    s.next += 1
                    return s.next - 1
                }
                guard let i = next else { return }
                let value = body(i)
                state.withLock { s in
                    s.values[i] = value
                    s.done += 1
                    finished?(i, value, s.done)
                }
            }
        }
        return state.withLock { $0.values }
    }

    struct State<T> {
        var values: [T?]
        var next = 0
        var done = 0
    }
}
