/// A limit on concurrent calls: a counting semaphore that refuses a call at once when all
/// permits are taken.
///
/// Follows resilience4j's `SemaphoreBulkhead` with `maxWaitDuration = 0` (its default):
/// `tryAcquirePermission` takes a permit if one is free and otherwise refuses immediately;
/// `onComplete` (here ``release()``) returns it. `maxConcurrentCalls` defaults to
/// resilience4j's 25. Like resilience4j's `changeConfig`, lowering the limit below the calls
/// in flight lets them finish and refuses new calls until the count is under the new limit.
/// Differs from resilience4j: no waiting for a permit (the simulation would queue instead)
/// and no events, only counters.
///
/// O(1), no allocation.
public struct Bulkhead: Sendable {
    /// resilience4j's default `maxConcurrentCalls`.
    public static let defaultMaxConcurrentCalls = 25

    /// The most calls in flight at once.
    public private(set) var maxConcurrentCalls: Int
    /// Calls in flight now.
    public private(set) var activeCalls = 0
    /// Calls permitted so far.
    public private(set) var permittedCount = 0
    /// Calls refused so far.
    public private(set) var rejectedCount = 0

    public init(maxConcurrentCalls: Int = Bulkhead.defaultMaxConcurrentCalls) {
        precondition(maxConcurrentCalls >= 0, "maxConcurrentCalls must be non-negative")
        self.maxConcurrentCalls = maxConcurrentCalls
    }

    /// Permits still free (resilience4j's `availableConcurrentCalls`).
    public var availableCalls: Int { max(0, maxConcurrentCalls - activeCalls) }

    /// Takes a permit if one is free; `false` (and counted as rejected) otherwise.
    public mutating func tryAcquire() -> Bool {
        guard activeCalls < maxConcurrentCalls else {
            rejectedCount += 1
            return false
        }
        activeCalls += 1
        permittedCount += 1
        return true
    }

    /// Returns the permit of a call that finished (or never ran).
    public mutating func release() {
        precondition(activeCalls > 0, "release without a matching tryAcquire")
        activeCalls -= 1
    }

    /// Changes the limit; calls in flight are unaffected.
    public mutating func setMaxConcurrentCalls(_ n: Int) {
        precondition(n >= 0, "maxConcurrentCalls must be non-negative")
        maxConcurrentCalls = n
    }
}
