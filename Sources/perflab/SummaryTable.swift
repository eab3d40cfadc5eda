import Foundation
import PerfModel

/// The text form of a run summary: the headline numbers a person reads first.
enum SummaryTable {
    static func render(_ s: JSON) -> String {
        func d(_ path: String...) -> Double {
            var v: JSON? = s
            for p in path { v = v?[p] }
            return v?.double ?? 0
        }
        func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
        var out: [String] = []
        out.append(
            "scenario \(s["scenario"]?.string ?? "")  seed \(Int64(d("seed")))  simulated "
                + "\(f(d("sim_seconds"), 1)) s in \(f(d("wall_seconds"), 2)) s wall  (\(Int64(d("events"))) "
                + "events, \(f(d("events_per_second") / 1e6, 2)) M/s)"
        )
        out.append("")
        out.append(
            "requests   offered \(Int64(d("requests", "offered")))  succeeded "
                + "\(Int64(d("requests", "succeeded")))  failed \(Int64(d("requests", "failed")))  timed out "
                + "\(Int64(d("requests", "timed_out")))  rejected \(Int64(d("requests", "rejected")))  "
                + "dropped \(Int64(d("requests", "dropped")))  retried \(Int64(d("requests", "retried")))"
        )
        out.append("throughput \(f(d("throughput_rps"), 1)) req/s")
        out.append(
            "latency ms mean \(f(d("latency_ms", "mean")))  p50 \(f(d("latency_ms", "p50")))  p90 "
                + "\(f(d("latency_ms", "p90")))  p95 \(f(d("latency_ms", "p95")))  p99 "
                + "\(f(d("latency_ms", "p99")))  p99.9 \(f(d("latency_ms", "p999")))  max "
                + "\(f(d("latency_ms", "max")))"
        )
        out.append(
            "cache      L1 hit ratio \(f(d("cache", "l1", "hit_ratio")))  L2 hit ratio "
                + "\(f(d("cache", "l2", "hit_ratio")))"
        )
        out.append(
            "breaker    \(s["breaker"]?["state"]?.string ?? "")  opened \(Int64(d("breaker", "opened")))x")
        out.append(
            "queueing   mean in system \(f(d("queueing", "mean_in_system")))  P(wait) "
                + "\(f(d("queueing", "p_wait")))"
        )
        out.append("")
        out.append("backend  weight  requests    errors  utilization")
        for b in s["backends"]?.array ?? [] {
            let name = (b["name"]?.string ?? "").padding(toLength: 8, withPad: " ", startingAt: 0)
            out.append(
                "\(name) \(String(format: "%6d", Int(b["weight"]?.double ?? 0)))  "
                    + "\(String(format: "%8d", Int(b["requests"]?.double ?? 0)))  "
                    + "\(String(format: "%8d", Int(b["errors"]?.double ?? 0)))  "
                    + "\(f(b["utilization"]?.double ?? 0))"
            )
        }
        return out.joined(separator: "\n")
    }
}
