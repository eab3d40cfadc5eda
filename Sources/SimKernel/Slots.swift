/// Storage addressed in place: the model's stages and services, its jobs, the scheduler's
/// lanes.
///
/// The event loop reaches into nested stage state on every event (`services[s]
/// .instances[i].ingress`). Arrays of structs would check uniqueness and bounds at every
/// level, and storage held by a class reference is retained and released around each
/// access that the optimiser cannot see through. Slots are neither: a raw buffer owned by
/// one noncopyable value, so reaching an element is pointer arithmetic, and the compiler
/// enforces that exactly one owner frees it (its `deinit`). A service, which holds slots of
/// its own, is noncopyable for the same reason.
///
/// Indexes come from the model itself (a frame's service, a job's backend), so they are in
/// range by construction; debug builds check them anyway. The model's stages only ever grow
/// in number (a service whose instances shrink keeps the others draining), and growing
/// happens only while reconfiguring, never while an element is being mutated: an element's
/// address is good until the next ``append(_:)``.
public struct Slots<Element: ~Copyable>: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var _count = 0
    @inlinable public var count: Int { _count }
    @usableFromInline var capacity: Int

    @inlinable
    public init(reserve n: Int = 4) {
        capacity = Swift.max(n, 1)
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inlinable
    public mutating func append(_ e: consuming Element) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: e)
        _count += 1
    }

    /// Takes the last element out.
    @inlinable
    public mutating func removeLast() -> Element {
        precondition(count > 0, "removeLast from empty slots")
        _count -= 1
        return (base + count).move()
    }

    @inlinable public var indices: Range<Int> { 0..<count }

    @inlinable
    public subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(i >= 0 && i < count, "slot \(i) out of 0..<\(count)")
            return UnsafePointer(base + i)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(i >= 0 && i < count, "slot \(i) out of 0..<\(count)")
            return base + i
        }
    }
}
