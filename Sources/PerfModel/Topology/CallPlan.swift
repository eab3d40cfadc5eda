import SimKernel

/// What a service does on a cache miss: steps in order, each one call or several at once.
///
/// MiSim's operations with their dependencies, metafor's dependent `Work`, as a list: a step
/// of one call waits for it (or not, when it is `async`); a `parallel` step starts all its
/// calls together and ends when every one has replied (`Task.WhenAll`), failing if any
/// failed. A call made `count` times runs them one after another (the N+1 query pattern);
/// one with a `probability` below 1 is made by that share of requests.
public struct CallPlan: Sendable, Equatable {
    public var steps: [Step]

    /// The most calls a `count` makes, and the most retries a call's `retry.max` allows:
    /// the limits of a topology file and of a session's recorded topology alike.
    public static let counts = 1...1000
    public static let retries = 0...10

    public init(steps: [Step]) {
        self.steps = steps
    }

    /// One step of the plan.
    public struct Step: Sendable, Equatable {
        public var calls: [Call]
        /// Written as `parallel = [...]`: every call at once.
        public var parallel: Bool

        public init(calls: [Call], parallel: Bool = false) {
            self.calls = calls
            self.parallel = parallel
        }
    }

    /// One call of a step.
    public struct Call: Sendable, Equatable {
        public var target: Target
        /// The share of requests that make it.
        public var probability: Double
        /// How many times it is made, one after another.
        public var count: Int
        public var mode: Mode
        /// Overrides of the caller's `timeout` and `retry.max` for this call.
        public var timeout: SimTime?
        public var retryMax: Int?

        public init(
            target: Target, probability: Double = 1, count: Int = 1, mode: Mode = .sync,
            timeout: SimTime? = nil,
            retryMax: Int? = nil
        ) {
            self.target = target
            self.probability = probability
            self.count = count
            self.mode = mode
            self.timeout = timeout
            self.retryMax = retryMax
        }
    }

    /// Whom a call goes to.
    public enum Target: Sendable, Equatable, Hashable {
        /// The service's own database (its backends).
        case database
        /// Another service, by its index in the topology.
        case service(Int)
    }

    /// Whether the caller waits for the reply.
    public enum Mode: String, Sendable, Equatable {
        /// The caller waits (through its breaker, balancer, timeout and retries).
        case sync
        /// The request is written into the callee's ingress channel and nobody waits; a full
        /// channel in `wait` mode holds the writer until there is room (backpressure).
        case async
    }

    /// The plan of a service with no `calls`: one query to its own database.
    public static let oneQuery = CallPlan(steps: [Step(calls: [Call(target: .database)])])

    /// Every call of every step, in order: a call's position here is its index in the
    /// service's call table (its ``Upstream`` and its statistics).
    public var allCalls: [Call] { steps.flatMap(\.calls) }
}

/// The rules of a call plan, held in one place for whoever reads one: a topology file and a
/// session's header (which carries the topology it re-simulates) build their steps and calls
/// through these, and only say where the field that breaks a rule is in their own terms (a
/// file's line, a header's field). Two readers each with their own copy of the rules had
/// drifted: a session whose header made a database query `async` was taken, and its replay
/// then failed to verify.
extension CallPlan {
    /// A field of a call or step that breaks a rule, and the rule, in words.
    public struct Problem: Error, Equatable, Sendable {
        public enum Field: Sendable, Equatable {
            case to, parallel, probability, count, mode, retryMax
        }

        public let field: Field
        public let message: String

        init(_ field: Field, _ message: String) {
            self.field = field
            self.message = message
        }
    }
}

extension CallPlan.Call {
    /// A call made by service `caller`, from the values a reader found: `count` and
    /// `retryMax` as read (a number, not yet known to be whole or in range).
    public static func checked(
        caller: Int, target: CallPlan.Target, probability: Double = 1, count: Double? = nil,
        mode: CallPlan.Mode = .sync, timeout: SimTime? = nil, retryMax: Double? = nil
    ) throws(CallPlan.Problem) -> CallPlan.Call {
        if target == .service(caller) { throw .init(.to, "a service cannot call itself") }
        guard probability >= 0 && probability <= 1 else {
            throw .init(.probability, "\(KnobSpec.trim(probability)) is outside 0..1")
        }
        func whole(_ x: Double?, _ field: CallPlan.Problem.Field, _ range: ClosedRange<Int>) throws(CallPlan
            .Problem) -> Int?
        {
            guard let x else { return nil }
            guard x == x.rounded() else { throw .init(field, "expected a whole number") }
            guard x >= Double(range.lowerBound) && x <= Double(range.upperBound) else {
                throw .init(field, "\(KnobSpec.trim(x)) is outside \(range.lowerBound)..\(range.upperBound)")
            }
            return Int(x)
        }
        let n = try whole(count, .count, CallPlan.counts) ?? 1
        if mode == .async && target == .database {
            throw .init(.mode, "a query of the database cannot be async")
        }
        return CallPlan.Call(
            target: target, probability: probability, count: n, mode: mode, timeout: timeout,
            retryMax: try whole(retryMax, .retryMax, CallPlan.retries))
    }
}

extension CallPlan.Step {
    /// A step of `calls` made at once.
    public static func parallel(_ calls: [CallPlan.Call]) throws(CallPlan.Problem) -> CallPlan.Step {
        guard !calls.isEmpty else { throw .init(.parallel, "an empty parallel step calls nobody") }
        return CallPlan.Step(calls: calls, parallel: true)
    }
}
