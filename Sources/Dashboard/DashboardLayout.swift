import TerminalCanvas

/// Where each part of the dashboard goes for a terminal size.
///
/// Designed at 120×40 and adapting down to 80×24: below 34 rows the event log goes, below
/// 24 the cards go, the service map shrinks before the charts do, and the knob panel
/// narrows with the width. Under
/// ``minWidth``×``minHeight`` nothing fits and the view shows one "terminal too small" line.
struct DashboardLayout {
    static let minWidth = 60
    static let minHeight = 16

    var tooSmall: Bool
    var header = Rect.zero
    var footer = Rect.zero
    var knobs = Rect.zero
    var throughput = Rect.zero
    var latency = Rect.zero
    var cards = Rect.zero
    var log = Rect.zero
    /// The service map (topologies of several services only).
    var map = Rect.zero

    init(width: Int, height: Int, services: Int = 1) {
        tooSmall = width < Self.minWidth || height < Self.minHeight
        guard !tooSmall else { return }
        header = Rect(x: 0, y: 0, width: width, height: 1)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        let knobWidth = width >= 110 ? 40 : (width >= 90 ? 34 : 30)
        knobs = Rect(x: 0, y: 1, width: knobWidth, height: height - 2)
        let right = Rect(x: knobWidth, y: 1, width: width - knobWidth, height: height - 2)
        let logHeight = height >= 34 ? 7 : 0
        let cardsHeight = height >= 34 ? 10 : (height >= 24 ? 8 : 0)
        // The map gives way to the charts: they keep at least 10 rows (3 of plot each), and a
        // map of fewer than 3 rows (one service, scrolled to the selected one) is left out.
        let wanted = services > 1 && height >= 24 ? min(services + 2, height >= 40 ? 10 : 7) : 0
        let room = min(wanted, max(0, right.height - cardsHeight - logHeight - 10))
        let mapHeight = room >= 3 ? room : 0
        let parts = Layout.vertical([
            .fill(1), .fill(1), .length(mapHeight), .length(cardsHeight), .length(logHeight),
        ])
        .split(right)
        throughput = parts[0]
        latency = parts[1]
        map = parts[2]
        cards = parts[3]
        log = parts[4]
    }
}
