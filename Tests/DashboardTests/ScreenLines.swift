import TerminalCanvas

@testable import Dashboard

extension DashboardModel {
    /// The screen as the dashboard draws it at its size, one string a row.
    var screenLines: [String] {
        var buffer = CellBuffer(width: width, height: height)
        DashboardView.render(self, into: &buffer)
        return buffer.lines
    }
}
