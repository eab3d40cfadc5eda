import PerfModel
import TerminalCanvas

/// The knob panel's rows: knobs grouped under their stage, scrolled to keep the selected
/// knob in view. Shared by the view (to draw) and the update (to map a click to a knob).
struct KnobPanel {
    enum Row: Equatable {
        case stage(String)
        case knob(index: Int, name: String)
    }

    /// The rows shown, top to bottom, and the rectangle they fill (inside the border).
    let rows: [Row]
    let inner: Rect

    init(model: DashboardModel, area: Rect) {
        inner = area.inset(horizontal: 1, vertical: 1)
        var all: [Row] = []
        var stage = ""
        var selectedRow = 0
        for (i, name) in model.knobNames.enumerated() {
            let bare = model.bareName(name)
            var s = bare.split(separator: ".").first.map(String.init) ?? bare
            if !model.topology.isSingle, KnobRegistry.lookup(name)?.knob.scope == .service {
                s = model.topology.services[model.selectedService].name + " · " + s
            }
            if s != stage {
                all.append(.stage(s))
                stage = s
            }
            if i == model.selected { selectedRow = all.count }
            all.append(.knob(index: i, name: name))
        }
        let visible = max(0, inner.height)
        let offset = max(0, min(selectedRow - visible / 2, all.count - visible))
        rows = Array(all[offset..<min(all.count, offset + visible)])
    }

    /// The knob index drawn at screen row `y`, if a knob is there.
    func knob(atRow y: Int) -> Int? {
        let i = y - inner.y
        guard i >= 0, i < rows.count, case .knob(let index, _) = rows[i] else { return nil }
        return index
    }
}
