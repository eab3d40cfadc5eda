/// The block elements that draw fractions of a cell, shared by bars and sparklines.
///
/// The same sets as ratatui's `symbols::bar` (vertical eighths) and
/// `symbols::block` (horizontal eighths).
public enum BlockSymbols {
    /// Vertical eighths, index 0 (empty) through 8 (full): ` ▁▂▃▄▅▆▇█`.
    public static let vertical: [Unicode.Scalar] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// Horizontal eighths, index 0 (empty) through 8 (full): ` ▏▎▍▌▋▊▉█`.
    public static let horizontal: [Unicode.Scalar] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
}
