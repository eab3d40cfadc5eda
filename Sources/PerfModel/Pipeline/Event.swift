import SimKernel

/// Everything that can happen in the pipeline, as a small value (no allocation per event).
enum Event {
    /// A closed-model user finished thinking.
    case userReady(Int32)
    /// An L1 hit has been served.
    case l1Reply(Int32)
    /// The L2 round trip of a request is back.
    case l2Reply(Int32)
    /// A backend finished the job in a slot of its job table.
    case jobDone(Int32)
    /// A request's attempt (slot, generation) reached its timeout.
    case timeout(Int32, UInt32)
    /// A request's backoff is over: try again.
    case retry(Int32, UInt32)
    /// The timeline's one-second tick.
    case tick
    /// A backend's ejection may have ended.
    case unejection(Int32)
}
