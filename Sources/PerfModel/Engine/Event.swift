import SimKernel

/// Everything that can happen in the model, as a small value (no allocation per event).
///
/// Events about one request name its frame in the ``FrameTable`` (whose columns say which
/// service and instance it is at); events that can arrive after their frame has moved on
/// carry the frame's generation and are dropped when it no longer matches. Events of a
/// service's own machinery name the service.
enum Event {
    /// The timeline's one-second tick.
    case tick
    /// A closed-model user finished thinking.
    case userReady(Int32)
    /// A client's try (request frame, generation) reached its deadline (`load.timeout`).
    case deadline(Int32, UInt32)
    /// A client's wait before trying again (`load.retry_delay`) is over.
    case clientRetry(Int32, UInt32)
    /// A visit's L1 hit has been served.
    case l1Reply(Int32)
    /// A visit's L2 round trip is back.
    case l2Reply(Int32)
    /// A visit's worker finished its own work (`work.time`).
    case workDone(Int32)
    /// A visit sent over the network (`net.latency`) reached its instance.
    case visitArrives(Int32)
    /// The reply to a call (call frame, generation) came back over the network.
    case replyArrives(Int32, UInt32)
    /// A backend finished the job in a slot of the job table.
    case jobDone(Int32)
    /// A call's attempt (call frame, generation) reached its timeout.
    case timeout(Int32, UInt32)
    /// A call's backoff is over (call frame, generation): try again.
    case retry(Int32, UInt32)
    /// A query (job slot, serial) has waited `db.acquire_timeout` for a connection.
    case acquireTimeout(Int32, UInt32)
    /// A starved worker pool (service, instance) may add a worker.
    case workerInjection(Int16, Int16)
    /// An ejection by a service's upstream (service, upstream) may have ended.
    case unejection(Int16, Int16)
    /// A backend (service, backend) is due a health-check probe.
    case healthProbe(Int16, Int16)
    /// A probe (service, backend, serial) reached its timeout.
    case healthTimeout(Int16, Int16, UInt32)
    /// An instance (service, instance) begins a timed stop-the-world pause.
    case pauseStart(Int16, Int16)
    /// Its pause is over.
    case pauseEnd(Int16, Int16)
    /// The next batch of `load.model=batch` may start.
    case batchReady
    /// A call of visit (frame, outcome) ended while the visit's process was paused: the
    /// visit hears it when the pause ends.
    case callResult(Int32, UInt8)
}
