/// Something that draws itself into an area of a cell buffer.
///
/// ratatui's `Widget` trait: widgets are plain values built afresh each frame; rendering
/// only writes cells inside `area` and never touches the terminal.
public protocol Widget {
    /// Draws into `area` of `buffer`.
    func render(into buffer: inout CellBuffer, area: Rect)
}
