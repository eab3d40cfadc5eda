/// A state change worth a line in the event log and the session file: a breaker
/// transition, a backend going down or up, an ejection.
public struct PipelineEvent: Sendable, Equatable {
    /// Simulated seconds.
    public var t: Double
    /// A short machine-readable kind: `breaker`, `backend_down`, `backend_up`, `ejected`, `unejected`.
    public var kind: String
    /// The subject, such as `db-2`, or a transition such as `closed->open`.
    public var detail: String

    public init(t: Double, kind: String, detail: String) {
        self.t = t
        self.kind = kind
        self.detail = detail
    }
}
