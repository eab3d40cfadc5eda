import PerfModel

/// What the update asks the app to do beyond changing the model: the work with files and
/// with new simulations, kept out of ``DashboardUpdate/update(_:_:keyMap:)`` so that the
/// update stays a function of the model and the message (elm's `Cmd`, bubbletea's `Cmd`).
public enum DashboardEffect: Sendable, Equatable {
    /// Open a session file and record from now (`r`).
    case startRecording(path: String)
    /// Finish the session file (`r` again).
    case stopRecording
    /// Start the scenario at this index of ``DashboardModel/scenarioCycle`` from time 0 (`p`).
    case loadScenario(Int)
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
                model.warn("cannot record: \(error)")
            }
        case .stopRecording:
            if let stopped = model.stopRecording() { model.sayStopped(stopped) }
        case .startSweep(let knob):
            guard let sweep = BackgroundSweep(knob: knob, simulation: model.simulation, seed: model.seed)
            else {
                model.status = "w sweeps a numeric knob above 0; \(knob) is not one"
                return
            }
            model.sweep = sweep
            model.status =
                "sweeping \(knob) around \(model.knobs.formatted(knob)) in the background (w closes)"
        case .loadScenario(let next):
            guard next >= 0 && next < model.scenarioCycle.count else { return }
            let name = model.scenarioCycle[next]
            let shown = name.isEmpty ? (model.startScenario?.name ?? "the first scenario") : name
            do {
                guard let scenario = try name.isEmpty ? model.startScenario : Scenario.load(name) else {
                    return
                }
                var knobs = try scenario.knobs()
                // A --set that names what this scenario lacks (another topology's service)
                // is left out here, and comes back with a scenario that has it.
                var left: [String] = []
                for a in model.startAssignments {
                    do { try knobs.apply(assignment: a) } catch {
                        left.append(String(a.prefix { $0 != "=" }))
                    }
                }
                let simulation = try Simulation(topology: scenario.topology, knobs: knobs, seed: model.seed)
                let stopped = model.stopRecording()
                model.replaceSimulation(
                    simulation, knobs: knobs, scenarioName: scenario.name, presetIndex: next)
                model.status =
                    "scenario \(scenario.name): \(scenario.description)"
                    + (left.isEmpty ? "" : " (--set \(left.joined(separator: ", ")) left out here)")
                if let stopped { model.sayStopped(stopped, reason: " (new scenario)") }
            } catch {
                // The next p goes on to the scenario after it.
                model.presetIndex = next
                model.warn("cannot load \(shown): \(error)")
            }
        }
    }
}
