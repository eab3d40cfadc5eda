import PerfModel
import TerminalCanvas

/// The service map: the topology drawn as the tree of its calls from the entry service,
/// one row per service with its throughput, p99 and worker utilisation, coloured by health.
/// Shared by the view (to draw) and the update (to map a click to a service).
struct ServiceMap {
    struct Row: Equatable {
        var service: Int
        /// Tree glyphs before the name (`├▶ `, `│  └⇢ `).
        var prefix: String
        /// How the caller calls it: `parallel`, `30%`, `×10`, `async`.
        var how: String
    }

    let rows: [Row]
    let inner: Rect

    init(topology t: Topology, area: Rect) {
        inner = area.inset(horizontal: 1, vertical: 1)
        var out: [Row] = []
        var seen = Set<Int>()
        func visit(_ s: Int, indent: String, glyph: String, how: String) {
            out.append(Row(service: s, prefix: indent + glyph, how: how))
            guard seen.insert(s).inserted else { return }
            var children: [(Int, String)] = []
            for step in t.services[s].plan?.steps ?? [] {
                for c in step.calls {
                    guard case .service(let callee) = c.target else { continue }
                    var tags: [String] = []
                    if step.parallel { tags.append("parallel") }
                    if c.probability < 1 { tags.append("\(Int((c.probability * 100).rounded()))%") }
                    if c.count > 1 { tags.append("×\(c.count)") }
                    if c.mode == .async { tags.append("async") }
                    children.append((callee, tags.joined(separator: " ")))
                }
            }
            let childIndent = indent + (glyph.isEmpty ? "" : (glyph.hasPrefix("└") ? "   " : "│  "))
            for (k, (callee, tags)) in children.enumerated() {
                let last = k == children.count - 1
                let arrow = tags.contains("async") ? "⇢ " : "▶ "
                if seen.contains(callee) {
                    out.append(
                        Row(
                            service: callee, prefix: childIndent + (last ? "└" : "├") + arrow,
                            how: tags + " (above)"))
                } else {
                    visit(callee, indent: childIndent, glyph: (last ? "└" : "├") + arrow, how: tags)
                }
            }
        }
        visit(t.entry, indent: "", glyph: "", how: "")
        for s in t.services.indices where !seen.contains(s) {
            visit(s, indent: "", glyph: "", how: "not called")
        }
        rows = out
    }

    /// The service drawn at screen row `y`, if one is.
    func service(atRow y: Int) -> Int? {
        let i = y - inner.y
        guard i >= 0, i < rows.count, i < inner.height else { return nil }
        return rows[i].service
    }

    static func render(_ model: DashboardModel, last: Sample?, area: Rect, into buffer: inout CellBuffer) {
        let theme = model.theme
        let block = theme.box(
            "services", border: theme.misc, rightTitle: "s Tab selects · ok/s  p99  workers")
        block.render(into: &buffer, area: area)
        let map = ServiceMap(topology: model.topology, area: area)
        let inner = map.inner
        let nameWidth = min(
            max(
                map.rows.map { $0.prefix.count + model.topology.services[$0.service].name.count + 4 }.max()
                    ?? 10, 12), inner.width / 2)
        for (i, row) in map.rows.enumerated() where i < inner.height {
            let line = inner.row(i)
            let selected = row.service == model.selectedService
            let style = selected ? theme.selectionStyle.adding(.bold) : theme.baseStyle
            if selected { buffer.fill(line, style: style) }
            let v = last.flatMap { row.service < $0.services.count ? $0.services[row.service] : nil }
            let instances = v?.instances ?? 1
            let name = model.topology.services[row.service].name + (instances > 1 ? " ×\(instances)" : "")
            // Health: red when it fails or its breaker refuses, yellow when its workers are
            // nearly all busy or it queues, green otherwise.
            var health = theme.breakerClosed
            if let v {
                let bad = v.counters.failed + v.counters.timedOut + v.counters.rejected + v.counters.dropped
                if v.breakerState == "open" || v.breakerState == "forced_open"
                    || bad * 20 > max(v.counters.offered, 1)
                {
                    health = theme.error
                } else if v.utilization > 0.8 || v.channelDepth > 0 || v.breakerState == "half_open" {
                    health = theme.warning
                }
            }
            var spans = [
                Span(row.prefix, style: selected ? style : theme.inactiveStyle),
                Span(
                    "● ",
                    style: Style(foreground: health, background: selected ? theme.selectionBackground : nil)),
                Span(name, style: style),
            ]
            let used = row.prefix.count + 2 + name.count
            if used < nameWidth {
                spans.append(Span(String(repeating: " ", count: nameWidth - used), style: style))
            }
            if let v {
                let rate = v.counters.succeeded
                let u = min(1, max(0, v.utilization))
                let bar = 6
                let filled = Int((u * Double(bar)).rounded())
                spans += [
                    Span(
                        " \(AxisFormat.compact(Double(rate)))".padding(
                            toLength: 7, withPad: " ", startingAt: 0), style: style),
                    Span(
                        " \(AxisFormat.compact(v.latency.p99)) ms".padding(
                            toLength: 11, withPad: " ", startingAt: 0), style: style),
                    Span(
                        String(repeating: "█", count: filled),
                        style: Style(foreground: theme.utilizationGradient.color(at: u))),
                    Span(String(repeating: "·", count: bar - filled), style: theme.inactiveStyle),
                    Span(v.workers > 0 ? " \(Int((u * 100).rounded()))%" : "  ∞", style: style),
                ]
                if v.breakerState != "closed" {
                    spans.append(Span("  breaker \(v.breakerState)", style: Style(foreground: theme.warning)))
                }
            }
            if !row.how.isEmpty {
                spans.append(Span("  " + row.how, style: selected ? style : theme.inactiveStyle))
            }
            Line(spans).render(into: &buffer, area: line)
        }
    }
}
