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
        if let t = s["interrupted_at_s"]?.double {
            let cut =
                s["interrupted_in"]?.string == "drain"
                ? "in the drain: the span ran whole, the rest of the drain did not"
                : "the rest of the span and the drain did not run"
            out.append(
                "interrupted at t=\(f(t, 1)) s, \(cut); requests still in flight are not counted as completed"
            )
        }
        out.append("")
        out.append(
            "requests   offered \(Int64(d("requests", "offered")))  succeeded "
                + "\(Int64(d("requests", "succeeded")))  failed \(Int64(d("requests", "failed")))  timed out "
                + "\(Int64(d("requests", "timed_out")))  rejected \(Int64(d("requests", "rejected")))  "
                + "dropped \(Int64(d("requests", "dropped")))  retried \(Int64(d("requests", "retried")))"
        )
        // An overloaded run finishes its backlog in the drain, which `throughput_rps` counts:
        // say what the measured span itself delivered when the drain added more than 1%.
        let inDrain = d("drain", "succeeded")
        if inDrain > 0.01 * d("requests", "succeeded"), d("sim_seconds") > 0 {
            let span = f(d("span_throughput_rps"), 1)
            out.append(
                "throughput \(f(d("throughput_rps"), 1)) req/s  (\(span) req/s within the "
                    + "\(f(d("sim_seconds"), 1)) s measured; \(Int64(inDrain)) more in the "
                    + "\(f(d("drain", "seconds"), 1)) s drain)")
        } else {
            out.append("throughput \(f(d("throughput_rps"), 1)) req/s")
        }
        // No request succeeded: no latency, where a row of zeros read as the fastest run.
        if d("requests", "succeeded") > 0 {
            out.append(
                "latency ms mean \(f(d("latency_ms", "mean")))  p50 \(f(d("latency_ms", "p50")))  p90 "
                    + "\(f(d("latency_ms", "p90")))  p95 \(f(d("latency_ms", "p95")))  p99 "
                    + "\(f(d("latency_ms", "p99")))  p99.9 \(f(d("latency_ms", "p999")))  max "
                    + "\(f(d("latency_ms", "max")))"
            )
        } else {
            out.append("latency ms none: no request succeeded")
        }
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
        let services = s["services"]?.array ?? []
        if services.count > 1 {
            out.append("")
            out += Self.services(services)
        }
        let backends = s["backends"]?.array ?? []
        guard !backends.isEmpty else { return out.joined(separator: "\n") }
        out.append("")
        out.append("backend  weight  requests    errors  utilization")
        for b in backends {
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

    /// A topology's services (each one's own requests, time inside it and workers), then
    /// every call as its caller counted it, its own database's queries included.
    static func services(_ services: [JSON]) -> [String] {
        func x(_ j: JSON?, _ path: String...) -> Double {
            path.reduce(j) { $0?[$1] }?.double ?? 0
        }
        func n(_ j: JSON?, _ path: String...) -> Int64 {
            Int64(path.reduce(j) { $0?[$1] }?.double ?? 0)
        }
        let width = max(8, services.map { ($0["name"]?.string ?? "").count }.max() ?? 0)
        func pad(_ t: String, _ w: Int) -> String {
            t.padding(toLength: max(w, t.count), withPad: " ", startingAt: 0)
        }
        var out = [
            pad("service", width)
                + "  inst  offered       ok   failed      t/o rejected  dropped   wasted    req/s"
                + "   p50 ms   p99 ms  workers"
        ]
        for v in services {
            out.append(
                pad(v["name"]?.string ?? "", width)
                    + String(
                        format: "  %4lld %8lld %8lld %8lld %8lld %8lld %8lld %8lld %8.1f",
                        n(v, "instances"), n(v, "requests", "offered"), n(v, "requests", "succeeded"),
                        n(v, "requests", "failed"), n(v, "requests", "timed_out"),
                        n(v, "requests", "rejected"),
                        n(v, "requests", "dropped"), n(v, "requests", "wasted"), x(v, "throughput_rps"))
                    // A service none of whose visits succeeded has no time inside it to show.
                    + (n(v, "requests", "succeeded") > 0
                        ? String(format: " %8.3f %8.3f", x(v, "latency_ms", "p50"), x(v, "latency_ms", "p99"))
                        : "        -        -")
                    // No worker limit (its channel off) all run: nothing to be busy, not idle.
                    + (n(v, "workers") == 0 && x(v, "utilization") == 0
                        ? "        -" : String(format: "  %7.3f", x(v, "utilization"))))
        }
        var calls: [String] = []
        for v in services {
            for c in v["calls"]?.array ?? [] {
                calls.append(
                    pad("\(v["name"]?.string ?? "") -> \(c["to"]?.string ?? "")", 2 * width + 4)
                        + String(
                            format: " %9lld %9lld %9lld %9lld %9lld  ", n(c, "attempts"), n(c, "errors"),
                            n(c, "timed_out"), n(c, "rejected"), n(c, "retried"))
                        + (c["breaker"]?.string ?? "")
                        + (n(c, "breaker_opened") > 0
                            ? String(
                                format: ", opened %lldx, open %.1f s", n(c, "breaker_opened"),
                                x(c, "breaker_open_seconds")) : ""))
            }
        }
        if !calls.isEmpty {
            out.append("")
            out.append(
                pad("call", 2 * width + 4) + "  attempts    errors timed out  rejected   retried  breaker")
            out += calls
        }
        return out
    }
}
