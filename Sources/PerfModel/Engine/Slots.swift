/// Storage for the model's stages and services, addressed in place.
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
/// range by construction; debug builds check them anyway. Elements only ever grow in number
/// (a service whose instances shrink keeps the others draining), and growing happens only
/// while reconfiguring, never while an element is being mutated.
struct Slots<Element: ~Copyable>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(reserve n: Int = 4) {
        capacity = Swift.max(n, 1)
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    mutating func append(_ e: consuming Element) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: e)
        count += 1
    }

    var indices: Range<Int> { 0..<count }

    subscript(i: Int) -> Element {
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
