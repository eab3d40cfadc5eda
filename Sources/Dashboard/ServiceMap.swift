import PerfModel
import TerminalCanvas

/// The service map: the topology drawn as the tree of its calls from the entry service,
/// one row per service with its throughput, p99 and worker utilisation, coloured by health.
/// Shared by the view (to draw) and the update (to map a click to a service).
///
/// A map taller than its box scrolls so that the selected service's row stays in view
/// (near the middle), and says on its bottom border how many rows are out of view; a tree
/// deeper than the name column can hold shows the innermost levels of its indentation
/// behind a `…`.
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
    /// The index of the first row drawn.
    let offset: Int

    /// The rows drawn: at most the box's height, from ``offset``.
    var visible: ArraySlice<Row> { rows[offset..<min(rows.count, offset + max(0, inner.height))] }

    init(topology t: Topology, area: Rect, selected: Int = 0) {
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
        let h = max(0, inner.height)
        if rows.count > h, let first = out.firstIndex(where: { $0.service == selected }) {
            offset = min(max(0, first - h / 2), rows.count - h)
        } else {
            offset = 0
        }
    }

    /// The service drawn at screen row `y`, if one is.
    func service(atRow y: Int) -> Int? {
        let i = y - inner.y
        guard i >= 0, i < inner.height, offset + i < rows.count else { return nil }
        return rows[offset + i].service
    }

    /// `prefix` cut to at most `width` columns, its outer levels replaced by `…`.
    static func fit(_ prefix: String, width: Int) -> String {
        guard prefix.count > width else { return prefix }
        guard width > 1 else { return "" }
        return "…" + String(prefix.suffix(width - 1))
    }

    static func render(_ model: DashboardModel, last: Sample?, area: Rect, into buffer: inout CellBuffer) {
        let theme = model.theme
        let block = theme.box(
            "services", border: theme.misc, rightTitle: "s Tab selects · ok/s  p99  workers")
        block.render(into: &buffer, area: area)
        let map = ServiceMap(topology: model.topology, area: area, selected: model.selectedService)
        let inner = map.inner
        let nameWidth = min(
            max(
                map.rows.map { $0.prefix.count + model.topology.services[$0.service].name.count + 4 }.max()
                    ?? 10, 12), inner.width / 2)
        let above = map.offset
        let below = map.rows.count - map.offset - map.visible.count
        if above > 0 || below > 0, area.height >= 2 {
            let note =
                " "
                + [above > 0 ? "↑ \(above) more" : nil, below > 0 ? "↓ \(below) more" : nil]
                .compactMap { $0 }.joined(separator: " · ") + " "
            let x = area.right - 2 - note.count
            if x > area.x { buffer.write(note, x: x, y: area.bottom - 1, style: theme.inactiveStyle) }
        }
        for (i, var row) in map.visible.enumerated() {
            let line = inner.row(i)
            let selected = row.service == model.selectedService
            let style = selected ? theme.selectionStyle.adding(.bold) : theme.baseStyle
            if selected { buffer.fill(line, style: style) }
            let v = last.flatMap { row.service < $0.services.count ? $0.services[row.service] : nil }
            let instances = v?.instances ?? 1
            let name = model.topology.services[row.service].name + (instances > 1 ? " ×\(instances)" : "")
            // A deep tree gives way before the name does (up to 12 columns of it).
            row.prefix = ServiceMap.fit(row.prefix, width: max(0, nameWidth - 2 - min(name.count, 12)))
            // Health: red when it fails or its breaker refuses, yellow when its workers are
            // nearly all busy or it queues, green otherwise.
            var health = theme.breakerClosed
            // Instances taken down (`SERVICE.instance.N.down`): the knobs say, live and in replay.
            let configured = model.knobs.int(.instances, service: row.service)
            let down =
                configured < 1
                ? 0
                : (1...configured).filter {
                    model.knobs.flag(.instanceDown, service: row.service, index: $0)
                }.count
            if down > 0 { health = down >= configured ? theme.error : theme.warning }
            if let v, down < configured {
                let bad = v.counters.failed + v.counters.timedOut + v.counters.rejected + v.counters.dropped
                if CircuitBreaker.State.refuses(v.breakerState)
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
                        // No visit succeeded in the second: no latency to show, not 0 ms.
                        (v.latency.count > 0 ? " \(AxisFormat.milliseconds(v.latency.p99))" : " –").padding(
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
            if down > 0 {
                spans.append(
                    Span(
                        down >= configured ? "  DOWN" : "  \(down)/\(configured) down",
                        style: Style(
                            foreground: down >= configured ? theme.error : theme.warning, attributes: .bold)))
            }
            if !row.how.isEmpty {
                spans.append(Span("  " + row.how, style: selected ? style : theme.inactiveStyle))
            }
            Line(spans).render(into: &buffer, area: line)
        }
    }
}
