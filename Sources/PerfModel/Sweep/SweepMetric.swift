/// What a sweep's chart draws (`--plot-metric`): one of the run's metrics (`p99_ms`), or, in a
/// topology's sweep, one of a service's (`pricing.p99_ms`, `pricing.utilization`), whose
/// figures the sweep's JSON keeps under each point's `services`.
public struct SweepMetric: Equatable, Sendable {
    /// The service whose figure it is, or nil for the run's.
    public var service: String?
    /// The figure's name: one of ``RunMetrics/names``, or of ``serviceFigures`` for a service.
    public var name: String

    /// The figures a sweep keeps per service.
    public static let serviceFigures = ["p99_ms", "utilization"]

    /// How a service's figures are written (`SERVICE.p99_ms, SERVICE.utilization`), joined by
    /// `separator`.
    public static func serviceForms(_ separator: String = ", ") -> String {
        serviceFigures.map { "SERVICE." + $0 }.joined(separator: separator)
    }

    /// `text` as a metric of a sweep whose topology has `services` (none for one service);
    /// anything else is refused in one line naming `--plot-metric` and what it may be.
    public init(_ text: String, services: [String]) throws {
        if RunMetrics.names.contains(text) {
            service = nil
            name = text
            return
        }
        if let dot = text.lastIndex(of: "."), services.contains(String(text[..<dot])),
            SweepMetric.serviceFigures.contains(String(text[text.index(after: dot)...]))
        {
            service = String(text[..<dot])
            name = String(text[text.index(after: dot)...])
            return
        }
        let perService =
            services.isEmpty
            ? "" : "; or \(Self.serviceForms()) for a service of " + services.joined(separator: ", ")
        let runs = RunMetrics.names.joined(separator: ", ")
        throw InputError(
            field: "--plot-metric", "unknown metric \"\(text)\" (expected one of \(runs)\(perService))")
    }

    /// The run's `name`.
    public init(run name: String) {
        service = nil
        self.name = name
    }

    /// Its mean and 95% interval at `point` (a point of a sweep's JSON), if the point has it.
    public func figure(at point: JSON) -> JSON? {
        guard let service else { return point["metrics"]?[name] }
        return point["services"]?[service]?[name]
    }

    /// Whether it is a share (0 to 1): its interval is drawn within that.
    public var isShare: Bool { name.hasSuffix("_ratio") || name == "utilization" }
}
