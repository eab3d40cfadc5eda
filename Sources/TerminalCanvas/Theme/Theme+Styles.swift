/// Ready-made styles from a theme's roles, for the common cases of the dashboard.
extension Theme {
    /// Ordinary text on the screen's background.
    public var baseStyle: Style { Style(foreground: foreground, background: background) }
    /// Box titles: the title colour, bold.
    public var titleStyle: Style { Style(foreground: title, attributes: .bold) }
    /// The selected row of a table.
    public var selectionStyle: Style {
        Style(foreground: selectionForeground, background: selectionBackground)
    }
    /// Disabled or secondary text.
    public var inactiveStyle: Style { Style(foreground: inactive) }
    /// Highlighted text such as the key letters of shortcuts.
    public var highlightStyle: Style { Style(foreground: highlight, attributes: .bold) }
    /// Something wrong (a refusal, a backend down, shed load): the error colour, bold.
    public var errorStyle: Style { Style(foreground: error, attributes: .bold) }
    /// Axis lines of charts.
    public var axisStyle: Style { Style(foreground: divider) }
    /// Axis labels and text inside graphs.
    public var graphTextStyle: Style { Style(foreground: graphText) }

    /// A titled box with its border in `border` (one of the box colours) and the title
    /// in `titleStyle`, like btop's boxes.
    public func box(_ title: String, border: Color, rightTitle: String? = nil, rounded: Bool = true) -> Block
    {
        Block(
            title: Line(" \(title) "), rightTitle: rightTitle.map { Line(" \($0) ") },
            borderType: rounded ? .rounded : .plain, borderStyle: Style(foreground: border),
            titleStyle: titleStyle)
    }
}
