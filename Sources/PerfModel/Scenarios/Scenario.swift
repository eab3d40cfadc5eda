import Foundation

/// A named starting point: knob values over the defaults, and the story it tells.
public struct Scenario: Sendable {
    public var name: String
    /// One line: what to turn and what to watch.
    public var description: String
    /// Knob assignments over the defaults, in order (service knobs by their full names).
    public var settings: [(String, String)]
    /// The services: one (the canonical pipeline) for every preset and `.scenario` file.
    public var topology: Topology = .single
    /// Where each setting came from (file and line), for messages; empty for presets.
    public var settingLines: [Int] = []
    /// The file it was read from, if any.
    public var source: String?

    public init(name: String, description: String, settings: [(String, String)]) {
        self.name = name
        self.description = description
        self.settings = settings
    }

    /// The knobs of this scenario: defaults, then its settings.
    public func knobs() throws -> KnobSet {
        var k = KnobSet(layout: topology.layout)
        for (n, (name, value)) in settings.enumerated() {
            do {
                try k.set(name, text: value)
            } catch let e as InputError {
                let line = n < settingLines.count ? settingLines[n] : nil
                throw InputError(
                    file: source ?? "scenario \(self.name)", line: line, field: e.field, e.message)
            }
        }
        return k
    }

    /// The preset named `nameOrFile`, or a scenario file at that path.
    public static func load(_ nameOrFile: String) throws -> Scenario {
        if let p = Presets.named(nameOrFile) { return p }
        if nameOrFile.hasSuffix(".toml") { return try TopologyFile.load(path: nameOrFile) }
        if let example = Examples.path(named: nameOrFile) { return try TopologyFile.load(path: example) }
        let named = nameOrFile.hasSuffix(".scenario")
        if named || nameOrFile.contains("/") || FileManager.default.fileExists(atPath: nameOrFile) {
            let text = try InputFile.text(atPath: nameOrFile, kind: "scenario")
            // Named neither .toml nor .scenario (a pipe such as `<(…)`, or a file named
            // otherwise): a TOML table header makes it a topology.
            let tables = text.split(separator: "\n").contains {
                $0.drop { $0 == " " || $0 == "\t" }.hasPrefix("[")
            }
            if !named && tables { return try TopologyFile.parse(text: text, file: nameOrFile) }
            return try parse(text: text, file: nameOrFile)
        }
        let names = Presets.all.map(\.name) + Examples.all().map(\.name)
        let meant = NameSuggestion.nearest(to: nameOrFile, among: names).map { "; did you mean \($0)?" } ?? ""
        throw InputError(
            field: "--scenario",
            "unknown scenario \"\(nameOrFile)\"\(meant) (perflab scenarios lists them, or give a file)")
    }

    /// A scenario file: `# comments`, `name = ...`, `description = ...`, `base = PRESET`, and
    /// `KNOB = VALUE` lines (values may be quoted).
    public static func parseFile(_ path: String) throws -> Scenario {
        try parse(text: InputFile.text(atPath: path, kind: "scenario"), file: path)
    }

    /// A scenario file's text (see ``parseFile(_:)``); `path` names it in errors and gives
    /// the scenario its default name.
    public static func parse(text: String, file path: String) throws -> Scenario {
        var s = Scenario(
            name: (path as NSString).lastPathComponent, description: "from \(path)", settings: [])
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = String(raw)
            if let hash = line.firstIndex(of: "#"), !line[..<hash].contains("\"") {
                line = String(line[..<hash])
            }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw InputError(file: path, line: lineNo, "expected KNOB = VALUE, found \"\(line)\"")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            switch key {
            case "name": s.name = value
            case "description": s.description = value
            case "base":
                guard let base = Presets.named(value) else {
                    throw InputError(file: path, line: lineNo, field: "base", "unknown preset \"\(value)\"")
                }
                s.settings = base.settings + s.settings
            default:
                do {
                    var probe = KnobSet()
                    try probe.set(key, text: value)
                } catch let e as InputError {
                    throw InputError(file: path, line: lineNo, field: e.field, e.message)
                }
                s.settings.append((key, value))
            }
        }
        return s
    }
}
