/// An open-addressing hash map from 64-bit keys to 32-bit slot indices.
///
/// Linear probing over a power-of-two table of (key, slot) pairs kept at most half full,
/// with Fibonacci hashing (the key times 2^64/φ, top bits) and backward-shift deletion
/// (Knuth, TAOCP vol. 3, Algorithm R), so there are no tombstones and lookups never slow
/// down as keys come and go.
///
/// Complexity: `find`, `insert`, `remove` and `update` are O(1) expected. The table is
/// allocated up front for `maximumCount` keys; it only grows (doubling) when more keys are
/// inserted than that, which the cache policies never do, so they allocate nothing per
/// request.
public struct KeySlotMap: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline var key: UInt64
        /// The slot for `key`, or -1 when the entry is empty.
        @usableFromInline var slot: Int32

        @inlinable init(key: UInt64, slot: Int32) {
            self.key = key
            self.slot = slot
        }
    }

    @usableFromInline var entries: [Entry]
    @usableFromInline var mask: Int
    @usableFromInline var shift: UInt64
    @usableFromInline var _count: Int
    /// The number of keys held.
    public var count: Int { _count }
    @usableFromInline var growThreshold: Int

    /// A map that holds up to `maximumCount` keys without reallocating.
    public init(maximumCount: Int) {
        var size = 8
        while size < 2 * max(maximumCount, 1) { size <<= 1 }
        entries = Array(repeating: Entry(key: 0, slot: -1), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        _count = 0
        growThreshold = size / 2
    }

    @inlinable @inline(__always)
    func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// The slot stored for `key`, or -1 if `key` is absent.
    @inlinable
    public func find(_ key: UInt64) -> Int32 {
        var i = home(key)
        while true {
            let e = entries[i]
            if e.slot < 0 { return -1 }
            if e.key == key { return e.slot }
            i = (i &+ 1) & mask
        }
    }

    /// Inserts `key` with `slot`. The key must be absent.
    @inlinable
    public mutating func insert(_ key: UInt64, slot: Int32) {
        if count >= growThreshold { grow() }
        var i = home(key)
        while entries[i].slot >= 0 { i = (i &+ 1) & mask }
        entries[i] = Entry(key: key, slot: slot)
        _count &+= 1
    }

    /// Changes the slot stored for a present `key`.
    @inlinable
    public mutating func update(_ key: UInt64, slot: Int32) {
        var i = home(key)
        while entries[i].key != key || entries[i].slot < 0 { i = (i &+ 1) & mask }
        entries[i].slot = slot
    }

    /// Removes `key`, returning its slot, or -1 if it was absent.
    @inlinable
    @discardableResult
    public mutating func remove(_ key: UInt64) -> Int32 {
        var i = home(key)
        while true {
            let e = entries[i]
            if e.slot < 0 { return -1 }
            if e.key == key { break }
            i = (i &+ 1) & mask
        }
        let removed = entries[i].slot
        // Backward-shift: move later members of the cluster into the hole when their home
        // position does not lie cyclically in (hole, position].
        var hole = i
        var j = i
        while true {
            j = (j &+ 1) & mask
            let e = entries[j]
            if e.slot < 0 { break }
            let h = home(e.key)
            let stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j)
            if !stays {
                entries[hole] = e
                hole = j
            }
        }
        entries[hole].slot = -1
        _count &-= 1
        return removed
    }

    /// Removes every key, keeping the storage.
    public mutating func removeAll() {
        for i in entries.indices { entries[i].slot = -1 }
        _count = 0
    }

    @usableFromInline
    mutating func grow() {
        let old = entries
        let size = entries.count * 2
        entries = Array(repeating: Entry(key: 0, slot: -1), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        growThreshold = size / 2
        _count = 0
        for e in old where e.slot >= 0 { insert(e.key, slot: e.slot) }
    }
}
