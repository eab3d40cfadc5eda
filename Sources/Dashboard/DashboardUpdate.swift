import Foundation
import PerfModel
import TerminalCanvas

/// The dashboard's update function: a message in, the model changed in place.
///
/// bubbletea's `Update`. Keys go through ``KeyMap``; ticks advance the pipeline by the wall
/// time elapsed × speed (at most ``DashboardModel/maxFrameWall`` of wall time per frame; a
/// longer frame sets the lag mark), so simulated results do not depend on the frame rate.
public enum DashboardUpdate {
    public static func update(_ model: inout DashboardModel, _ message: DashboardMessage, keyMap: KeyMap = .standard) {
        switch message {
        case .tick(let wall):
            tick(&model, wall: wall)
        case .resize(let w, let h):
            model.width = max(0, w)
            model.height = max(0, h)
        case .mouse(let event):
            mouse(&model, event)
        case .key(let key):
            if model.input != nil {
                edit(&model, key)
            } else if let action = keyMap.action(for: key) {
                perform(&model, action)
            }
        }
    }

    static func tick(_ model: inout DashboardModel, wall: Double) {
        if model.lagFrames > 0 { model.lagFrames -= 1 }
        guard !model.paused, wall > 0 else { return }
        if wall > DashboardModel.maxFrameWall { model.lagFrames = 20 }
        model.simTarget += min(wall, DashboardModel.maxFrameWall) * model.speed
        model.pipeline.advance(to: Int64((model.simTarget * 1e9).rounded()))
        for event in model.inbox.drain() {
            let warning = event.kind == "backend_down" || event.kind == "ejected" || event.detail.hasSuffix("->open")
            let text: String
            switch event.kind {
            case "breaker": text = "breaker \(event.detail.replacingOccurrences(of: "->", with: " → "))"
            case "backend_down": text = "\(event.detail) down"
            case "backend_up": text = "\(event.detail) up"
            case "ejected": text = "\(event.detail) ejected"
            case "unejected": text = "\(event.detail) back in rotation"
            default: text = "\(event.kind) \(event.detail)"
            }
            model.log.append(EventLogEntry(t: event.t, text: text, isWarning: warning))
        }
        if model.log.count > DashboardModel.logCapacity {
            model.log.removeFirst(model.log.count - DashboardModel.logCapacity)
        }
    }

    static func perform(_ model: inout DashboardModel, _ action: DashboardAction) {
        let count = model.knobNames.count
        switch action {
        case .selectPrevious:
            model.selected = (model.selected - 1 + count) % count
            describeSelection(&model)
        case .selectNext:
            model.selected = (model.selected + 1) % count
            describeSelection(&model)
        case .stepDown: step(&model, by: -1)
        case .stepUp: step(&model, by: 1)
        case .stepDownLarge: step(&model, by: -10)
        case .stepUpLarge: step(&model, by: 10)
        case .editValue:
            model.input = ""
            model.status = "type a value for \(model.selectedName), Enter to set, Esc to cancel"
        case .togglePause:
            model.paused.toggle()
            model.status = model.paused ? "paused" : "running"
        case .slower:
            model.speedIndex = max(0, model.speedIndex - 1)
            model.status = "speed \(speedText(model.speed))"
        case .faster:
            model.speedIndex = min(DashboardModel.speeds.count - 1, model.speedIndex + 1)
            model.status = "speed \(speedText(model.speed))"
        case .zoomIn:
            model.windowIndex = max(0, model.windowIndex - 1)
            model.status = "window \(windowText(model.window))"
        case .zoomOut:
            model.windowIndex = min(DashboardModel.windows.count - 1, model.windowIndex + 1)
            model.status = "window \(windowText(model.window))"
        case .toggleLogScale:
            model.logScale.toggle()
            model.status = model.logScale ? "latency: log scale" : "latency: linear scale"
        case .nextTheme:
            model.themeIndex = (model.themeIndex + 1) % model.themes.count
            model.status = "theme \(model.theme.name)"
        case .toggleHelp: model.showHelp.toggle()
        case .nextPreset: nextPreset(&model)
        case .toggleFault: toggleFault(&model)
        case .quit: model.quitRequested = true
        }
    }

    /// Puts the selected knob's meaning in the footer.
    static func describeSelection(_ model: inout DashboardModel) {
        let name = model.selectedName
        guard let spec = try? KnobRegistry.spec(name) else { return }
        model.status = "\(name): \(spec.meaning)"
    }

    /// Steps the selected knob `times` steps (`KnobSpec.stepped`).
    static func step(_ model: inout DashboardModel, by times: Int) {
        let name = model.selectedName
        guard let spec = try? KnobRegistry.spec(name) else { return }
        let old = model.pipeline.knobs[name]
        let new = spec.stepped(old, by: times)
        guard new != old else {
            model.status = "\(name) cannot step further"
            return
        }
        do {
            try model.pipeline.set(name, new)
            changed(&model, name)
        } catch {
            model.status = "refused: \(error)"
        }
    }

    static func changed(_ model: inout DashboardModel, _ name: String) {
        let text = "\(name) = \(model.pipeline.knobs.formatted(name))"
        model.record(text)
        model.knobMarks.append(model.simSeconds)
        if model.knobMarks.count > DashboardModel.logCapacity {
            model.knobMarks.removeFirst(model.knobMarks.count - DashboardModel.logCapacity)
        }
        model.status = text
        // backends.count may have hidden the selected backend knob.
        model.selected = min(model.selected, model.knobNames.count - 1)
    }

    static func edit(_ model: inout DashboardModel, _ key: KeyPress) {
        guard var text = model.input else { return }
        switch key.key {
        case .escape:
            model.input = nil
            model.status = "cancelled"
        case .enter:
            model.input = nil
            let name = model.selectedName
            do {
                try model.pipeline.set(name, text: text.trimmingCharacters(in: .whitespaces))
                changed(&model, name)
            } catch {
                model.status = "refused: \(error)"
            }
        case .backspace:
            if !text.isEmpty { text.removeLast() }
            model.input = text
        case .character(let c) where key.modifiers.isEmpty || key.modifiers == .shift:
            if text.count < 64 { text.append(c) }
            model.input = text
        case .character("c") where key.modifiers == .control:
            model.input = nil
            model.status = "cancelled"
        default: break
        }
    }

    static func mouse(_ model: inout DashboardModel, _ event: MouseEvent) {
        let layout = DashboardLayout(width: model.width, height: model.height)
        guard !layout.tooSmall else { return }
        let hit = layout.knobs.contains(x: event.x, y: event.y)
            ? KnobPanel(model: model, area: layout.knobs).knob(atRow: event.y) : nil
        switch event.action {
        case .leftClick:
            if let hit {
                model.selected = hit
                describeSelection(&model)
            }
        case .wheelUp, .wheelDown:
            if let hit { model.selected = hit }
            if hit != nil || layout.knobs.contains(x: event.x, y: event.y) {
                step(&model, by: event.action == .wheelUp ? 1 : -1)
            }
        default: break
        }
    }

    static func nextPreset(_ model: inout DashboardModel) {
        let presets = Presets.all
        let next = ((model.presetIndex ?? -1) + 1) % presets.count
        do {
            var knobs = try presets[next].knobs()
            for a in model.startAssignments { try knobs.apply(assignment: a) }
            let pipeline = try Pipeline(knobs: knobs, seed: model.seed)
            model.replacePipeline(pipeline, scenarioName: presets[next].name, presetIndex: next)
            model.status = "scenario \(presets[next].name): \(presets[next].description)"
        } catch {
            model.status = "cannot load \(presets[next].name): \(error)"
        }
    }

    /// Toggles `backend.N.down` for the selected backend knob's backend, or backend 1.
    static func toggleFault(_ model: inout DashboardModel) {
        var n = 1
        let parts = model.selectedName.split(separator: ".")
        if parts.count >= 2, parts[0] == "backend", let i = Int(parts[1]) { n = i }
        let name = "backend.\(n).down"
        let down = model.pipeline.knobs[name].flag
        do {
            try model.pipeline.set(name, .flag(!down))
            changed(&model, name)
        } catch {
            model.status = "refused: \(error)"
        }
    }

    static func speedText(_ s: Double) -> String {
        s < 1 ? "\(s)×" : "\(Int(s))×"
    }

    static func windowText(_ w: Double) -> String {
        w < 60 ? "\(Int(w)) s" : "\(Int(w / 60)) min"
    }
}
