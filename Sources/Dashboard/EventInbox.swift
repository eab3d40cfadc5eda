import PerfModel

/// Collects the pipeline's events between frames (the pipeline reports them through a
/// callback; the update function drains them into the model's log).
final class EventInbox {
    var pending: [ModelEvent] = []

    /// Attaches to `pipeline`'s event callback.
    func attach(to pipeline: Simulation) {
        pipeline.onEvent = { [unowned self] event in self.pending.append(event) }
    }

    /// The events since the last call.
    func drain() -> [ModelEvent] {
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }
}
