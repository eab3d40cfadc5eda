/// A mouse event at a cell: a click or a wheel step.
public struct MouseEvent: Hashable, Sendable {
    /// What the mouse did.
    public enum Action: Hashable, Sendable {
        /// A press of the left, middle or right button.
        case leftClick, middleClick, rightClick
        /// One step of the wheel.
        case wheelUp, wheelDown
    }

    /// What the mouse did.
    public var action: Action
    /// The column.
    public var x: Int
    /// The row.
    public var y: Int

    /// Creates a mouse event.
    public init(_ action: Action, x: Int, y: Int) {
        self.action = action
        self.x = x
        self.y = y
    }
}
