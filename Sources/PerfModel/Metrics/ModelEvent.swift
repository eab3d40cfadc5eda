/// A state change worth a line in the event log and the session file: a breaker's
/// transition, a backend or instance going down or up, an ejection, shedding.
public struct ModelEvent: Sendable, Equatable {
    /// What happened, by the name session files use.
    public enum Kind: String, Sendable, CaseIterable {
        case breaker
        case backendDown = "backend_down"
        case backendUp = "backend_up"
        case instanceDown = "instance_down"
        case instanceUp = "instance_up"
        case ejected
        case unejected
        /// A starved worker pool added a worker (`workers.injection`).
        case workerInjected = "worker_injected"
        /// The client began shedding arrivals (too much in flight).
        case shedding = "shed_start"
        /// It stopped.
        case shedEnded = "shed_end"
        /// A backend's health-check status changed (subject: `db-2 unhealthy`).
        case health
        /// A balancer entered Envoy's panic mode: too few hosts healthy, it balances over all.
        case panic = "panic_start"
        /// It left panic mode.
        case panicEnd = "panic_end"
        /// A stop-the-world pause of an instance's process (`gc.*`).
        case gcPause = "gc_pause"
        /// A backend's pool has no connection left to give (every one leaked or held).
        case poolExhausted = "pool_exhausted"
        /// It has connections again.
        case poolRecovered = "pool_recovered"
        /// More than ``Simulation/eventsPerSecond`` (100) events came in the last simulated second:
        /// how many more, by kind, none of them delivered one by one.
        case suppressed = "events_suppressed"
    }

    /// Simulated seconds.
    public var t: Double
    public var kind: Kind
    /// The service it happened in, in a topology of several services (nil with one).
    public var service: String?
    /// What it happened to: a backend (`db-2`), an instance (`pricing#2`), the target of a
    /// breaker (`db`, or the callee).
    public var subject: String
    /// A breaker's states before and after.
    public var from: CircuitBreaker.State?
    public var to: CircuitBreaker.State?

    public init(
        t: Double, kind: Kind, service: String? = nil, subject: String, from: CircuitBreaker.State? = nil,
        to: CircuitBreaker.State? = nil
    ) {
        self.t = t
        self.kind = kind
        self.service = service
        self.subject = subject
        self.from = from
        self.to = to
    }

    /// The `detail` of the session line: a transition (`closed->open`) or the subject.
    public var detail: String {
        if let from, let to { return "\(from.rawValue)->\(to.rawValue)" }
        return subject
    }

    /// Whether it is bad news (a breaker opening, something down, ejected, shedding).
    public var isWarning: Bool {
        switch kind {
        case .backendDown, .instanceDown, .ejected, .shedding, .panic, .poolExhausted: return true
        case .health: return subject.hasSuffix("unhealthy")
        case .breaker: return to == .open || to == .forcedOpen
        default: return false
        }
    }

    /// The event as the event log shows it.
    public var text: String {
        let at = service.map { "\($0): " } ?? ""
        switch kind {
        case .breaker:
            let target = service == nil && subject == "db" ? "" : " \(subject)"
            return "\(at)breaker\(target) \(from?.rawValue ?? "?") → \(to?.rawValue ?? "?")"
        case .backendDown: return "\(at)\(subject) down"
        case .backendUp: return "\(at)\(subject) up"
        case .instanceDown: return "\(at)\(subject) down"
        case .instanceUp: return "\(at)\(subject) up"
        case .ejected: return "\(at)\(subject) ejected"
        case .unejected: return "\(at)\(subject) back in rotation"
        case .shedding: return "client shedding arrivals: \(subject)"
        case .shedEnded: return "client stopped shedding"
        case .workerInjected: return "\(at)\(subject)"
        case .health: return "\(at)health: \(subject)"
        case .panic: return "\(at)panic: \(subject)"
        case .panicEnd: return "\(at)panic over: \(subject)"
        case .gcPause: return "\(at)GC pause: \(subject)"
        case .poolExhausted: return "\(at)pool exhausted: \(subject)"
        case .poolRecovered: return "\(at)pool recovered: \(subject)"
        case .suppressed: return subject
        }
    }
}
