import PerfModel

/// What the update asks the app to do beyond changing the model: the work with files and
/// with new simulations, kept out of ``DashboardUpdate/update(_:_:keyMap:)`` so that the
/// update stays a function of the model and the message (elm's `Cmd`, bubbletea's `Cmd`).
public enum DashboardEffect: Sendable, Equatable {
    /// Open a session file and record from now (`r`).
    case startRecording(path: String)
    /// Finish the session file (`r` again).
    case stopRecording
    /// Start the preset at this index of `Presets.all` from time 0 (`p`).
    case loadPreset(Int)
    /// Start a background sweep of this knob (`w`).
    case startSweep(knob: String)

    /// Carries out `effects` in order.
    public static func perform(_ effects: [DashboardEffect], on model: inout DashboardModel) {
        for e in effects { e.perform(on: &model) }
    }

    func perform(on model: inout DashboardModel) {
        switch self {
        case .startRecording(let path):
            do {
                try model.startRecording(path: path)
                model.status = "recording to \(path)"
                model.record("recording to \(path)")
            } catch {
                model.status = "cannot record: \(error)"
            }
        case .stopRecording:
            let path = model.stopRecording()
            if !model.status.hasPrefix("cannot") {
                model.status = "recording stopped: \(path ?? "")"
                model.record("recording stopped: \(path ?? "")")
            }
        case .startSweep(let knob):
            guard let sweep = BackgroundSweep(knob: knob, simulation: model.simulation, seed: model.seed)
            else {
                model.status = "w sweeps a numeric knob above 0; \(knob) is not one"
                return
            }
            model.sweep = sweep
            model.status =
                "sweeping \(knob) around \(model.knobs.formatted(knob)) in the background (w closes)"
        case .loadPreset(let next):
            let presets = Presets.all
            do {
                var knobs = try presets[next].knobs()
                for a in model.startAssignments { try knobs.apply(assignment: a) }
                let simulation = try Simulation(knobs: knobs, seed: model.seed)
                let stopped = model.stopRecording()
                model.replaceSimulation(
                    simulation, knobs: knobs, scenarioName: presets[next].name, presetIndex: next)
                model.status = "scenario \(presets[next].name): \(presets[next].description)"
                if let stopped {
                    model.status = "recording stopped (new scenario): \(stopped)"
                    model.record("recording stopped (new scenario): \(stopped)")
                }
            } catch {
                model.status = "cannot load \(presets[next].name): \(error)"
            }
        }
    }
}
