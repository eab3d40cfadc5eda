import SimKernel
import Testing

@testable import PerfModel

/// A backend's queue of jobs waiting for a connection is first come, first served, and a
/// job can leave it from anywhere (its acquire timeout) without disturbing the others:
/// checked against an array doing the same through random operations.
@Suite struct JobQueueTests {
    @Test func itIsAFIFOFromWhichAnyJobCanLeave() {
        var table = JobTable(reserve: 4)
        var q = JobQueue()
        var model: [Int32] = []
        var rng = RandomStream(seed: 3)
        var agree = true
        var removedFromMiddle = 0
        for _ in 0..<20_000 {
            switch rng.nextInt(below: 3) {
            case 0:
                let j = table.allocate(
                    Job(call: 0, generation: 0, service: 0, backend: 0, counted: true, enqueued: 0))
                table.append(j, to: &q)
                model.append(j)
            case 1:
                let got = table.popFirst(&q)
                let want = model.isEmpty ? nil : model.removeFirst()
                agree = agree && got == want
                if let j = got { table.release(j) }
            default:
                guard !model.isEmpty else { continue }
                let k = rng.nextInt(below: model.count)
                let j = model.remove(at: k)
                if k > 0 && k < model.count { removedFromMiddle += 1 }
                agree = agree && table.remove(j, from: &q)
                // Out already: a second removal finds nothing.
                agree = agree && !table.remove(j, from: &q)
                table.release(j)
            }
            agree =
                agree && q.count == model.count && (q.head == (model.first ?? -1))
                && (q.tail == (model.last ?? -1))
        }
        #expect(agree)
        #expect(removedFromMiddle > 100)
    }
}
