/// A box with a border and titles around other widgets.
///
/// ratatui's `Block` with all four borders: the title sits on the top border after the
/// corner, an optional right title before the other corner (where btop puts its key
/// hints). `inner(_:)` gives the area left for the content.
public struct Block: Widget, Hashable, Sendable {
    /// The title on the left of the top border.
    public var title: Line?
    /// A second title on the right of the top border.
    public var rightTitle: Line?
    /// The border lines.
    public var borderType: BorderType
    /// The border's style.
    public var borderStyle: Style
    /// The style of the titles (span styles patch over it).
    public var titleStyle: Style
    /// A style laid over the whole box first (a background fill), or nil.
    public var style: Style?

    /// Creates a box.
    public init(
        title: Line? = nil, rightTitle: Line? = nil, borderType: BorderType = .plain,
        borderStyle: Style = .plain, titleStyle: Style = .plain, style: Style? = nil
    ) {
        self.title = title
        self.rightTitle = rightTitle
        self.borderType = borderType
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.style = style
    }

    /// The area inside the border.
    public func inner(_ area: Rect) -> Rect {
        area.inset(horizontal: 1, vertical: 1)
    }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard area.width >= 2, area.height >= 2 else { return }
        if let style { buffer.fill(area, with: " ", style: style) }
        let s = borderType.symbols
        let right = area.right - 1
        let bottom = area.bottom - 1
        for x in (area.x + 1)..<right {
            buffer.set(s.horizontal, x: x, y: area.y, style: borderStyle)
            buffer.set(s.horizontal, x: x, y: bottom, style: borderStyle)
        }
        for y in (area.y + 1)..<bottom {
            buffer.set(s.vertical, x: area.x, y: y, style: borderStyle)
            buffer.set(s.vertical, x: right, y: y, style: borderStyle)
        }
        buffer.set(s.topLeft, x: area.x, y: area.y, style: borderStyle)
        buffer.set(s.topRight, x: right, y: area.y, style: borderStyle)
        buffer.set(s.bottomLeft, x: area.x, y: bottom, style: borderStyle)
        buffer.set(s.bottomRight, x: right, y: bottom, style: borderStyle)
        let titleRow = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1)
        var leftEnd = titleRow.x
        if let title, titleRow.width > 0 {
            let w = min(title.width, titleRow.width)
            title.render(
                into: &buffer, area: Rect(x: titleRow.x, y: area.y, width: w, height: 1),
                baseStyle: titleStyle)
            leftEnd = titleRow.x + w
        }
        if let rightTitle {
            let room = titleRow.right - leftEnd - 1
            let w = min(rightTitle.width, room)
            if w > 0 {
                rightTitle.render(
                    into: &buffer, area: Rect(x: titleRow.right - w, y: area.y, width: w, height: 1),
                    baseStyle: titleStyle)
            }
        }
    }
}
