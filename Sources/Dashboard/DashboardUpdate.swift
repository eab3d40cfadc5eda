import Foundation
import PerfModel
import TerminalCanvas

/// The dashboard's update function: a message in, the model changed in place.
///
/// bubbletea's `Update`. Keys go through ``KeyMap``; ticks advance the pipeline by the wall
/// time elapsed × speed (at most ``DashboardModel/maxFrameWall`` of wall time per frame; a
/// longer frame sets the lag mark), so simulated results do not depend on the frame rate.
public enum DashboardUpdate {
    /// The update proper: changes the model and returns the effects it asks for (file work,
    /// a new simulation), which ``handle(_:_:keyMap:)`` or the app carries out. It touches
    /// no file itself.
    @discardableResult
    public static func update(
        _ model: inout DashboardModel, _ message: DashboardMessage, keyMap: KeyMap = .standard
    )
        -> [DashboardEffect]
    {
        dispatch(&model, message, keyMap: keyMap)
        defer { model.effects.removeAll() }
        return model.effects
    }

    /// Updates and carries out the effects: what the app does with each message.
    public static func handle(
        _ model: inout DashboardModel, _ message: DashboardMessage, keyMap: KeyMap = .standard
    ) {
        let effects = update(&model, message, keyMap: keyMap)
        DashboardEffect.perform(effects, on: &model)
    }

    static func dispatch(_ model: inout DashboardModel, _ message: DashboardMessage, keyMap: KeyMap) {
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
            } else if model.search != nil {
                find(&model, key)
            } else if model.showHelp, key == KeyPress(.escape) {
                model.showHelp = false
            } else if replayKey(&model, key) {
                return
            } else if let action = keyMap.action(for: key) {
                perform(&model, action)
            }
        }
    }

    static func tick(_ model: inout DashboardModel, wall: Double) {
        if model.lagFrames > 0 { model.lagFrames -= 1 }
        guard !model.paused, wall > 0 else { return }
        if var replay = model.replay {
            guard !replay.atEnd else { return }
            replay.seek(to: replay.position + min(wall, DashboardModel.maxFrameWall) * replay.speed)
            model.replay = replay
            model.syncReplay()
            if replay.atEnd { model.status = "end of the recording (Home plays it again)" }
            return
        }
        if wall > DashboardModel.maxFrameWall { model.lagFrames = 20 }
        // Behind its target, the simulation catches up before the target moves on: the
        // simulated clock slows to what the machine can do, with no backlog piling up.
        if !model.behind { model.simTarget += min(wall, DashboardModel.maxFrameWall) * model.speed }
        let target = Int64((model.simTarget * 1e9).rounded())
        if let budget = model.frameBudget {
            let clock = ContinuousClock()
            let start = clock.now
            var reached = false
            repeat {
                reached = model.simulation.advance(to: target, budget: DashboardModel.eventsPerStep)
            } while !reached && clock.now - start < budget
            model.behind = !reached
            if !reached { model.lagFrames = 20 }
        } else {
            model.simulation.advance(to: target)
            model.behind = false
        }
        if model.recorder?.error != nil, let stopped = model.stopRecording() {
            // The disk filled up or the file went away: the lines so far stay readable.
            model.sayStopped(stopped)
        }
        for event in model.inbox.drain() { model.log.append(logEntry(for: event)) }
        if model.log.count > DashboardModel.logCapacity {
            model.log.removeFirst(model.log.count - DashboardModel.logCapacity)
        }
    }

    /// The event-log line for a model event.
    static func logEntry(for event: ModelEvent) -> EventLogEntry {
        EventLogEntry(t: event.t, text: event.text, isWarning: event.isWarning)
    }

    /// The event-log line for a recorded event.
    static func logEntry(for event: RecordedEvent) -> EventLogEntry {
        EventLogEntry(t: event.t, text: event.text, isWarning: event.isWarning)
    }

    /// Keys with a meaning of their own in replay: seeking instead of stepping knobs.
    /// Returns whether the key was handled.
    static func replayKey(_ model: inout DashboardModel, _ key: KeyPress) -> Bool {
        guard var replay = model.replay, key.modifiers.isEmpty else { return false }
        let target: Double
        switch key.key {
        case .left: target = replay.position - 5
        case .right: target = replay.position + 5
        case .pageUp: target = replay.position - 60
        case .pageDown: target = replay.position + 60
        case .home: target = replay.start
        case .end: target = replay.end
        default: return false
        }
        replay.seek(to: target)
        model.replay = replay
        model.syncReplay()
        model.status =
            "at \(DashboardView.timeText(replay.position)) of \(DashboardView.timeText(replay.end))"
        return true
    }

    /// Actions that would change the simulation do nothing in replay but say so.
    static func replayRefuses(_ action: DashboardAction) -> Bool {
        switch action {
        case .stepDown, .stepUp, .stepDownLarge, .stepUpLarge, .editValue, .nextPreset, .toggleFault,
            .toggleRecording:
            return true
        default: return false
        }
    }

    static func perform(_ model: inout DashboardModel, _ action: DashboardAction) {
        if model.replay != nil {
            if replayRefuses(action) {
                model.status = "replay: the knobs are read-only (they show the recorded values)"
                return
            }
            if action == .slower || action == .faster {
                model.replay?.changeSpeed(faster: action == .faster)
                model.status = "speed \(speedText(model.speed))"
                return
            }
            if action == .togglePause, model.paused, model.replay?.atEnd == true {
                let start = model.replay?.start ?? 0
                model.replay?.seek(to: start)
                model.syncReplay()
            }
        }
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
        case .toggleRecording: toggleRecording(&model)
        case .toggleSweep:
            if let s = model.sweep {
                s.cancel()
                model.sweep = nil
                model.status = "sweep closed"
            } else {
                model.effects.append(.startSweep(knob: model.selectedName))
            }
        case .findKnob:
            model.search = KnobSearch(finder: model.knobFinder(), origin: model.place)
            model.status = "find a knob: type part of its name"
        case .findNext, .findPrevious:
            guard !model.lastFound.isEmpty else {
                model.status = "/ finds a knob first; n and N then step through what it found"
                return
            }
            found(
                &model, model.lastFound,
                at: model.knobFinder().find(
                    model.lastFound, from: model.place, backwards: action == .findPrevious))
        case .nextService: model.selectService(by: 1)
        case .previousService: model.selectService(by: -1)
        case .quit: model.quitRequested = true
        case .suspend: model.suspendRequested = true
        }
    }

    /// Puts the selected knob's meaning in the footer.
    static func describeSelection(_ model: inout DashboardModel) {
        let name = model.selectedName
        guard let spec = KnobRegistry.lookup(name) else { return }
        model.status = "\(name): \(spec.meaning)"
    }

    /// Steps the selected knob `times` steps (`KnobSpec.stepped`).
    static func step(_ model: inout DashboardModel, by times: Int) {
        guard model.replay == nil else {
            model.status = "replay: the knobs are read-only (they show the recorded values)"
            return
        }
        let name = model.selectedName
        guard let spec = KnobRegistry.lookup(name) else { return }
        let old = model.simulation.knobs[name]
        let new = spec.stepped(old, by: times)
        guard new != old else {
            model.status = "\(name) cannot step further"
            return
        }
        set(&model, name) { try $0.set(name, new) }
    }

    /// Changes knob `name` with `change`, recording the change (old and new value, at the
    /// pipeline's simulated time) exactly as a `--script` line would be; a refusal goes to
    /// the footer.
    static func set(_ model: inout DashboardModel, _ name: String, _ change: (Simulation) throws -> Void) {
        let old = model.simulation.knobs[name]
        do {
            try change(model.simulation)
        } catch {
            model.warn("refused: \(error)")
            return
        }
        let new = model.simulation.knobs[name]
        guard new != old else {
            // Nothing to record; the footer says so (it still showed the prompt's hint).
            model.status = "\(name) is \(model.simulation.knobs.formatted(name)) already"
            return
        }
        let c = KnobChange(at: model.simulation.now, name: name, old: old, new: new)
        model.knobChanges.append(c)
        model.recorder?.record(c)
        changed(&model, name)
    }

    /// `r`: starts recording (to the default file name) or stops it.
    static func toggleRecording(_ model: inout DashboardModel) {
        model.effects.append(
            model.recorder != nil ? .stopRecording : .startRecording(path: model.defaultRecordPath()))
    }

    static func changed(_ model: inout DashboardModel, _ name: String) {
        let text = "\(name) = \(model.simulation.knobs.formatted(name))"
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
            var name = model.selectedName
            var value = text.trimmingCharacters(in: .whitespaces)
            if let (knob, v) = assignment(value) {
                // `KNOB=VALUE` sets any knob, as `--set` does, and selects it where a panel
                // shows it.
                name = knob
                value = v
                if let r = try? model.knobs.resolve(knob) {
                    let s = r.service ?? model.selectedService
                    if let k = model.knobNames(service: s).firstIndex(of: r.name) {
                        model.place = KnobFinder.Place(service: s, knob: k)
                        name = r.name
                    }
                }
            }
            set(&model, name) { [value] in
                do {
                    try $0.set(name, text: value)
                } catch {
                    // `NAME=VALUE` whose NAME is no knob: said so, with the nearest name,
                    // rather than the whole text refused as the selected knob's value.
                    if let left = misspeltKnob(value) { throw KnobRegistry.unknown(left) }
                    throw error
                }
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

    /// `NAME=VALUE` split at its first `=`, both sides trimmed; nil without one.
    static func split(_ text: String) -> (name: String, value: String)? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        return (
            text[..<eq].trimmingCharacters(in: .whitespaces),
            text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        )
    }

    /// `KNOB=VALUE` typed after Enter, when KNOB names a knob (a value may hold `=`
    /// itself: a trace file's path).
    static func assignment(_ text: String) -> (knob: String, value: String)? {
        guard let (name, value) = split(text), KnobRegistry.has(name) else { return nil }
        return (name, value)
    }

    /// The left of `NAME=VALUE` when it is written as a knob's name is (a dotted name of
    /// letters, digits and `_`) and names none.
    static func misspeltKnob(_ text: String) -> String? {
        guard let name = split(text)?.name, name.contains("."), !KnobRegistry.has(name) else { return nil }
        let named = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") }
        return named ? name : nil
    }

    /// A key while finding a knob: each character typed moves the selection to the first
    /// knob whose name contains the text, from where `/` was pressed (vim's incremental
    /// search); Enter keeps it, Esc goes back.
    static func find(_ model: inout DashboardModel, _ key: KeyPress) {
        guard var search = model.search else { return }
        if key == KeyPress(.escape) || key == .ctrlC {
            model.search = nil
            model.place = search.origin
            model.status = "cancelled"
            return
        }
        switch key.key {
        case .enter:
            model.search = nil
            if search.matches > 0 { model.lastFound = search.text }
            found(&model, search.text, at: search.matches > 0 || search.text.isEmpty ? model.place : nil)
            return
        case .backspace:
            if !search.text.isEmpty { search.text.removeLast() }
        case .character(let c) where key.modifiers.isEmpty || key.modifiers == .shift:
            if search.text.count < 64 { search.text.append(c) }
        default: return
        }
        search.matches = search.finder.count(search.text)
        model.search = search
        let at =
            search.text.isEmpty ? nil : search.finder.find(search.text, from: search.origin, including: true)
        model.place = at ?? search.origin
    }

    /// Selects the knob `n` or `N` found for `text`, or says there is none.
    static func found(_ model: inout DashboardModel, _ text: String, at place: KnobFinder.Place?) {
        guard let place else {
            model.warn("no knob's name contains \"\(text)\"")
            return
        }
        model.place = place
        describeSelection(&model)
    }

    static func mouse(_ model: inout DashboardModel, _ event: MouseEvent) {
        let layout = DashboardLayout(
            width: model.width, height: model.height, services: model.topology.services.count)
        guard !layout.tooSmall else { return }
        let hit =
            layout.knobs.contains(x: event.x, y: event.y)
            ? KnobPanel(model: model, area: layout.knobs).knob(atRow: event.y) : nil
        switch event.action {
        case .leftClick:
            if let hit {
                model.selected = hit
                describeSelection(&model)
            } else if layout.map.contains(x: event.x, y: event.y),
                let s = ServiceMap(
                    topology: model.topology, area: layout.map, selected: model.selectedService
                )
                .service(atRow: event.y)
            {
                model.selectService(by: s - model.selectedService)
            }
        case .wheelUp, .wheelDown:
            if let hit { model.selected = hit }
            if hit != nil || layout.knobs.contains(x: event.x, y: event.y) {
                step(&model, by: event.action == .wheelUp ? 1 : -1)
            } else if layout.map.contains(x: event.x, y: event.y), model.topology.services.count > 1 {
                model.selectService(by: event.action == .wheelUp ? -1 : 1)
            }
        default: break
        }
    }

    static func nextPreset(_ model: inout DashboardModel) {
        let n = max(1, model.scenarioCycle.count)
        model.effects.append(.loadScenario((((model.presetIndex ?? -1) + 1) % n)))
    }

    /// `f`: toggles `backend.N.down` of the selected service's database (N from the selected
    /// `backend.N.*` knob, else 1); for a service that queries no database of its own, its
    /// `instance.N.down` (N from a selected `instance.N.*` knob, else 1) instead.
    static func toggleFault(_ model: inout DashboardModel) {
        let s = model.selectedService
        let queries = model.simulation.usesDatabase(s)
        let family = queries ? "backend" : "instance"
        var n = 1
        let parts = model.bareName(model.selectedName).split(separator: ".")
        if parts.count >= 2, parts[0] == family, let i = Int(parts[1]) { n = i }
        let name = model.knobs.name(queries ? .backendDown : .instanceDown, service: s, index: n)
        let down = model.simulation.knobs[name].flag
        set(&model, name) { try $0.set(name, .flag(!down)) }
    }

    static func speedText(_ s: Double) -> String {
        s < 1 || s != s.rounded() ? "\(s)×" : "\(Int(s))×"
    }

    static func windowText(_ w: Double) -> String {
        w < 60 ? "\(Int(w)) s" : "\(Int(w / 60)) min"
    }
}
