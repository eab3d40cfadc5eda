import SimKernel
import Testing

@testable import PerfModel

/// .NET's BoundedChannelFullMode, writing 1…5 into a channel of capacity 3.
@Suite struct BoundedChannelTests {
    func writeOneToFive(_ mode: BoundedChannel.FullMode) -> (BoundedChannel, [BoundedChannel.WriteOutcome]) {
        var ch = BoundedChannel(capacity: 3, mode: mode)
        let outcomes = (1...5).map { ch.tryWrite(Int32($0)) }
        return (ch, outcomes)
    }

    @Test func fullModeRawValuesAreKnobNames() {
        #expect(
            BoundedChannel.FullMode.allCases.map(\.rawValue) == [
                "wait", "drop_newest", "drop_oldest", "drop_write",
            ])
    }

    @Test func waitRefusesWritesWhenFull() {
        var (ch, outcomes) = writeOneToFive(.wait)
        #expect(outcomes == [.accepted, .accepted, .accepted, .full, .full])
        #expect(ch.items == [1, 2, 3])
        #expect(ch.droppedCount == 0)
        #expect(ch.isFull)
        #expect(ch.read() == 1)
        #expect(ch.tryWrite(4) == .accepted)  // the parked writer retries
        #expect(ch.items == [2, 3, 4])
    }

    @Test func dropNewestRemovesTheNewestItemInTheChannel() {
        var (ch, outcomes) = writeOneToFive(.dropNewest)
        #expect(outcomes == [.accepted, .accepted, .accepted, .acceptedDropping(3), .acceptedDropping(4)])
        #expect(ch.items == [1, 2, 5])
        #expect(ch.droppedCount == 2)
        #expect([ch.read(), ch.read(), ch.read(), ch.read()] == [1, 2, 5, nil])
    }

    @Test func dropOldestRemovesTheOldestItem() {
        var (ch, outcomes) = writeOneToFive(.dropOldest)
        #expect(outcomes == [.accepted, .accepted, .accepted, .acceptedDropping(1), .acceptedDropping(2)])
        #expect(ch.items == [3, 4, 5])
        #expect(ch.droppedCount == 2)
        #expect([ch.read(), ch.read(), ch.read(), ch.read()] == [3, 4, 5, nil])
    }

    @Test func dropWriteDropsTheItemBeingWritten() {
        var (ch, outcomes) = writeOneToFive(.dropWrite)
        #expect(outcomes == [.accepted, .accepted, .accepted, .dropped, .dropped])
        #expect(ch.items == [1, 2, 3])
        #expect(ch.droppedCount == 2)
        #expect([ch.read(), ch.read(), ch.read(), ch.read()] == [1, 2, 3, nil])
    }

    @Test func isFifoAcrossWrapAround() {
        var ch = BoundedChannel(capacity: 4)
        var expected: Int32 = 0
        var next: Int32 = 0
        for round in 0..<100 {
            for _ in 0..<(round % 4 + 1) where !ch.isFull {
                #expect(ch.tryWrite(next) == .accepted)
                next += 1
            }
            for _ in 0..<(round % 3 + 1) {
                guard let id = ch.read() else { break }
                #expect(id == expected)
                expected += 1
            }
            #expect(ch.count == Int(next - expected))
            #expect(ch.peek() == (ch.isEmpty ? nil : expected))
        }
    }

    @Test func dropModesKeepOrderAfterWrapAround() {
        var ch = BoundedChannel(capacity: 3, mode: .dropOldest)
        for i in Int32(1)...3 { _ = ch.tryWrite(i) }
        _ = ch.read()  // head moves: 2 3
        _ = ch.tryWrite(4)  // 2 3 4, wrapped
        #expect(ch.tryWrite(5) == .acceptedDropping(2))
        #expect(ch.items == [3, 4, 5])
        ch.mode = .dropNewest
        #expect(ch.tryWrite(6) == .acceptedDropping(5))
        #expect(ch.items == [3, 4, 6])
    }

    @Test func resizeGrowsKeepingOrderAndShrinksWithoutLoss() {
        var ch = BoundedChannel(capacity: 3, mode: .wait)
        for i in Int32(1)...3 { _ = ch.tryWrite(i) }
        _ = ch.read()
        _ = ch.tryWrite(4)  // wrapped: 2 3 4
        ch.resize(capacity: 5)
        #expect(ch.tryWrite(5) == .accepted)
        #expect(ch.tryWrite(6) == .accepted)
        #expect(ch.tryWrite(7) == .full)
        #expect(ch.items == [2, 3, 4, 5, 6])
        ch.resize(capacity: 2)
        #expect(ch.count == 5)
        #expect(ch.tryWrite(7) == .full)
        for expected in Int32(2)...4 { #expect(ch.read() == expected) }
        #expect(ch.isFull)  // 2 of 2
        _ = ch.read()
        #expect(ch.tryWrite(7) == .accepted)
        #expect(ch.items == [6, 7])
        #expect(ch.capacity == 2)
    }

    /// The storage grows with the items held, never with the capacity alone, and growing it
    /// keeps the items in order, the ring wrapped or not; against a plain array as the FIFO.
    @Test func storageGrowsWithTheItemsHeldAndKeepsTheirOrder() {
        var ch = BoundedChannel(capacity: 10_000_000, mode: .dropOldest)
        #expect(ch.allocated == BoundedChannel.initialStorage)
        var reference: [Int32] = []
        var next: Int32 = 0
        var rng = SplitMix64(seed: 3)
        for round in 0..<40 {
            // Writes outrun reads in the first rounds (the ring wraps, then grows), then fall behind.
            let writes = rng.below(round < 20 ? 900 : 300)
            let reads = rng.below(round < 20 ? 500 : 700)
            for _ in 0..<writes {
                #expect(ch.tryWrite(next) == .accepted)
                reference.append(next)
                next += 1
            }
            for _ in 0..<reads {
                #expect(ch.read() == (reference.isEmpty ? nil : reference.removeFirst()))
            }
            #expect(ch.count == reference.count)
        }
        #expect(ch.items == reference)
        var most = 0
        var held = 0
        // The most ever held bounds the storage: at most twice it (or the first allocation).
        var replay = SplitMix64(seed: 3)
        for round in 0..<40 {
            held += replay.below(round < 20 ? 900 : 300)
            most = max(most, held)
            held = max(0, held - replay.below(round < 20 ? 500 : 700))
        }
        #expect(ch.allocated <= max(BoundedChannel.initialStorage, 2 * most))
        // A smaller capacity keeps what is held and refuses writes until reads make room.
        ch.mode = .wait
        ch.resize(capacity: 1)
        if ch.count > 0 { #expect(ch.tryWrite(-1) == .full) }
    }
}
