import Testing

@testable import PerfModel

/// resilience4j's SemaphoreBulkhead with maxWaitDuration 0.
@Suite struct BulkheadTests {
    @Test func defaultLimitIsResilience4js() {
        #expect(Bulkhead().maxConcurrentCalls == 25)
    }

    @Test func refusesAtOnceOverTheLimitAndReleasesPermits() {
        var b = Bulkhead(maxConcurrentCalls: 2)
        #expect(b.tryAcquire() == true)
        #expect(b.tryAcquire() == true)
        #expect(b.tryAcquire() == false)
        #expect(b.availableCalls == 0)
        b.release()
        #expect(b.availableCalls == 1)
        #expect(b.tryAcquire() == true)
        #expect(b.activeCalls == 2)
        #expect(b.permittedCount == 3)
        #expect(b.rejectedCount == 1)
    }

    @Test func loweringTheLimitLetsCallsInFlightFinish() {
        var b = Bulkhead(maxConcurrentCalls: 3)
        for _ in 0..<3 { #expect(b.tryAcquire() == true) }
        b.setMaxConcurrentCalls(1)
        #expect(b.availableCalls == 0)
        #expect(b.tryAcquire() == false)
        b.release()
        b.release()
        #expect(b.tryAcquire() == false)  // one still in flight = the new limit
        b.release()
        #expect(b.tryAcquire() == true)
    }

    @Test func zeroLimitRefusesEverything() {
        var b = Bulkhead(maxConcurrentCalls: 0)
        #expect(b.tryAcquire() == false)
        #expect(b.rejectedCount == 1)
    }
}
