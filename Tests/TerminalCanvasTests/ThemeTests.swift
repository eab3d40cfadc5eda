import Foundation
import Testing

@testable import TerminalCanvas

/// The repository's `themes/` folder, found from this file's path.
let themesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes").path

@Suite struct ThemeParserTests {
    /// A theme written as btop writes them: comments, blank lines, quoted and bare
    /// values, greyscale `#GG`, decimal `R G B`, and keys perflab does not know.
    let btopStyle = """
        # Theme: test
        #   made for btop

        theme[main_bg]="#1e1e2e"
        theme[main_fg]=#cdd6f4
        theme[title]="205 214 244"
        theme[inactive_fg]="#40"
          theme[hi_fg] = "#f38ba8"   # trailing comment
        theme[cpu_start]="#a6e3a1"
        theme[cpu_mid]="#f9e2af"
        theme[cpu_end]="#f38ba8"
        theme[temp_start]="#89b4fa"
        theme[temp_mid]=""
        theme[temp_end]="#cba6f7"
        theme[some_future_key]="#123456"
        """

    @Test func readsABtopThemeFile() throws {
        let theme = try Theme(parsing: btopStyle, source: "test.theme", name: "test")
        #expect(theme.background == Color(rgb: 0x1e1e2e))
        #expect(theme.foreground == Color(rgb: 0xcdd6f4))
        #expect(theme.title == Color(red: 205, green: 214, blue: 244))
        #expect(theme.inactive == Color(rgb: 0x404040))
        #expect(theme.highlight == Color(rgb: 0xf38ba8))
    }

    @Test func gradientsHaveTwoOrThreeStops() throws {
        let theme = try Theme(parsing: btopStyle, source: "test.theme", name: "test")
        #expect(
            theme.gradients["cpu"]
                == Gradient(start: Color(rgb: 0xa6e3a1), mid: Color(rgb: 0xf9e2af), end: Color(rgb: 0xf38ba8))
        )
        let temp = theme.gradient(named: "temp")
        #expect(temp.mid == nil)
        #expect(temp.color(at: 1) == Color(rgb: 0xcba6f7))
    }

    @Test func unknownKeysAreIgnoredButReported() throws {
        let document = try ThemeDocument(parsing: btopStyle, source: "test.theme")
        #expect(document.unknownKeys == ["some_future_key": 15])
        #expect(document.entries["temp_mid"] == ThemeEntry(color: nil, line: 13))
    }

    @Test func badColourNamesFileLineAndField() {
        let text = "# x\n\ntheme[main_bg]=\"#12345\"\n"
        #expect(throws: ThemeError.badColor(file: "themes/x.theme", line: 3, key: "main_bg", value: "#12345"))
        {
            try ThemeDocument(parsing: text, source: "themes/x.theme")
        }
        do {
            _ = try ThemeDocument(parsing: text, source: "themes/x.theme")
        } catch {
            #expect(error.description == "themes/x.theme:3: theme[main_bg]: \"#12345\" is not a colour")
        }
    }

    @Test(arguments: ["#12345", "#zzzzzz", "red", "1 2", "256 0 0", "#1234567"])
    func rejectsValuesThatAreNotColours(value: String) {
        #expect(throws: ThemeError.self) {
            try ThemeDocument(parsing: "theme[title]=\"\(value)\"", source: "t")
        }
    }

    @Test func malformedLinesAreErrors() {
        #expect(throws: ThemeError.malformedLine(file: "t", line: 2, text: "color = red")) {
            try ThemeDocument(parsing: "\ncolor = red\n", source: "t")
        }
        #expect(throws: ThemeError.self) { try ThemeDocument(parsing: "theme[title]=\"#ffffff", source: "t") }
    }

    @Test func missingKeysFallBackToTheDefaultTheme() throws {
        let theme = try Theme(parsing: "theme[main_fg]=\"#ffffff\"", source: "t", name: "t")
        let standard = Theme.standard
        #expect(theme.foreground == Color(rgb: 0xffffff))
        #expect(theme.title == standard.title)
        #expect(theme.selectionBackground == standard.selectionBackground)
        #expect(theme.utilizationGradient == standard.utilizationGradient)
        #expect(theme.seriesP99 == standard.seriesP99)
        #expect(theme.breakerOpen == standard.breakerOpen)
    }

    @Test func emptyMainBackgroundMeansTheTerminalDefault() throws {
        let theme = try Theme(parsing: "theme[main_bg]=\"\"", source: "t", name: "t")
        #expect(theme.background == .default)
        let other = try Theme(parsing: "theme[title]=\"\"", source: "t", name: "t")
        #expect(other.title == Theme.standard.title)
    }

    @Test func btopRulesForOptionalKeys() throws {
        let theme = try Theme(
            parsing: """
                theme[inactive_fg]="#505050"
                theme[cpu_start]="#010101"
                theme[cpu_end]="#020202"
                """, source: "t", name: "t")
        #expect(theme.meterBackground == Color(rgb: 0x505050))
        #expect(theme.graphText == Color(rgb: 0x505050))
        #expect(theme.gradients["process"]?.start == Color(rgb: 0x010101))
    }

    @Test func perflabKeysDeriveFromTheBtopKeysOfTheSameFile() throws {
        let theme = try Theme(
            parsing: """
                theme[cpu_start]="#00aa00"
                theme[cpu_mid]="#aaaa00"
                theme[cpu_end]="#aa0000"
                theme[series_p50]="#0000aa"
                """, source: "t", name: "t")
        #expect(theme.seriesP99 == Color(rgb: 0xaa0000))
        #expect(theme.seriesP95 == Color(rgb: 0xaaaa00))
        #expect(theme.seriesP50 == Color(rgb: 0x0000aa))
        #expect(theme.breakerOpen == Color(rgb: 0xaa0000))
        #expect(theme.breakerClosed == Color(rgb: 0x00aa00))
    }

    @Test func theEmbeddedDefaultMatchesThemesDefaultTheme() throws {
        let file = try String(contentsOfFile: themesFolder + "/default.theme", encoding: .utf8)
        #expect(file == DefaultThemeText.text)
        let document = try ThemeDocument(parsing: file, source: "default.theme")
        let allKeys = Set(ThemeKeys.btop + ThemeKeys.perflab.map(\.key))
        #expect(Set(document.entries.keys) == allKeys)
    }

    @Test(arguments: ["default", "paper", "high-contrast", "nord", "gruvbox-dark", "dracula"])
    func shippedThemesParseAndSetEveryKey(name: String) throws {
        let path = themesFolder + "/\(name).theme"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let document = try ThemeDocument(parsing: text, source: path)
        #expect(document.unknownKeys.isEmpty)
        let allKeys = Set(ThemeKeys.btop + ThemeKeys.perflab.map(\.key))
        #expect(allKeys.subtracting(document.entries.keys).isEmpty)
        _ = try ThemeLibrary.loadFile(path)
    }
}

@Suite struct ThemeLibraryTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "perflab-themes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A theme is a few hundred bytes; a file over a megabyte (followed through a link) is
    /// refused unread, where it was read whole and then parsed.
    @Test func aHugeThemeFileIsRefusedUnread() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let big = folder + "/big.txt"
        try String(repeating: "theme[main_fg]=\"#ffffff\"\n", count: 60_000).write(
            toFile: big, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/big.theme", withDestinationPath: big)
        #expect(
            throws: ThemeError.unreadable(
                file: folder + "/big.theme", reason: "larger than 1 MB, too large for a theme")
        ) {
            try ThemeLibrary.loadFile(folder + "/big.theme")
        }
    }

    @Test func listsAndLoadsByNameWithTheFirstFolderWinning() throws {
        let first = try temporaryFolder(), second = try temporaryFolder()
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        try "theme[main_fg]=\"#111111\"".write(
            toFile: first + "/mine.theme", atomically: true, encoding: .utf8)
        try "theme[main_fg]=\"#222222\"".write(
            toFile: second + "/mine.theme", atomically: true, encoding: .utf8)
        try "theme[main_fg]=\"#333333\"".write(
            toFile: second + "/other.theme", atomically: true, encoding: .utf8)
        let library = ThemeLibrary(searchPaths: [first, second])
        #expect(library.listThemes().map(\.name) == ["default", "mine", "other"])
        #expect(try library.load("mine").foreground == Color(rgb: 0x111111))
        #expect(try library.load("other").name == "other")
        #expect(try library.load("default") == Theme.standard)
        #expect(try library.load(second + "/mine.theme").foreground == Color(rgb: 0x222222))
    }

    @Test func unknownNamesAndMissingFilesAreErrors() throws {
        let library = ThemeLibrary(searchPaths: ["/nonexistent"])
        #expect(throws: ThemeError.notFound(name: "nope", searched: ["/nonexistent"])) {
            try library.load("nope")
        }
        #expect(throws: ThemeError.unreadable(file: "/nonexistent/x.theme", reason: "no such file")) {
            try library.load("/nonexistent/x.theme")
        }
    }

    @Test func errorsInAFileNameThatFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "\n\n\ntheme[hi_fg]=\"#abc\"\n".write(
            toFile: folder + "/bad.theme", atomically: true, encoding: .utf8)
        do {
            _ = try ThemeLibrary(searchPaths: [folder]).load("bad")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(folder)/bad.theme:4: theme[hi_fg]: \"#abc\" is not a colour")
        }
    }

    @Test func standardSearchOrder() throws {
        let env = try temporaryFolder(), cwd = try temporaryFolder(), home = try temporaryFolder()
        defer {
            for path in [env, cwd, home] { try? FileManager.default.removeItem(atPath: path) }
        }
        for folder in [cwd + "/themes", home + "/.config/perflab/themes", cwd + "/app/themes"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(
            atPath: cwd + "/app/bin/debug", withIntermediateDirectories: true)
        let library = ThemeLibrary.standard(
            environment: ["PERFLAB_THEMES": env + ":/nonexistent", "HOME": home], currentDirectory: cwd,
            executablePath: cwd + "/app/bin/debug/perflab")
        let expected = [env, cwd + "/themes", cwd + "/app/themes", home + "/.config/perflab/themes"]
        #expect(library.searchPaths == expected.map { ($0 as NSString).standardizingPath })
    }

    @Test func theRepositoryThemesAreFoundFromTheRepository() {
        let library = ThemeLibrary(searchPaths: [themesFolder])
        let names = library.listThemes().map(\.name)
        #expect(names.count >= 5)
        for name in ["default", "paper", "high-contrast", "nord", "gruvbox-dark", "dracula"] {
            #expect(names.contains(name))
        }
    }
}
