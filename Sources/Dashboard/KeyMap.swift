import TerminalCanvas

/// Which key does what: the one table the update function and the help overlay read.
public struct KeyMap: Sendable {
    /// One binding: the keys, how the help names them, and the action.
    public struct Binding: Sendable {
        public var keys: [KeyPress]
        public var label: String
        public var help: String
        public var action: DashboardAction
    }

    /// The bindings, in the order the help lists them.
    public var bindings: [Binding]

    /// The standard key map.
    public static let standard = KeyMap(bindings: [
        Binding(
            keys: [KeyPress(.up), .char("k")], label: "↑ k", help: "select the previous knob",
            action: .selectPrevious),
        Binding(
            keys: [KeyPress(.down), .char("j")], label: "↓ j", help: "select the next knob",
            action: .selectNext),
        Binding(
            keys: [KeyPress(.left), .char("-")], label: "← -", help: "step the knob down", action: .stepDown),
        Binding(
            keys: [KeyPress(.right), .char("+"), .char("=")], label: "→ +", help: "step the knob up",
            action: .stepUp),
        Binding(
            keys: [KeyPress(.pageDown)], label: "PgDn", help: "step the knob down ×10", action: .stepDownLarge
        ),
        Binding(keys: [KeyPress(.pageUp)], label: "PgUp", help: "step the knob up ×10", action: .stepUpLarge),
        Binding(
            keys: [KeyPress(.enter)], label: "Enter", help: "type a value for the knob (or KNOB=VALUE)",
            action: .editValue),
        Binding(keys: [.char(" ")], label: "Space", help: "pause or resume", action: .togglePause),
        Binding(keys: [.char("[")], label: "[", help: "slower (down to 0.1×)", action: .slower),
        Binding(keys: [.char("]")], label: "]", help: "faster (up to 100×)", action: .faster),
        Binding(keys: [.char("z")], label: "z", help: "zoom in the charts (down to 30 s)", action: .zoomIn),
        Binding(keys: [.char("Z")], label: "Z", help: "zoom out the charts (up to 10 min)", action: .zoomOut),
        Binding(
            keys: [.char("l")], label: "l", help: "latency chart: linear or log scale",
            action: .toggleLogScale),
        Binding(keys: [.char("t")], label: "t", help: "next theme", action: .nextTheme),
        Binding(
            keys: [.char("p")], label: "p", help: "next scenario: presets, topologies (restarts)",
            action: .nextPreset),
        Binding(
            keys: [.char("f")], label: "f", help: "fault: down the selected backend or instance",
            action: .toggleFault),
        Binding(
            keys: [.char("s"), KeyPress(.tab)], label: "s Tab",
            help: "select the next service (map, cards, knobs)", action: .nextService),
        Binding(
            keys: [.char("S")], label: "S", help: "select the previous service", action: .previousService),
        Binding(
            keys: [.char("/")], label: "/", help: "find a knob by name, any service's (Esc goes back)",
            action: .findKnob),
        Binding(keys: [.char("n")], label: "n", help: "the next knob found", action: .findNext),
        Binding(keys: [.char("N")], label: "N", help: "the previous knob found", action: .findPrevious),
        Binding(
            keys: [.char("w")], label: "w", help: "sweep the selected knob (w again closes)",
            action: .toggleSweep),
        Binding(
            keys: [.char("r")], label: "r", help: "record the session to a file, or stop",
            action: .toggleRecording),
        Binding(keys: [.char("?")], label: "?", help: "show or hide this help", action: .toggleHelp),
        Binding(
            keys: [KeyPress(.character("z"), modifiers: .control)], label: "^Z",
            help: "suspend to the shell (fg resumes)", action: .suspend),
        Binding(keys: [.char("q"), .ctrlC], label: "q ^C", help: "quit", action: .quit),
    ])

    /// The action bound to `key`, if any.
    public func action(for key: KeyPress) -> DashboardAction? {
        bindings.first { $0.keys.contains(key) }?.action
    }
}
