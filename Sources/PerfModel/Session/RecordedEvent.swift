/// An event line of a session file: a ``ModelEvent`` as written, read back.
///
/// Kinds stay strings here: a file may come from a later perflab with kinds this one does
/// not know, and its events must still be listed and compared.
public struct RecordedEvent: Sendable, Equatable {
    /// Simulated seconds.
    public var t: Double
    /// The model event's kind by its session name (`breaker`, `backend_down`, `ejected`, …).
    public var kind: String
    /// The subject, such as `db-2`, or a transition such as `closed->open`.
    public var detail: String
    /// The service it happened in, in a topology of several services.
    public var service: String?
    /// What a breaker event is about (`db` or the callee), in a topology of several services.
    public var subject: String?

    public init(t: Double, kind: String, detail: String, service: String? = nil, subject: String? = nil) {
        self.t = t
        self.kind = kind
        self.detail = detail
        self.service = service
        self.subject = subject
    }

    public init(_ e: ModelEvent) {
        self.init(
            t: e.t, kind: e.kind.rawValue, detail: e.detail, service: e.service,
            subject: e.service != nil && e.kind == .breaker ? e.subject : nil)
    }

    /// The event as the event log shows it.
    public var text: String {
        if let k = ModelEvent.Kind(rawValue: kind) {
            var e = ModelEvent(
                t: t, kind: k, service: service, subject: subject ?? (k == .breaker ? "db" : detail))
            if k == .breaker {
                let parts = detail.components(separatedBy: "->")
                if parts.count == 2 {
                    e.from = CircuitBreaker.State(rawValue: parts[0])
                    e.to = CircuitBreaker.State(rawValue: parts[1])
                }
            }
            return e.text
        }
        return (service.map { "\($0): " } ?? "") + "\(kind) \(detail)"
    }

    /// Whether it is bad news (as ``ModelEvent/isWarning`` says, for kinds this version knows).
    public var isWarning: Bool {
        guard let k = ModelEvent.Kind(rawValue: kind) else { return false }
        if k == .breaker { return detail.hasSuffix("->open") || detail.hasSuffix("->forced_open") }
        return ModelEvent(t: t, kind: k, service: service, subject: subject ?? detail).isWarning
    }
}
