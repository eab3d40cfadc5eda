import Foundation
import SimKernel

/// Finds theme files by name in a list of folders, and loads them.
///
/// Like btop's `Theme::updateThemes`/`setTheme`, which look in the user's and the
/// install's theme folders for `NAME.theme`; the built-in default theme is always there
/// as `default`. `standard()` searches, in order: each folder of `$PERFLAB_THEMES`
/// (colon-separated), `./themes`, a `themes/` folder next to the executable or in one of
/// its parents up to four levels up, and `~/.config/perflab/themes` (or
/// `$XDG_CONFIG_HOME/perflab/themes`). The first folder holding a name wins.
public struct ThemeLibrary: Sendable {
    /// The folders searched, in order.
    public var searchPaths: [String]

    /// A library over the given folders.
    public init(searchPaths: [String]) {
        self.searchPaths = searchPaths
    }

    /// The standard search folders (see the type's summary) that exist.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = Bundle.main.executablePath
    ) -> ThemeLibrary {
        var paths: [String] = []
        if let list = environment["PERFLAB_THEMES"] {
            paths += list.split(separator: ":").map(String.init)
        }
        paths.append((currentDirectory as NSString).appendingPathComponent("themes"))
        if let executablePath {
            var folder = ((executablePath as NSString).resolvingSymlinksInPath as NSString)
                .deletingLastPathComponent
            for _ in 0...4 {
                paths.append((folder as NSString).appendingPathComponent("themes"))
                let parent = (folder as NSString).deletingLastPathComponent
                if parent == folder { break }
                folder = parent
            }
        }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            paths.append((config as NSString).appendingPathComponent("perflab/themes"))
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append((home as NSString).appendingPathComponent(".config/perflab/themes"))
        }
        var seen = Set<String>()
        let existing = paths.filter { path in
            var isDirectory: ObjCBool = false
            let standardized = (path as NSString).standardizingPath
            guard FileManager.default.fileExists(atPath: standardized, isDirectory: &isDirectory),
                isDirectory.boolValue, seen.insert(standardized).inserted
            else { return false }
            return true
        }
        return ThemeLibrary(searchPaths: existing.map { ($0 as NSString).standardizingPath })
    }

    /// Every theme found, by name; the first folder holding a name wins, and `default`
    /// is listed even when no file provides it.
    public func listThemes() -> [ThemeListing] {
        var found: [String: ThemeListing] = [:]
        for folder in searchPaths {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for file in names.sorted() where file.hasSuffix(".theme") {
                let name = String(file.dropLast(".theme".count))
                if found[name] == nil {
                    found[name] = ThemeListing(
                        name: name, path: (folder as NSString).appendingPathComponent(file))
                }
            }
        }
        if found["default"] == nil { found["default"] = ThemeListing(name: "default", path: nil) }
        return found.values.sorted { $0.name < $1.name }
    }

    /// Loads a theme by name (`nord`) or by file path (anything with a `/` or ending in
    /// `.theme` that names an existing file).
    public func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        let fm = FileManager.default
        if nameOrPath.contains("/") || (nameOrPath.hasSuffix(".theme") && fm.fileExists(atPath: nameOrPath)) {
            return try ThemeLibrary.loadFile(nameOrPath)
        }
        let name = nameOrPath.hasSuffix(".theme") ? String(nameOrPath.dropLast(6)) : nameOrPath
        let themes = listThemes()
        let match =
            themes.first { $0.name == name } ?? themes.first { $0.name.lowercased() == name.lowercased() }
        guard let match else { throw .notFound(name: nameOrPath, searched: searchPaths) }
        guard let path = match.path else { return Theme.standard }
        return try ThemeLibrary.loadFile(path)
    }

    /// Loads the theme file at `path`; its name is the file's stem. Read as every file is
    /// (``BoundedFile``): a theme is a few hundred bytes, and one larger than a megabyte is
    /// refused (a regular file unread).
    public static func loadFile(_ path: String) throws(ThemeError) -> Theme {
        let text: String
        switch BoundedFile.read(atPath: path, limit: 1 << 20, form: .bytes) {
        case .success(let file):
            guard let decoded = String(validating: file.bytes, as: UTF8.self) else {
                throw .unreadable(file: path, reason: "not UTF-8 text")
            }
            text = decoded
        case .failure(.tooLarge):
            throw .unreadable(file: path, reason: "larger than 1 MB, too large for a theme")
        case .failure(.unreadable(let code)) where code == ENOENT:
            throw .unreadable(file: path, reason: "no such file")
        case .failure:
            throw .unreadable(file: path, reason: "unreadable")
        }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try Theme(parsing: text, source: path, name: stem)
    }
}
