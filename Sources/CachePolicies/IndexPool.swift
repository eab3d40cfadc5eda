/// Indices `0 ..< size` taken and given back as from a free stack holding all of them with
/// 0 on top: the last given back first, else the lowest never taken. Its storage grows
/// with use, not with `size`, and ``used`` says how far an owner's per-index arrays must
/// reach: ``SlotStore``'s slots and ``LFUPolicy``'s frequency buckets are handed out so,
/// and which index a key or a bucket gets does not depend on how much storage there is.
public struct IndexPool: Sendable {
    /// Indices given back, the last on top.
    @usableFromInline var free: [Int32] = []
    /// Indices ever taken: `0 ..< used`.
    @usableFromInline var used = 0
    /// The most indices in use at once.
    public let size: Int

    public init(size: Int) {
        self.size = size
    }

    /// The next index. An index equal to the ``used`` count before the call is new.
    @inlinable
    public mutating func take() -> Int32 {
        if let i = free.popLast() { return i }
        precondition(used < size, "index pool exhausted")
        used &+= 1
        return Int32(used &- 1)
    }

    /// Gives index `i` back.
    @inlinable
    public mutating func give(_ i: Int32) { free.append(i) }
}
