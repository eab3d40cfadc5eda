import CursesBackend
import Foundation
import PerfModel
import SimKernel
import TerminalCanvas

/// The interactive dashboard: validates its options, then runs the frame loop on the
/// terminal until the user quits.
///
/// Everything a user can get wrong (scenario, knob, theme) is checked in ``init`` before
/// the terminal is touched, so mistakes come out as one line on standard error.
public struct DashboardApp {
    /// At most this many frames a second.
    public static let framesPerSecond = 20.0

    public var model: DashboardModel

    /// Loads the scenario, applies `assignments` and loads the themes.
    public init(scenario: String, seed: UInt64, assignments: [String], theme: String?) throws {
        let loaded = try Scenario.load(scenario)
        let (themes, index) = try Self.themes(theme)
        model = try DashboardModel(
            scenario: loaded, seed: seed, assignments: assignments, themes: themes, themeIndex: index)
    }

    /// Plays the session in `file` (already read as `session`) at `speed`.
    public init(replay session: Session, file: String, speed: Double, theme: String?) throws {
        let (themes, index) = try Self.themes(theme)
        model = try DashboardModel(
            replay: session, file: file, speed: speed, themes: themes, themeIndex: index)
    }

    /// Every theme found, and the index of the one asked for (or `default`).
    static func themes(_ theme: String?) throws -> ([Theme], Int) {
        let library = ThemeLibrary.standard()
        var themes: [Theme] = []
        var index = 0
        for listing in library.listThemes() {
            if let t = try? library.load(listing.path ?? listing.name) { themes.append(t) }
        }
        if themes.isEmpty { themes = [Theme.standard] }
        if let theme {
            let chosen = try library.load(theme)
            if let i = themes.firstIndex(where: { $0.name == chosen.name }) {
                themes[i] = chosen
                index = i
            } else {
                themes.insert(chosen, at: 0)
            }
        } else if let i = themes.firstIndex(where: { $0.name == "default" }) {
            index = i
        }
        return (themes, index)
    }

    /// At most this many input events are handled once a frame is due.
    static let lateEventsPerFrame = 256

    /// Runs on the terminal until `q`, Ctrl-C or SIGTERM; the terminal is always restored.
    /// Recording (`--record`) is finished on the way out, whatever ends the loop; `cast`
    /// receives every presented frame, and `afterFrame` is called after each one is on
    /// the screen.
    public mutating func run(
        cast: CastRecorder? = nil, afterFrame: ((DashboardModel) -> Void)? = nil
    ) throws {
        defer {
            cast?.finish()
        }
        defer { model.stopRecording() }
        // A frame advances the simulation for at most 40 ms of wall time, so that keys,
        // q, Ctrl-C and SIGTERM are handled however heavy the load a knob sets.
        if model.frameBudget == nil { model.frameBudget = .milliseconds(40) }
        let screen = try CursesScreen()
        defer { screen.restore() }
        runLoop(on: screen, cast: cast, afterFrame: afterFrame)
    }

    /// The frame loop on any screen (the terminal, or an in-memory one in tests): input is
    /// handled as it comes, a frame is drawn every 1/``framesPerSecond`` s. Ends on quit,
    /// or after `maxFrames` frames when given.
    public mutating func runLoop(
        on screen: some TerminalScreen, cast: CastRecorder? = nil, maxFrames: Int? = nil,
        afterFrame: ((DashboardModel) -> Void)? = nil
    ) {
        DashboardUpdate.handle(&model, .resize(width: screen.width, height: screen.height))
        let frame = Duration.seconds(1 / Self.framesPerSecond)
        let clock = ContinuousClock()
        var last = clock.now
        var buffer = screen.makeBuffer()
        var dirty = true
        var frames = 0
        while !model.quitRequested {
            if let maxFrames, frames >= maxFrames { break }
            let deadline = last + frame
            // Poll input until the frame is due (about 50 ms), handling every event. When
            // the simulation is behind, the frame is already due: what has come in is still
            // handled (without waiting), so that keys, q, Ctrl-C and SIGTERM are never
            // starved by a slow frame.
            var late = 0
            while true {
                let left = deadline - clock.now
                if left <= .zero {
                    // A flood of input (a paste) is taken a few hundred events a frame.
                    late += 1
                    if late > Self.lateEventsPerFrame { break }
                }
                guard let event = screen.nextEvent(timeout: max(left, .zero)) else {
                    if left > .zero { continue }
                    break
                }
                dirty = true
                switch event {
                case .quit: model.quitRequested = true
                case .key(let k): DashboardUpdate.handle(&model, .key(k))
                case .mouse(let m): DashboardUpdate.handle(&model, .mouse(m))
                case .resize(let w, let h): DashboardUpdate.handle(&model, .resize(width: w, height: h))
                }
                if model.quitRequested { break }
                if model.suspendRequested {
                    model.suspendRequested = false
                    screen.suspend()
                    // The time spent suspended is not the simulation's to catch up.
                    last = clock.now
                    dirty = true
                    break
                }
            }
            if model.quitRequested { break }
            let now = clock.now
            let elapsed = now - last
            last = now
            DashboardUpdate.handle(&model, .tick(wallElapsed: Time.seconds(elapsed)))
            // Paused with no input and no lag mark to clear: the frame would be the same.
            guard dirty || !model.paused || model.lagging else { continue }
            dirty = false
            if buffer.width != screen.width || buffer.height != screen.height {
                buffer = screen.makeBuffer()
            }
            DashboardView.render(model, into: &buffer)
            screen.present(buffer)
            frames += 1
            cast?.frame(buffer)
            afterFrame?(model)
        }
    }
}

extension DashboardApp {
    /// Whether standard input and output are both a terminal.
    public static var isTerminal: Bool { CursesScreen.isTerminal }
}
