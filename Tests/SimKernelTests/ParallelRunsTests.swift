import Synchronization
import Testing

@testable import SimKernel

/// ``ParallelRuns``: every run's value at its index whatever the threads, each heard once as
/// it ends, and no run started once asked to stop.
@Suite struct ParallelRunsTests {
    @Test(arguments: [1, 2, 5])
    func valuesAtTheirIndexes(jobs: Int) {
        let heard = Mutex([Int]())
        let dones = Mutex([Int]())
        let out = ParallelRuns.run(
            count: 40, jobs: jobs,
            finished: { i, v, done in
                #expect(v == i * i)
                heard.withLock { $0.append(i) }
                dones.withLock { $0.append(done) }
            }
        ) { $0 * $0 }
        #expect(out == (0..<40).map { $0 * $0 })
        #expect(heard.withLock { $0.sorted() } == Array(0..<40))
        #expect(dones.withLock { $0 } == Array(1...40))
    }

    @Test func aStopStartsNoOtherRun() {
        let asked = Mutex(0)
        let out = ParallelRuns.run(
            count: 10, jobs: 1,
            stop: {
                asked.withLock {
                    $0 += 1
                    return $0 > 4
                }
            }
        ) { $0 }
        #expect(out == [0, 1, 2, 3, nil, nil, nil, nil, nil, nil])
        #expect(ParallelRuns.run(count: 3, jobs: 2, stop: { true }) { $0 } == [nil, nil, nil])
    }
}
