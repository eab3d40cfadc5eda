/// The simulation clock and its pending events: the whole of the kernel's state.
///
/// Like SimPy's `Environment`, it is tiny: `now`, a queue of (time, sequence, event), and a
/// step that pops the next event no later than a horizon. A model drives it with
///
/// ```swift
/// while let event = scheduler.next(until: horizon) { handle(event) }
/// ```
///
/// Advancing to a horizon processes every event with time ≤ horizon and leaves `now` at the
/// horizon, so running to T at once or in any number of slices that end at T processes the
/// same events in the same order: results do not depend on slicing. Pacing against the wall
/// clock is a separate layer that only chooses horizons.
public struct Scheduler<Event>: ~Copyable {
    /// The current simulated time.
    @inlinable public var now: SimTime { _now }
    @usableFromInline var _now: SimTime = 0
    @usableFromInline var queue: EventQueue<Event>
    /// Events handed out by ``next(until:)`` so far.
    @inlinable public var processed: UInt64 { _processed }
    @usableFromInline var _processed: UInt64 = 0

    public init(reservingCapacity n: Int = 1024) {
        queue = EventQueue(reservingCapacity: n)
    }

    /// Schedules `event` at absolute time `time` (never earlier than now).
    @inlinable
    public mutating func schedule(_ event: Event, at time: SimTime) {
        queue.push(event, at: Swift.max(time, now))
    }

    /// Schedules `event` `delay` nanoseconds from now.
    @inlinable
    public mutating func schedule(_ event: Event, after delay: SimTime) {
        queue.push(event, at: now &+ Swift.max(delay, 0))
    }

    /// The next event due no later than `horizon`, advancing `now` to its time; or nil,
    /// leaving `now` at `horizon` (time never moves backwards).
    @inlinable
    public mutating func next(until horizon: SimTime) -> Event? {
        if let t = queue.nextTime, t <= horizon, let top = queue.pop() {
            _now = top.time
            _processed &+= 1
            return top.event
        }
        if horizon > _now { _now = horizon }
        return nil
    }

    /// Pending events.
    @inlinable public var pending: Int { queue.count }
    /// Time of the earliest pending event.
    @inlinable public var nextTime: SimTime? { queue.nextTime }

    /// Drops every pending event (the clock stays where it is).
    public mutating func clear() { queue.removeAll() }
}
