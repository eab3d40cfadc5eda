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
