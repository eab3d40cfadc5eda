/// Storage for the model's stages and services, addressed in place.
///
/// The event loop reaches into nested stage state on every event (`services[s]
/// .instances[i].ingress`); arrays of structs would check uniqueness and bounds at every
/// level. These slots are a raw buffer owned by a class: an element is addressed with no
/// copy-on-write check. Indexes come from the model itself (a frame's service, a job's
/// backend), so they are in range by construction; debug builds check them anyway.
/// Elements only ever grow in number (a service whose instances shrink keeps the others
/// draining), and growing happens only while reconfiguring, never while an element is
/// being mutated.
final class Slots<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(reserve n: Int = 4) {
        capacity = Swift.max(n, 1)
        base = .allocate(capacity: capacity)
    }

    convenience init(_ elements: [Element]) {
        self.init(reserve: elements.count)
        for e in elements { append(e) }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func append(_ e: Element) {
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
        @inline(__always) unsafeMutableAddress {
            assert(i >= 0 && i < count, "slot \(i) out of 0..<\(count)")
            return base + i
        }
    }
}
