/// The line style of a box's border (ratatui's `BorderType`).
public enum BorderType: Hashable, Sendable {
    /// `┌─┐│└┘`
    case plain
    /// `╭─╮│╰╯`
    case rounded
    /// `╔═╗║╚╝`
    case double
    /// `┏━┓┃┗┛`
    case thick

    /// The six scalars: top-left, top-right, bottom-left, bottom-right, horizontal,
    /// vertical.
    public var symbols:
        (
            topLeft: Unicode.Scalar, topRight: Unicode.Scalar, bottomLeft: Unicode.Scalar,
            bottomRight: Unicode.Scalar, horizontal: Unicode.Scalar, vertical: Unicode.Scalar
        )
    {
        switch self {
        case .plain: ("┌", "┐", "└", "┘", "─", "│")
        case .rounded: ("╭", "╮", "╰", "╯", "─", "│")
        case .double: ("╔", "╗", "╚", "╝", "═", "║")
        case .thick: ("┏", "┓", "┗", "┛", "━", "┃")
        }
    }
}
