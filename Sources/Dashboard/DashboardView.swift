import Foundation
import PerfModel
import TerminalCanvas

/// Draws the whole dashboard for a model into a cell buffer.
///
/// bubbletea's `View` in ratatui's manner: every frame redraws every widget into the buffer
/// and the screen sends only the cells that changed.
public enum DashboardView {
    public static func render(_ model: DashboardModel, into buffer: inout CellBuffer) {
        let theme = model.theme
        buffer.fill(buffer.area, style: theme.baseStyle)
        let layout = DashboardLayout(
            width: buffer.width, height: buffer.height, services: model.topology.services.count)
        if layout.tooSmall {
            let lines = [
                "terminal too small",
                "need \(DashboardLayout.minWidth)×\(DashboardLayout.minHeight)",
                "now \(buffer.width)×\(buffer.height)", "q quits",
            ]
            for (i, line) in lines.enumerated() where i < buffer.height {
                buffer.write(
                    line, in: buffer.area.row(i), style: i == 0 ? theme.highlightStyle : theme.baseStyle)
            }
            return
        }
        let last = model.samples.last
        header(model, last: last, area: layout.header, into: &buffer)
        knobs(model, area: layout.knobs, into: &buffer)
        throughputChart(model, area: layout.throughput, into: &buffer)
        latencyChart(model, area: layout.latency, into: &buffer)
        if !layout.map.isEmpty { ServiceMap.render(model, last: last, area: layout.map, into: &buffer) }
        if !layout.cards.isEmpty {
            cards(model, last: model.cardSample(last), area: layout.cards, into: &buffer)
        }
        if !layout.log.isEmpty { eventLog(model, area: layout.log, into: &buffer) }
        footer(model, area: layout.footer, into: &buffer)
        if let sweep = model.sweep { sweepPanel(model, sweep, area: layout.latency, into: &buffer) }
        if model.showHelp { help(model, into: &buffer) }
    }

    /// The background sweep over the latency chart: p99 against the swept knob (and the
    /// knob's service's own p99), the value now in force marked.
    static func sweepPanel(
        _ model: DashboardModel, _ sweep: BackgroundSweep, area: Rect, into buffer: inout CellBuffer
    ) {
        let theme = model.theme
        let points = sweep.points
        let state =
            sweep.error.map { "failed: \($0)" }
            ?? (sweep.isDone ? "done" : "\(points.count)/\(sweep.values.count) points")
        buffer.fill(area, style: theme.baseStyle)
        let block = theme.box(
            "sweep: p99 (ms) against \(sweep.knob)", border: theme.highlight,
            rightTitle: "\(state) · w closes")
        block.render(into: &buffer, area: area)
        let inner = block.inner(area)
        guard let lo = sweep.values.min(), let hi = sweep.values.max(), hi > lo else { return }
        let now = model.knobs[sweep.knob].number
        // The x axis in the knob's own unit (`8ms`, not its nanoseconds' `8M`).
        let spec = try? model.knobs.resolve(sweep.knob).spec
        let xLabel: @Sendable (Double) -> String = { x in
            spec.map { $0.format(.number(x)) } ?? AxisFormat.compact(x)
        }
        var series = [ChartSeries(name: "p99", color: theme.seriesP99, points: points.map { ($0.x, $0.p99) })]
        if let service = sweep.service {
            series.append(
                ChartSeries(
                    name: "\(service) p99", color: theme.seriesHitRatio,
                    points: points.map { ($0.x, $0.serviceP99) }))
        }
        let chart = LineChart(
            series: series,
            xBounds: lo...hi, yScale: model.logScale ? .logarithmic : .linear,
            markers: [ChartMarker(x: Swift.min(Swift.max(now, lo), hi), symbol: "▲", color: theme.marker)],
            xLabel: xLabel,
            axisStyle: theme.axisStyle, labelStyle: theme.graphTextStyle, legendStyle: theme.graphTextStyle,
            xStep: spec?.axisStep)
        chart.render(into: &buffer, area: inner)
    }

    // MARK: header and footer

    static func header(_ model: DashboardModel, last: Sample?, area: Rect, into buffer: inout CellBuffer) {
        let theme = model.theme
        buffer.fill(area, style: theme.selectionStyle)
        var state = model.paused ? "⏸ PAUSED" : "▶ running"
        var spans: [Span]
        if let replay = model.replay {
            if replay.atEnd { state = "■ end" } else if !model.paused { state = "▶ playing" }
            let name = replay.file.split(separator: "/").last.map(String.init) ?? replay.file
            spans = [
                Span(
                    " REPLAY ",
                    style: Style(
                        foreground: theme.warning, background: theme.selectionBackground, attributes: .bold)),
                Span(
                    "\(name)  \(model.scenarioName)  seed \(model.seed)  t \(timeText(replay.position)) / "
                        + "\(timeText(replay.end))  speed \(DashboardUpdate.speedText(model.speed))  ",
                    style: theme.selectionStyle),
            ]
        } else {
            spans = [
                Span(" perflab ", style: theme.titleStyle.background(theme.selectionBackground)),
                Span(
                    "scenario \(model.scenarioName)  seed \(model.seed)  t \(timeText(model.simSeconds))  "
                        + "speed \(DashboardUpdate.speedText(model.speed))  ",
                    style: theme.selectionStyle),
            ]
        }
        if model.recording {
            spans.insert(
                Span(
                    "● REC ",
                    style: Style(
                        foreground: theme.error, background: theme.selectionBackground, attributes: .bold)),
                at: 1)
        }
        spans.append(
            Span(
                state,
                style: Style(
                    foreground: model.paused ? theme.warning : theme.breakerClosed,
                    background: theme.selectionBackground, attributes: .bold)))
        if model.lagging {
            spans.append(
                Span(
                    "  LAG: simulation behind",
                    style: Style(
                        foreground: theme.error, background: theme.selectionBackground, attributes: .bold)))
        }
        Line(spans).render(into: &buffer, area: area)
        let right = "window \(DashboardUpdate.windowText(model.window))  theme \(theme.name) "
        if area.width > Line(spans).width + right.count + 2 {
            buffer.write(right, in: area, alignment: .right, style: theme.selectionStyle)
        }
    }

    static func footer(_ model: DashboardModel, area: Rect, into buffer: inout CellBuffer) {
        let theme = model.theme
        if let input = model.input {
            let name = model.selectedName
            let prompt =
                DashboardUpdate.assignment(input) != nil
                ? " set \(input)▏  Enter sets, Esc cancels"
                : " set \(name) (now \(model.knobs.formatted(name))) = \(input)▏  Enter sets, Esc cancels"
            buffer.write(prompt, in: area, style: theme.highlightStyle)
        } else if let search = model.search {
            let text = search.text
            let n = search.matches
            let found =
                text.isEmpty
                ? "type part of a knob's name"
                : n == 0 ? "no knob's name contains it" : n == 1 ? "1 knob" : "\(n) knobs"
            buffer.write(
                " find: \(text)▏  \(found) · Enter keeps it, n N step, Esc goes back", in: area,
                style: n == 0 && !text.isEmpty
                    ? theme.errorStyle : theme.highlightStyle)
        } else {
            let warn = model.statusWarns
            buffer.write(
                " " + model.status, in: area,
                style: warn ? theme.errorStyle : theme.graphTextStyle)
        }
    }

    // MARK: knobs

    static func knobs(_ model: DashboardModel, area: Rect, into buffer: inout CellBuffer) {
        let theme = model.theme
        let block = theme.box(
            "knobs", border: theme.misc, rightTitle: model.replay == nil ? "↑↓ ←→" : "as recorded")
        block.render(into: &buffer, area: area)
        let panel = KnobPanel(model: model, area: area)
        let inner = panel.inner
        let wide = inner.width >= 36
        let unitWidth = wide ? 9 : 7
        let valueWidth = wide ? 11 : 7
        for (i, row) in panel.rows.enumerated() {
            let line = inner.row(i)
            switch row {
            case .stage(let s):
                buffer.write(s, in: line, style: theme.titleStyle)
            case .knob(let index, let name):
                let selected = index == model.selected
                let style = selected ? theme.selectionStyle.adding(.bold) : theme.baseStyle
                if selected { buffer.fill(line, style: style) }
                let short = model.bareName(name).split(separator: ".").dropFirst().joined(separator: ".")
                let nameRect = Rect(
                    x: line.x + 1, y: line.y, width: line.width - 1 - valueWidth - unitWidth - 2, height: 1)
                buffer.write(selected ? "▸" : " ", in: line, style: style)
                buffer.write(short.isEmpty ? model.bareName(name) : short, in: nameRect, style: style)
                let value = model.knobs.formatted(name)
                let valueRect = Rect(x: nameRect.right + 1, y: line.y, width: valueWidth, height: 1)
                buffer.write(
                    value, in: valueRect, alignment: .right, style: selected ? style : theme.highlightStyle)
                let unit = KnobRegistry.lookup(name).map { unitLabel($0.unit) } ?? ""
                let unitRect = Rect(x: valueRect.right + 1, y: line.y, width: unitWidth, height: 1)
                buffer.write(unit, in: unitRect, style: selected ? style : theme.inactiveStyle)
            }
        }
    }

    /// The unit shown after a knob's value: none for flags, choices, lists and files, whose
    /// values speak for themselves.
    static func unitLabel(_ unit: KnobUnit) -> String {
        switch unit {
        case .flag, .choice, .list, .durations, .path: return ""
        default: return unit.label
        }
    }

    // MARK: charts

    static func windowSamples(_ model: DashboardModel) -> (ArraySlice<Sample>, ClosedRange<Double>) {
        let samples = model.samples
        let hi = max(model.window, model.simSeconds)
        let lo = hi - model.window
        var start = samples.count
        while start > 0 && samples[start - 1].t >= lo { start -= 1 }
        return (samples[start...], lo...hi)
    }

    static func markers(_ model: DashboardModel, bounds: ClosedRange<Double>) -> [ChartMarker] {
        model.knobMarks.filter { bounds.contains($0) }.map {
            ChartMarker(x: $0, symbol: "▲", color: model.theme.marker)
        }
    }

    static func throughputChart(_ model: DashboardModel, area: Rect, into buffer: inout CellBuffer) {
        let theme = model.theme
        let (samples, bounds) = windowSamples(model)
        let last = samples.last
        let right = last.map { "\(AxisFormat.compact($0.throughput)) ok/s" }
        let block = theme.box("throughput (req/s)", border: theme.throughputBox, rightTitle: right)
        block.render(into: &buffer, area: area)
        let chart = LineChart(
            series: [
                ChartSeries(
                    name: "offered", color: theme.seriesOffered,
                    points: samples.map { ($0.t, $0.offeredRate) }),
                ChartSeries(
                    name: "succeeded", color: theme.seriesSucceeded,
                    points: samples.map { ($0.t, $0.throughput) }),
                ChartSeries(
                    name: "errors", color: theme.seriesErrors, points: samples.map { ($0.t, $0.errorRate) }),
            ],
            xBounds: bounds, markers: markers(model, bounds: bounds),
            axisStyle: theme.axisStyle, labelStyle: theme.graphTextStyle, legendStyle: theme.graphTextStyle)
        chart.render(into: &buffer, area: block.inner(area))
    }

    static func latencyChart(_ model: DashboardModel, area: Rect, into buffer: inout CellBuffer) {
        let theme = model.theme
        let (samples, bounds) = windowSamples(model)
        let last = samples.last
        // A second in which nothing succeeded has no latency: a gap in the lines and a dash
        // in the title, where a 0 had read as the fastest second of the run.
        let right = last.map {
            ($0.latency.count > 0
                ? "p99 \(AxisFormat.milliseconds($0.latency.p99))" : "p99 – (none succeeded)")
                + (model.logScale ? " · log" : "")
        }
        func line(_ value: (LatencySummary) -> Double) -> [(Double, Double)] {
            samples.map { ($0.t, $0.latency.count > 0 ? value($0.latency) : .nan) }
        }
        let block = theme.box("latency (ms)", border: theme.latencyBox, rightTitle: right)
        block.render(into: &buffer, area: area)
        let chart = LineChart(
            series: [
                ChartSeries(name: "p50", color: theme.seriesP50, points: line(\.p50)),
                ChartSeries(name: "p95", color: theme.seriesP95, points: line(\.p95)),
                ChartSeries(name: "p99", color: theme.seriesP99, points: line(\.p99)),
            ],
            xBounds: bounds, yScale: model.logScale ? .logarithmic : .linear,
            markers: markers(model, bounds: bounds),
            axisStyle: theme.axisStyle, labelStyle: theme.graphTextStyle, legendStyle: theme.graphTextStyle)
        chart.render(into: &buffer, area: block.inner(area))
    }

    // MARK: cards

    static func cards(_ model: DashboardModel, last: Sample?, area: Rect, into buffer: inout CellBuffer) {
        let wide = area.width >= 76
        let parts = Layout.horizontal(wide ? [.length(24), .length(26), .fill(1)] : [.length(24), .fill(1)])
            .split(area)
        let theme = model.theme
        if wide {
            let caches = theme.box("caches", border: theme.cacheBox)
            caches.render(into: &buffer, area: parts[0])
            cacheLines(model, last: last, area: caches.inner(parts[0]), into: &buffer)
            let flow = theme.box("breaker · channel", border: theme.misc)
            flow.render(into: &buffer, area: parts[1])
            flowLines(model, last: last, area: flow.inner(parts[1]), into: &buffer)
        } else {
            let both = theme.box("caches · breaker", border: theme.cacheBox)
            both.render(into: &buffer, area: parts[0])
            let inner = both.inner(parts[0])
            cacheLines(
                model, last: last, area: Rect(x: inner.x, y: inner.y, width: inner.width, height: 2),
                into: &buffer)
            flowLines(
                model, last: last,
                area: Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2),
                into: &buffer)
        }
        backendsTable(model, last: last, area: parts[parts.count - 1], into: &buffer)
    }

    static func cacheLines(_ model: DashboardModel, last: Sample?, area: Rect, into buffer: inout CellBuffer)
    {
        let theme = model.theme
        let knobs = model.knobs
        let svc = model.selectedService
        let c = last?.counters ?? Counters()
        let rows: [(String, Bool, Double)] = [
            ("L1", knobs.flag(.l1Enabled, service: svc), c.l1HitRatio),
            ("L2", knobs.flag(.l2Enabled, service: svc), c.l2HitRatio),
        ]
        for (i, (name, on, ratio)) in rows.enumerated() where i < area.height {
            if on {
                BarGauge(
                    label: name, ratio: ratio, valueText: "\(Int((ratio * 100).rounded()))%", labelWidth: 3,
                    gradient: theme.hitRatioGradient, trackSymbol: "·", trackStyle: theme.inactiveStyle,
                    textStyle: theme.baseStyle
                ).render(into: &buffer, area: area.row(i))
            } else {
                buffer.write("\(name) off", in: area.row(i), style: theme.inactiveStyle)
            }
        }
        if area.height > 3 {
            buffer.write(
                "hits \(AxisFormat.compact(Double(c.l1Hits + c.l2Hits)))/s", in: area.row(3),
                style: theme.graphTextStyle)
            buffer.write("coalesced \(c.coalesced)", in: area.row(4), style: theme.graphTextStyle)
            buffer.write(
                "policy \(knobs.text(.l1Policy, service: svc))/\(knobs.text(.l2Policy, service: svc))",
                in: area.row(5), style: theme.graphTextStyle)
        }
    }

    static func flowLines(_ model: DashboardModel, last: Sample?, area: Rect, into buffer: inout CellBuffer) {
        let theme = model.theme
        let state = model.breakerState
        let color: Color
        switch state {
        case "closed": color = theme.breakerClosed
        case "open": color = theme.breakerOpen
        case "disabled": color = theme.inactive
        default: color = theme.breakerHalfOpen
        }
        Line([Span("breaker "), Span(state.uppercased(), style: Style(foreground: color, attributes: .bold))])
            .render(into: &buffer, area: area.row(0))
        let knobs = model.knobs
        let svc = model.selectedService
        let depth = last?.channelDepth ?? 0
        if knobs.flag(.channelEnabled, service: svc) {
            let capacity = max(1, knobs.number(.channelCapacity, service: svc))
            BarGauge(
                label: "chan", ratio: Double(depth) / capacity, valueText: "\(depth)", labelWidth: 5,
                gradient: theme.queueGradient, trackSymbol: "·", trackStyle: theme.inactiveStyle,
                textStyle: theme.baseStyle
            ).render(into: &buffer, area: area.row(1))
        } else {
            buffer.write("channel off", in: area.row(1), style: theme.inactiveStyle)
        }
        // Hystrix-style rolling counts over the last ten simulated seconds (the selected
        // service's own in a topology).
        let (c, seconds) = model.cardWindow
        func n(_ x: UInt64) -> String { AxisFormat.compact(Double(x)) }
        Line([
            Span("ok ", style: theme.graphTextStyle),
            Span(n(c.succeeded), style: Style(foreground: theme.breakerClosed)),
            Span("  fail ", style: theme.graphTextStyle),
            Span(n(c.failed), style: Style(foreground: theme.error)),
        ])
        .render(into: &buffer, area: area.row(2))
        Line([
            Span("t/o ", style: theme.graphTextStyle),
            Span(n(c.timedOut), style: Style(foreground: theme.warning)),
            Span("  rej ", style: theme.graphTextStyle),
            Span(n(c.rejected), style: Style(foreground: theme.breakerHalfOpen)),
            Span("  drop ", style: theme.graphTextStyle),
            Span(n(c.dropped), style: Style(foreground: theme.warning)),
        ])
        .render(into: &buffer, area: area.row(3))
        buffer.write(
            "retries \(n(c.retried)) in \(seconds) s", in: area.row(4), style: theme.graphTextStyle)
        // A service the client does not call directly: its workers, where the client's
        // requests in flight would say nothing of it.
        if !model.cardIsClients,
            let v = model.samples.last.flatMap({ svc < $0.services.count ? $0.services[svc] : nil })
        {
            buffer.write(
                v.workers > 0 ? "workers busy \(v.busyWorkers)/\(v.workers)" : "workers: no limit",
                in: area.row(5), style: theme.graphTextStyle)
        } else if c.shed > 0 {
            Line([
                Span("in flight \(last?.inFlight ?? 0)  ", style: theme.graphTextStyle),
                Span("shed \(n(c.shed))", style: theme.errorStyle),
            ])
            .render(into: &buffer, area: area.row(5))
        } else {
            buffer.write("in flight \(last?.inFlight ?? 0)", in: area.row(5), style: theme.graphTextStyle)
        }
    }

    static func backendsTable(
        _ model: DashboardModel, last: Sample?, area: Rect, into buffer: inout CellBuffer
    ) {
        let theme = model.theme
        let backends = last?.backends ?? []
        // A service of a topology also lists its calls to other services, one row per callee.
        let calls =
            model.topology.isSingle
            ? []
            : last.flatMap { s in
                model.selectedService < s.services.count ? s.services[model.selectedService].calls : nil
            } ?? []
        var title = "backends"
        if !model.topology.isSingle {
            let name = model.topology.services[model.selectedService].name
            title =
                calls.isEmpty
                ? "backends · \(name)" : backends.isEmpty ? "calls · \(name)" : "db · calls · \(name)"
        }
        let block = theme.box(title, border: theme.backendsBox)
        block.render(into: &buffer, area: area)
        let inner = block.inner(area)
        guard !calls.isEmpty else {
            if backends.isEmpty && !model.topology.isSingle && last != nil {
                // A service that neither queries a database nor calls anyone: only its work.
                buffer.write(
                    "no database, no calls", in: inner.row(0), style: theme.inactiveStyle)
                return
            }
            backendRows(model, backends, area: inner, into: &buffer)
            return
        }
        var callsArea = inner
        if !backends.isEmpty {
            // The calls keep at least half the card (or all they need) when both are long.
            let forCalls = min(calls.count + 1, max(2, inner.height / 2))
            let h = max(0, min(backends.count + 1, inner.height - forCalls))
            backendRows(
                model, backends, area: Rect(x: inner.x, y: inner.y, width: inner.width, height: h),
                into: &buffer)
            callsArea = Rect(x: inner.x, y: inner.y + h, width: inner.width, height: inner.height - h)
        }
        callRows(model, calls, area: callsArea, into: &buffer)
    }

    /// A database's backends: load, connections in use, errors, and their faults.
    static func backendRows(
        _ model: DashboardModel, _ backends: [BackendSample], area inner: Rect, into buffer: inout CellBuffer
    ) {
        let theme = model.theme
        // Narrow cards leave out the percentage column (the bar shows the same).
        let showPercent = inner.width >= 30
        let barWidth = max(3, min(12, inner.width - (showPercent ? 32 : 22)))
        var rows: [TableRow] = []
        for (i, b) in backends.enumerated() {
            let u = min(1, max(0, b.counters.utilization))
            let filled = Int((u * Double(barWidth)).rounded())
            let barColor = theme.utilizationGradient.color(at: u)
            var marks: [Span] = []
            if b.down {
                marks.append(Span("DOWN ", style: theme.errorStyle))
            }
            if b.ejected {
                marks.append(Span("EJECT ", style: Style(foreground: theme.warning, attributes: .bold)))
            }
            if b.slowdown != 1 {
                marks.append(
                    Span("slow×\(KnobSpec.trim(b.slowdown))", style: Style(foreground: theme.warning)))
            }
            var cells = [
                Line("db-\(i + 1)"),
                Line([
                    Span(String(repeating: "█", count: filled), style: Style(foreground: barColor)),
                    Span(String(repeating: "·", count: barWidth - filled), style: theme.inactiveStyle),
                ]),
            ]
            if showPercent { cells.append(Line("\(Int((u * 100).rounded()))%")) }
            cells += [Line("\(b.inFlight)"), Line("\(b.counters.errors)"), Line(marks)]
            rows.append(TableRow(cells))
        }
        var columns = [TableColumn(.length(4)), TableColumn(.length(barWidth))]
        var titles = ["name", "load"]
        if showPercent {
            columns.append(TableColumn(.length(4), alignment: .right))
            titles.append("")
        }
        columns += [
            TableColumn(.length(4), alignment: .right), TableColumn(.length(4), alignment: .right),
            TableColumn(.fill(1)),
        ]
        titles += ["infl", "err", ""]
        Table(
            columns: columns, header: TableRow(texts: titles, style: theme.titleStyle), rows: rows,
            style: theme.baseStyle
        )
        .render(into: &buffer, area: inner)
    }

    /// A service's calls per callee over the last second: attempts, errors, timeouts and
    /// breaker refusals (on a narrow card the three in one column), with `⊘` before a callee
    /// whose breaker is open and `◐` when it is half-open.
    static func callRows(
        _ model: DashboardModel, _ calls: [CallSample], area: Rect, into buffer: inout CellBuffer
    ) {
        guard area.height > 0 else { return }
        let theme = model.theme
        let full = area.width >= 26
        let bad = Style(foreground: theme.error)
        func cell(_ v: UInt64) -> Line {
            Line([Span(AxisFormat.compact(Double(v)), style: v > 0 ? bad : theme.baseStyle)])
        }
        let rows = calls.map { c -> TableRow in
            var name = [Span(c.to)]
            switch c.breakerState {
            case "open", "forced_open":
                name.insert(Span("⊘ ", style: theme.errorStyle), at: 0)
            case "half_open":
                name.insert(Span("◐ ", style: Style(foreground: theme.warning, attributes: .bold)), at: 0)
            default: break
            }
            let k = c.counters
            var cells = [Line(name), Line(AxisFormat.compact(Double(k.attempts)))]
            cells +=
                full
                ? [cell(k.errors), cell(k.timedOut), cell(k.rejected)]
                : [cell(k.errors + k.timedOut + k.rejected)]
            return TableRow(cells)
        }
        var columns = [TableColumn(.fill(1)), TableColumn(.length(5), alignment: .right)]
        columns += Array(repeating: TableColumn(.length(4), alignment: .right), count: full ? 3 : 1)
        Table(
            columns: columns,
            header: TableRow(
                texts: ["calls", "att/s"] + (full ? ["err", "t/o", "rej"] : ["fail"]), style: theme.titleStyle
            ),
            rows: rows, style: theme.baseStyle
        )
        .render(into: &buffer, area: area)
    }

    // MARK: event log and help

    static func eventLog(_ model: DashboardModel, area: Rect, into buffer: inout CellBuffer) {
        let theme = model.theme
        let block = theme.box("events", border: theme.misc)
        block.render(into: &buffer, area: area)
        let inner = block.inner(area)
        let shown = model.log.suffix(inner.height)
        for (i, entry) in shown.enumerated() {
            let row = inner.row(i)
            let x = buffer.write(
                String(format: "%8.1fs  ", entry.t), x: row.x, y: row.y, style: theme.inactiveStyle, clip: row
            )
            buffer.write(
                entry.text, in: Rect(x: x, y: row.y, width: row.right - x, height: 1),
                style: entry.isWarning ? Style(foreground: theme.warning, attributes: .bold) : theme.baseStyle
            )
        }
        if shown.isEmpty {
            buffer.write(
                "knob changes, breaker transitions and backend events show here", in: inner.row(0),
                style: theme.inactiveStyle)
        }
    }

    static func help(_ model: DashboardModel, into buffer: inout CellBuffer) {
        let theme = model.theme
        let lines = helpLines(model)
        // One column of at most 60; when the lines do not fit the height (80×24), two side
        // by side (descriptions cut with …), so that every key shows, quit included.
        let rows = max(1, buffer.height - 4)
        let columns = lines.count > rows && buffer.width >= 70 ? 2 : 1
        let perColumn = (lines.count + columns - 1) / columns
        let w = min(buffer.width - 2, columns == 2 ? 120 : 60)
        let h = min(buffer.height - 2, perColumn + (columns == 2 ? 2 : 3))
        let area = Rect(x: (buffer.width - w) / 2, y: (buffer.height - h) / 2, width: w, height: h)
        buffer.fill(area, style: theme.baseStyle)
        let block = theme.box("help: keys", border: theme.highlight, rightTitle: "? or Esc closes")
        block.render(into: &buffer, area: area)
        let inner = block.inner(area)
        let columnWidth = columns == 2 ? (inner.width - 2) / 2 : inner.width
        for (i, text) in lines.enumerated() {
            let c = i / perColumn
            let row = i % perColumn
            guard row < inner.height else { continue }
            let cell = Rect(
                x: inner.x + c * (columnWidth + 2), y: inner.y + row, width: columnWidth, height: 1)
            buffer.write(text, in: cell, style: theme.baseStyle)
        }
    }

    /// The help overlay's lines: every key of the live dashboard, or those of a replay.
    static func helpLines(_ model: DashboardModel) -> [String] {
        if model.replay != nil {
            var lines = [
                "replay: the knobs show the recorded values, read-only",
                "Space   pause or resume",
                "← →     seek back / forward 5 s",
                "PgUp    seek back 60 s; PgDn forward 60 s",
                "Home    the start; End the end",
                "[ ]     slower / faster (0.1× to 100×)",
                "z Z     zoom the charts; l log scale; t theme",
                "↑ ↓     select a knob; / finds one by name, n N step",
            ]
            if model.topology.services.count > 1 {
                lines += [
                    "s Tab   select the next service (S the previous): its cards",
                    "mouse   click a service or a knob; the wheel over the map",
                ]
            }
            lines.append("^Z      suspend to the shell (fg resumes)")
            lines.append("q ^C    quit")
            return lines
        }
        return KeyMap.standard.bindings.map {
            "\($0.label.padding(toLength: 7, withPad: " ", startingAt: 0)) \($0.help)"
        } + ["mouse   click selects a knob or service, wheel steps it"]
    }

    static func timeText(_ s: Double) -> String {
        let total = Int(s)
        return String(format: "%d:%02d.%d", total / 60, total % 60, Int((s - Double(total)) * 10))
    }
}
