import SimKernel

/// One instance (process) of a service: what each instance has of its own.
///
/// Its ingress channel and workers, its bulkhead and its L1 cache (with the single-flight
/// table of the fills under way), and its faults. The service's L2, database and upstreams
/// are shared by its instances.
struct Instance {
    var ingress = Ingress()
    var bulkhead = Bulkhead(maxConcurrentCalls: 1)
    var l1 = CacheLevel()
    /// Coalescing: the visit leading the fill of each key; followers hang off its `next` list.
    var fills: [UInt64: Int32] = [:]
    /// Taken away by `instances` (it finishes what it holds, and is chosen no more).
    var retired = false
    /// `instance.N.down`: refuses every call.
    var down = false
    /// `instance.N.slowdown`: work.time multiplied by this.
    var slowdown = 1.0
}
