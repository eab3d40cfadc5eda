import ArgumentParser
import Foundation
import PerfModel
import TerminalCanvas

/// `perflab knobs`: every knob with its value, unit, range and meaning.
struct KnobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knobs", abstract: "List every knob: name, value, unit, range, meaning.")

    @Option(
        help: ArgumentHelp(
            "Show the values of this scenario (a preset, an example topology or a file).",
            valueName: "NAME-or-FILE"))
    var scenario = "checkout"

    @Option(
        help: ArgumentHelp(
            "Fit the list in this many columns, the ranges and meanings wrapped under their own "
                + "columns (default: the terminal's width on a terminal; one line a knob otherwise).",
            valueName: "COLUMNS"))
    var width: Int?

    @Flag(help: "One JSON object a knob: name, value, unit, min and max or choices, meaning.")
    var json = false

    func validate() throws {
        if let width, width < 40 || width > 10_000 {
            throw ValidationError("--width: \(width) is outside 40...10000")
        }
    }

    func run() throws {
        let knobs = try Scenario.load(scenario).knobs()
        var rows: [[String]] = [["knob", "value", "unit", "range", "meaning"]]
        var objects: [JSON] = []
        for name in knobs.visibleNames {
            let spec = try KnobRegistry.spec(name)
            var range = ""
            var bounds: [(String, JSON)] = []
            if let r = spec.range {
                let lo = spec.format(.number(r.lowerBound))
                let hi = spec.format(.number(r.upperBound))
                range = "\(lo)…\(hi)"
                bounds = [("min", .string(lo)), ("max", .string(hi))]
            }
            if case .choice(let options) = spec.unit {
                range = options.joined(separator: "|")
                bounds = [("choices", .array(options.map { .string($0) }))]
            }
            let value = knobs.formatted(name)
            rows.append([name, value, spec.unit.label, range, spec.meaning])
            objects.append(
                .object(
                    [("name", .string(name)), ("value", .string(value)), ("unit", .string(spec.unit.label))]
                        + bounds + [("meaning", .string(spec.meaning))]))
        }
        if json {
            print(JSON.array(objects).pretty())
            return
        }
        // Wrapped for a person at a terminal; one line a knob for grep and scripts.
        if let columns = width ?? Self.terminalColumns() {
            print(
                WrappedColumns.render(rows, width: columns, caps: [nil, nil, nil, 24]).joined(separator: "\n")
            )
        } else {
            print(TextTable.render(rows))
        }
    }

    /// The terminal's width when standard output is one.
    static func terminalColumns() -> Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 else { return nil }
        return Int(size.ws_col)
    }
}

/// `perflab scenarios`: the presets, one line each.
struct ScenariosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "List the preset scenarios and the example topologies, and what each shows.")

    func run() throws {
        let examples = Examples.all()
        let width = (Presets.all.map(\.name.count) + examples.map(\.name.count)).max() ?? 8
        for s in Presets.all {
            print(s.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + s.description)
        }
        if !examples.isEmpty { print("\ntopologies (--scenario NAME or FILE.toml):") }
        for e in examples {
            let text: String
            if let t = try? TopologyFile.load(path: e.path) {
                let n = t.topology.services.count
                text = "\(n) service\(n == 1 ? "" : "s"): \(t.description)"
            } else {
                text = "(cannot be read: perflab run --scenario \(e.path) says why)"
            }
            print(e.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + text)
        }
    }
}

/// Left-aligned columns, the last one free.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for r in rows {
            for (i, c) in r.enumerated() where i < r.count - 1 { widths[i] = max(widths[i], c.count) }
        }
        return rows.map { r in
            r.enumerated().map { i, c in
                i < r.count - 1 ? c.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0) : c
            }
            .joined()
        }.joined(separator: "\n")
    }
}

/// `perflab themes`: the themes found, where each comes from.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract:
            "List the themes found ($PERFLAB_THEMES, ./themes, beside the executable, "
            + "~/.config/perflab/themes)."
    )

    func run() throws {
        let themes = ThemeLibrary.standard().listThemes()
        let width = themes.map(\.name.count).max() ?? 8
        for t in themes {
            print(t.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + (t.path ?? "(built in)"))
        }
    }
}
