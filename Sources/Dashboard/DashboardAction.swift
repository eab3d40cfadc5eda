/// What a key does in the dashboard, independent of which key it is.
public enum DashboardAction: Sendable, Equatable {
    case selectPrevious, selectNext
    case stepDown, stepUp, stepDownLarge, stepUpLarge
    case editValue
    case togglePause
    case slower, faster
    case zoomIn, zoomOut
    case toggleLogScale
    case nextTheme
    case toggleHelp
    case nextPreset
    case toggleFault
    case toggleRecording
    case nextService, previousService
    case toggleSweep
    /// `/`: type part of a knob's name; `n` and `N`: the next and previous knob it fits.
    case findKnob, findNext, findPrevious
    case quit
    /// Ctrl-Z: back to the shell until `fg`.
    case suspend
}
