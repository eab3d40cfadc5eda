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
///
/// **Lanes.** Events scheduled a fixed delay ahead (a timeout, a deadline, a constant
/// network or cache latency) come due in the order they were scheduled. A lane
/// (``makeLane()``) keeps such events in a first-in first-out list and only its earliest in
/// the heap, so the heap holds what is really unordered (service times, backoffs) and stays
/// small: a model with a timeout on every call otherwise keeps thousands of timeouts that
/// almost never fire in the heap, and every push and pop climbs past them. An event keeps
/// the sequence number it was scheduled with, and one that would come due before the lane's
/// last goes into the heap, so events come out in exactly the (time, sequence) order they
/// would without lanes.
public struct Scheduler<Event>: ~Copyable {
    /// The current simulated time.
    @inlinable public var now: SimTime { _now }
    @usableFromInline var _now: SimTime = 0
    @usableFromInline var queue: EventQueue<Event>
    @usableFromInline var lanes = Slots<Lane<Event>>()
    /// Events handed out by ``next(until:)`` so far.
    @inlinable public var processed: UInt64 { _processed }
    @usableFromInline var _processed: UInt64 = 0

    public init(reservingCapacity n: Int = 1024) {
        queue = EventQueue(reservingCapacity: n)
    }

    /// A new lane for events scheduled a fixed delay ahead; returns its number.
    public mutating func makeLane() -> Int {
        lanes.append(Lane())
        return lanes.count - 1
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

    /// Schedules `event` `delay` nanoseconds from now in lane `lane` (events of a lane
    /// usually come due in the order they are scheduled; one that does not is still
    /// delivered in its place).
    @inlinable
    public mutating func schedule(_ event: Event, after delay: SimTime, lane: Int) {
        let t = now &+ Swift.max(delay, 0)
        let seq = queue.takeSeq()
        if !lanes[lane].headQueued {
            queue.push(EventQueue.Entry(time: t, seq: seq, event: event, lane: Int32(lane)))
            lanes[lane].headQueued = true
            lanes[lane].lastTime = t
        } else if t >= lanes[lane].lastTime {
            lanes[lane].append(EventQueue.Entry(time: t, seq: seq, event: event, lane: Int32(lane)))
            lanes[lane].lastTime = t
        } else {
            queue.push(EventQueue.Entry(time: t, seq: seq, event: event))
        }
    }

    /// The next event due no later than `horizon`, advancing `now` to its time; or nil,
    /// leaving `now` at `horizon` (time never moves backwards).
    @inlinable
    public mutating func next(until horizon: SimTime) -> Event? {
        if let t = queue.nextTime, t <= horizon, let top = queue.popEntry() {
            if top.lane >= 0 {
                // The lane's next comes into the heap in its place.
                let l = Int(top.lane)
                if lanes[l].count > 0 {
                    queue.push(lanes[l].removeFirst())
                } else {
                    lanes[l].headQueued = false
                }
            }
            _now = top.time
            _processed &+= 1
            return top.event
        }
        if horizon > _now { _now = horizon }
        return nil
    }

    /// Pending events.
    @inlinable public var pending: Int {
        var n = queue.count
        for l in lanes.indices { n += lanes[l].count }
        return n
    }
    /// Time of the earliest pending event.
    @inlinable public var nextTime: SimTime? { queue.nextTime }

    /// Removes the pending events `stale` picks: events a model knows would do nothing when
    /// they came due (a timeout whose attempt has ended), kept only because removing one
    /// from a heap or a lane on the spot costs more than letting it fire. The others come
    /// due exactly as before; a lane's head, in the heap, is always kept. Returns how many
    /// were removed. O(pending).
    public mutating func removeAll(where stale: (Event) -> Bool) -> Int {
        var removed = queue.removeAll(where: stale)
        for l in lanes.indices { removed += lanes[l].removeAll(where: stale) }
        return removed
    }

    /// Drops every pending event (the clock stays where it is).
    public mutating func clear() {
        queue.removeAll()
        for l in lanes.indices { lanes[l].removeAll() }
    }
}

/// A lane of a ``Scheduler``: the entries behind the lane's head (which is in the heap),
/// first in first out, in a ring of raw storage owned by this noncopyable value.
public struct Lane<Event>: ~Copyable {
    /// `count` entries from `first`; capacity a power of two.
    @usableFromInline var ring: UnsafeMutablePointer<EventQueue<Event>.Entry>
    @usableFromInline var capacity = 16
    @usableFromInline var first = 0
    @usableFromInline var count = 0
    /// Whether the lane's earliest entry is in the heap.
    @usableFromInline var headQueued = false
    /// When the lane's latest entry comes due.
    @usableFromInline var lastTime: SimTime = 0

    init() {
        ring = .allocate(capacity: capacity)
    }

    deinit {
        for k in 0..<count { (ring + ((first + k) & (capacity - 1))).deinitialize(count: 1) }
        ring.deallocate()
    }

    @inlinable
    mutating func append(_ e: EventQueue<Event>.Entry) {
        if count == capacity { grow() }
        (ring + ((first &+ count) & (capacity &- 1))).initialize(to: e)
        count &+= 1
    }

    @inlinable
    mutating func removeFirst() -> EventQueue<Event>.Entry {
        let e = (ring + first).move()
        first = (first &+ 1) & (capacity &- 1)
        count &-= 1
        return e
    }

    @usableFromInline
    mutating func grow() {
        let bigger = UnsafeMutablePointer<EventQueue<Event>.Entry>.allocate(capacity: capacity * 2)
        for k in 0..<count {
            (bigger + k).initialize(to: (ring + ((first + k) & (capacity - 1))).move())
        }
        ring.deallocate()
        ring = bigger
        capacity *= 2
        first = 0
    }

    /// Removes the entries `stale` picks, keeping the others in order (the head, in the
    /// heap, is not here). `lastTime` stays: a later entry due before it goes to the heap,
    /// which delivers it in its place all the same.
    mutating func removeAll(where stale: (Event) -> Bool) -> Int {
        var kept = 0
        for k in 0..<count {
            let e = (ring + ((first + k) & (capacity - 1))).move()
            if stale(e.event) { continue }
            (ring + ((first + kept) & (capacity - 1))).initialize(to: e)
            kept += 1
        }
        let removed = count - kept
        count = kept
        return removed
    }

    mutating func removeAll() {
        for k in 0..<count { (ring + ((first + k) & (capacity - 1))).deinitialize(count: 1) }
        first = 0
        count = 0
        headQueued = false
    }
}
