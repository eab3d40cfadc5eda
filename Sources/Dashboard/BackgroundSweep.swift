import Foundation
import PerfModel
import SimKernel

/// The dashboard's `w`: a sweep of the selected knob around its current value, run on a
/// background thread while the live simulation goes on, one point after another, so that
/// the curve fills in as it comes and the user sees where they stand on it.
///
/// Each point's figures are those of `perflab sweep` (``RunMetrics``): the client's p99 and
/// the throughput of the measured span, and, when the knob is a service's other than the
/// entry's (`pricing.db.pool`), that service's own p99 beside the client's.
public final class BackgroundSweep: @unchecked Sendable {
    /// One point: the knob's value, the client's p99 and that service's (ms; NaN when
    /// nothing succeeded, or no service is followed), and requests per second.
    public typealias Point = (x: Double, p99: Double, serviceP99: Double, throughput: Double)

    /// The knob swept, its values, and the value the dashboard had when the sweep began.
    public let knob: String
    public let values: [Double]
    public let current: Double
    /// The service whose own p99 is followed too: the knob's, when it is not the entry's.
    public let service: String?
    private let lock = NSLock()
    private var results: [Point] = []
    private var cancelled = false
    private var failure: String?

    /// Simulated time per point.
    public static let pointDuration: SimTime = 20 * Time.second

    /// The values tried around `current` (× 0.25 … × 2, within the knob's range). A count
    /// below 4, whose factors round to two or three values (one instance: 1 and 2 only), is
    /// swept over seven whole numbers from two below it instead, within its range.
    public static func values(around current: Double, spec: KnobSpec) -> [Double] {
        let factors = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2]
        if case .count = spec.unit, current < 4 {
            let lo = spec.range?.lowerBound ?? 0, hi = spec.range?.upperBound ?? .infinity
            let start = Swift.max(lo, Swift.min((current - 2).rounded(), hi - Double(factors.count - 1)))
            return (0..<factors.count).map { start + Double($0) }.filter { $0 <= hi }
        }
        var out: [Double] = []
        for f in factors {
            var x = current * f
            if let r = spec.range { x = Swift.min(Swift.max(x, r.lowerBound), r.upperBound) }
            if case .count = spec.unit { x = x.rounded() }
            if !out.contains(x) { out.append(x) }
        }
        return out
    }

    /// Starts sweeping `knob` of a simulation like `simulation` (its topology and current
    /// knobs), or returns nil when the knob is not numeric.
    public init?(knob: String, simulation: Simulation, seed: UInt64) {
        guard let spec = KnobRegistry.lookup(knob), case .number(let x) = simulation.knobs[knob], x > 0
        else {
            return nil
        }
        self.knob = knob
        current = x
        values = Self.values(around: x, spec: spec)
        let topology = simulation.topology
        let followed = (try? simulation.knobs.resolve(knob))?.service.flatMap {
            $0 == topology.entry ? nil : $0
        }
        service = followed.map { topology.services[$0].name }
        let base = simulation.knobs
        let values = self.values
        DispatchQueue.global(qos: .utility).async { [self] in
            for v in values {
                if self.isCancelled { return }
                do {
                    var k = base
                    try k.set(knob, .number(v))
                    let run = HeadlessRun(
                        scenarioName: "sweep", topology: topology, knobs: k, seed: seed,
                        duration: Self.pointDuration,
                        warmup: 2 * Time.second)
                    let (p, _, _) = try run.execute()
                    let m = RunMetrics(p, seconds: Time.seconds(Self.pointDuration))
                    // Nothing succeeded: no p99 (a gap in the line), not 0 ms.
                    self.append(
                        (
                            v, m.values["p99_ms"] ?? .nan, followed.flatMap { m.services[$0].p99 } ?? .nan,
                            m.values["throughput_rps"] ?? 0
                        ))
                } catch {
                    self.fail("\(error)")
                    return
                }
            }
        }
    }

    private var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    private func append(_ r: Point) {
        lock.lock()
        results.append(r)
        lock.unlock()
    }

    private func fail(_ s: String) {
        lock.lock()
        failure = s
        lock.unlock()
    }

    /// Stops after the point under way.
    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    /// The points measured so far.
    public var points: [Point] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }

    public var error: String? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    public var isDone: Bool { points.count == values.count || error != nil }
}
