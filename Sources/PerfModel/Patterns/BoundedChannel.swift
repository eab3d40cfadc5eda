/// A bounded FIFO channel of request ids: a ring buffer (growing to what it holds) with
/// .NET's four behaviours when a write finds it full.
///
/// Follows `System.Threading.Channels.BoundedChannelFullMode`:
///
/// - ``FullMode/wait``: "Wait for space to be available in order to complete the write
///   operation." ``tryWrite(_:)`` returns ``WriteOutcome/full`` and stores nothing, as .NET's
///   `TryWrite` returns false; the caller parks the writer and retries when a read makes
///   room (this type keeps no queue of waiting writers).
/// - ``FullMode/dropNewest``: "Remove and ignore the newest item in the channel in order to
///   make room for the item being written": the most recently written item still in the
///   channel is removed, then the new one is written.
/// - ``FullMode/dropOldest``: "Remove and ignore the oldest item in the channel in order to
///   make room for the item being written": the next item a reader would have got is
///   removed, then the new one is written.
/// - ``FullMode/dropWrite``: "Drop the item being written": the channel is unchanged and the
///   write still succeeds from the writer's point of view.
///
/// Writing 1…5 into a channel of capacity 3 leaves 1 2 3 (wait: 4 and 5 refused),
/// 1 2 5 (drop newest: 3 then 4 dropped), 3 4 5 (drop oldest: 1 then 2 dropped) or
/// 1 2 3 (drop write: 4 and 5 dropped).
///
/// Differs from .NET: there are no readers or writers to wake (the simulation does that);
/// the capacity can change at run time with ``resize(capacity:)``, which never loses items: a
/// channel holding more than its new capacity behaves as full until reads bring it below.
/// .NET's `itemDropped` callback is the id returned in ``WriteOutcome``.
///
/// Every operation is O(1) and allocates nothing once the storage has grown (doubling, as
/// items arrive) to the most items the channel has held.
public struct BoundedChannel: Sendable {
    /// What a write does when the channel is full, with the knob names as raw values.
    public enum FullMode: String, Sendable, CaseIterable {
        case wait
        case dropNewest = "drop_newest"
        case dropOldest = "drop_oldest"
        case dropWrite = "drop_write"
    }

    /// The result of ``tryWrite(_:)``.
    public enum WriteOutcome: Sendable, Equatable {
        /// The item was written; nothing was dropped.
        case accepted
        /// The item was written after removing `dropped` (drop newest: the newest item;
        /// drop oldest: the oldest).
        case acceptedDropping(Int32)
        /// Drop write: the item being written was dropped; the channel is unchanged.
        case dropped
        /// Wait: the channel is full; nothing was written and the writer must wait.
        case full
    }

    public var mode: FullMode
    /// The most items the channel holds.
    public private(set) var capacity: Int
    /// Items in the channel now.
    public private(set) var count = 0
    /// Items lost so far: removed by drop newest or drop oldest, or refused by drop write.
    public private(set) var droppedCount = 0

    private var storage: [Int32]
    /// Index of the oldest item.
    private var head = 0

    /// An empty channel of `capacity` items (at least 1).
    public init(capacity: Int, mode: FullMode = .wait) {
        precondition(capacity >= 1, "a bounded channel holds at least one item")
        self.capacity = capacity
        self.mode = mode
        storage = [Int32](repeating: 0, count: Swift.min(capacity, BoundedChannel.initialStorage))
    }

    /// Items with storage now.
    var allocated: Int { storage.count }

    /// Items with storage at first: the storage doubles as items arrive, up to the capacity,
    /// so a channel of ten million items that holds a hundred costs a few kilobytes (every
    /// instance of every service has its own).
    static let initialStorage = 1024

    /// Doubles the storage (up to the capacity, which a write has room under), the items
    /// kept in order.
    private mutating func grow() {
        let n = Swift.min(capacity, 2 * storage.count)
        var grown = [Int32](repeating: 0, count: n)
        for k in 0..<count { grown[k] = storage[slot(k)] }
        storage = grown
        head = 0
    }

    public var isEmpty: Bool { count == 0 }
    /// Whether a write would find the channel full.
    public var isFull: Bool { count >= capacity }

    @inline(__always)
    private func slot(_ offset: Int) -> Int {
        let i = head + offset
        return i >= storage.count ? i - storage.count : i
    }

    /// Writes `id`, applying the full mode if there is no room.
    public mutating func tryWrite(_ id: Int32) -> WriteOutcome {
        if count < capacity {
            if count == storage.count { grow() }
            storage[slot(count)] = id
            count += 1
            return .accepted
        }
        switch mode {
        case .wait:
            return .full
        case .dropWrite:
            droppedCount += 1
            return .dropped
        case .dropNewest:
            let newest = slot(count - 1)
            let dropped = storage[newest]
            storage[newest] = id
            droppedCount += 1
            return .acceptedDropping(dropped)
        case .dropOldest:
            let dropped = storage[head]
            head = slot(1)
            storage[slot(count - 1)] = id
            droppedCount += 1
            return .acceptedDropping(dropped)
        }
    }

    /// Removes and returns the oldest item, or `nil` if the channel is empty.
    public mutating func read() -> Int32? {
        guard count > 0 else { return nil }
        let id = storage[head]
        head = slot(1)
        count -= 1
        if count == 0 { head = 0 }
        return id
    }

    /// The oldest item, without removing it.
    public func peek() -> Int32? { count > 0 ? storage[head] : nil }

    /// The items from oldest to newest (allocates: for tests and reports).
    public var items: [Int32] { (0..<count).map { storage[slot($0)] } }

    /// Changes the capacity (at least 1). No item is lost: if more items are held than the
    /// new capacity, the channel behaves as full until reads bring the count below it.
    public mutating func resize(capacity newCapacity: Int) {
        precondition(newCapacity >= 1, "a bounded channel holds at least one item")
        capacity = newCapacity
    }

    /// Empties the channel; returns how many items it held.
    @discardableResult
    public mutating func removeAll() -> Int {
        let n = count
        count = 0
        head = 0
        return n
    }
}
