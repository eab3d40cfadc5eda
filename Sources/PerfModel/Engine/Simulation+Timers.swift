import SimKernel

/// Timers that can no longer fire usefully: a try's deadline, a call attempt's timeout and a
/// query's acquire timeout are scheduled when they start and left in place when they end
/// early (taking one out of a heap or a lane on the spot costs more than letting it fire as
/// a no-op). At ordinary loads a few stay pending; but tries that end at once (dropped at a
/// full channel, refused at the limit) at millions a second, each leaving a timer for a
/// `load.timeout` of up to an hour, kept tens of millions of them (`retry-storm` at
/// `load.rate=16.5M` held 2.1 GB). So every 65,536 timers the model looks at what is
/// pending, and past ``staleLimit`` it removes the timers whose attempt is over: the others
/// come due exactly as before. Runs that never pend that many are not touched at all.
extension Simulation {
    /// Pending events from which the stale timers are removed.
    static let staleFloor = 1 << 20

    /// Schedules timer `e` (a deadline, a call timeout or an acquire timeout) `delay` from
    /// now in `lane`, counting it towards the next look for stale ones.
    @inline(__always)
    func scheduleTimer(_ e: Event, after delay: SimTime, lane: Int) {
        scheduler.schedule(e, after: delay, lane: lane)
        timersSinceCheck &+= 1
        if timersSinceCheck >= 65_536 { checkStaleTimers() }
    }

    func checkStaleTimers() {
        timersSinceCheck = 0
        guard scheduler.pending >= staleLimit else { return }
        _ = scheduler.removeAll { [self] e in isStale(e) }
        staleLimit = Swift.max(Self.staleFloor, 2 * scheduler.pending)
    }

    /// Whether `e` is a timer whose attempt has ended (its handler would do nothing).
    func isStale(_ e: Event) -> Bool {
        switch e {
        case .deadline(let r, let g):
            return !frames.awaits(Int(r), .request, generation: g)
        case .timeout(let c, let g):
            return !frames.awaits(Int(c), .call, generation: g)
        case .acquireTimeout(let j, let serial):
            return !acquireTimeoutPending(j, serial: serial)
        default:
            return false
        }
    }
}
