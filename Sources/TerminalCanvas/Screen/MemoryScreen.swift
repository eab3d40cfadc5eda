/// An in-memory screen for tests: a size, the frames presented, and a queue of input.
///
/// swift-nio's `EmbeddedChannel` and ratatui's `TestBackend`: nothing touches a terminal;
/// tests feed events with `feed(_:)` and read what was drawn from `lastFrame` and
/// `lines`. `resize(width:height:)` changes the size and queues the resize event a
/// terminal would send.
public final class MemoryScreen: TerminalScreen {
    public private(set) var width: Int
    public private(set) var height: Int
    public var colorMode: ColorMode
    /// The most recent frame presented, if any.
    public private(set) var lastFrame: CellBuffer?
    /// The number of frames presented.
    public private(set) var frameCount = 0
    /// The runs the last frame changed, relative to the frame before it.
    public private(set) var lastChanges: [CellRun] = []
    private var pending: [InputEvent] = []

    /// A screen of the given size.
    public init(width: Int, height: Int, colorMode: ColorMode = .trueColor) {
        self.width = width
        self.height = height
        self.colorMode = colorMode
    }

    public func present(_ buffer: CellBuffer) {
        lastChanges =
            lastFrame.map { buffer.diff(from: $0) } ?? buffer.diff(from: CellBuffer(width: 0, height: 0))
        lastFrame = buffer
        frameCount += 1
    }

    /// The number of times ``suspend()`` was asked for (a test double does not stop).
    public private(set) var suspendCount = 0

    public func suspend() {
        suspendCount += 1
        lastFrame = nil
    }

    /// The next queued event, or nil when none is queued (never waits).
    public func nextEvent(timeout: Duration?) -> InputEvent? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    /// Queues events for `nextEvent`.
    public func feed(_ events: InputEvent...) {
        pending.append(contentsOf: events)
    }

    /// Queues key presses for the characters of `text`.
    public func type(_ text: String) {
        pending.append(contentsOf: text.map { InputEvent.key(.char($0)) })
    }

    /// Changes the size and queues the matching resize event.
    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        pending.append(.resize(width: width, height: height))
    }

    /// The last frame's rows as text (empty before the first frame).
    public var lines: [String] { lastFrame?.lines ?? [] }
}
