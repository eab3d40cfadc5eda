import Foundation
import Testing

@testable import PerfModel

/// The TOML reader against Python's `tomllib` (a TOML 1.0 reader written independently),
/// the specification's own examples, and inputs meant to break it.
@Suite struct TOMLParserTests {
    /// One document of `Fixtures/toml/tomllib-cases.jsonl` (from
    /// `scripts/reference/toml_cases.py`) and what tomllib read in it.
    struct Case: CustomTestStringConvertible, Sendable {
        var index: Int
        var toml: String
        /// tomllib's value, tagged (the script's docstring says how); nil if it refused.
        var value: JSON?
        /// The line tomllib named when it refused, if it named one.
        var errorLine: Int?
        var testDescription: String { "case \(index + 1)" }
    }

    static let cases: [Case] = {
        let url = Bundle.module.url(
            forResource: "tomllib-cases", withExtension: "jsonl", subdirectory: "Fixtures/toml")!
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").enumerated().map { i, line in
            let j = try! JSON.parse(String(line))
            return Case(
                index: i, toml: j["toml"]!.string!, value: j["value"],
                errorLine: j["error"]?.double.map { Int($0) })
        }
    }()

    /// A parsed value in the fixture's tagged form, keys in the parser's order.
    static func tagged(_ v: TOMLValue) -> String {
        switch v.kind {
        case .string(let s): return "s:" + s.debugDescription
        case .integer(let i): return "i:\(i)"
        case .float(let d): return d.isNaN ? "f:nan" : "f:" + String(d.bitPattern, radix: 16)
        case .boolean(let b): return "b:\(b)"
        case .datetime: return "d"
        case .array(let a): return "[" + a.map(tagged).joined(separator: ",") + "]"
        case .table(let t): return tagged(t)
        }
    }
    static func tagged(_ t: TOMLTable) -> String {
        "{" + t.keys.map { $0.debugDescription + "=" + tagged(t[$0]!) }.joined(separator: ",") + "}"
    }
    /// The fixture's tagged JSON in the same form.
    static func tagged(_ j: JSON) -> String {
        guard case .object(let o) = j, let (tag, v) = o.first else { return "?" }
        switch tag {
        case "s": return "s:" + v.string!.debugDescription
        case "i": return "i:" + v.string!
        case "f": return "f:" + v.string!
        case "b": return "b:\(v == .bool(true))"
        case "d": return "d"
        case "a":
            guard case .array(let a) = v else { return "?" }
            return "[" + a.map(tagged).joined(separator: ",") + "]"
        default:
            guard case .array(let pairs) = v else { return "?" }
            return "{"
                + pairs.map { p -> String in
                    guard case .array(let kv) = p else { return "?" }
                    return kv[0].string!.debugDescription + "=" + tagged(kv[1])
                }.joined(separator: ",") + "}"
        }
    }

    @Test func theFixtureHoldsBothKinds() {
        let read = Self.cases.filter { $0.value != nil }.count
        #expect(Self.cases.count > 1000)
        #expect(read > 300 && Self.cases.count - read > 300)
    }

    /// Every document: read to the same values, in the same order, or refused, on the line
    /// tomllib names. One difference is allowed: a one-line string that runs into the end
    /// of its line (or a backslash there) is refused on that line, where tomllib names the
    /// next one, having read the newline.
    @Test(arguments: cases) func agreesWithTomllib(_ c: Case) {
        do {
            let t = try TOMLParser.parse(c.toml)
            if let v = c.value {
                #expect(Self.tagged(t) == Self.tagged(v), "\(c.toml.debugDescription)")
            } else {
                Issue.record("read, but tomllib refuses: \(c.toml.debugDescription) → \(Self.tagged(t))")
            }
        } catch {
            if c.value != nil {
                Issue.record("refused (\(error)), but tomllib reads: \(c.toml.debugDescription)")
            } else if let line = c.errorLine {
                #expect(
                    error.line == line
                        || (error.line == line - 1
                            && (error.message.contains("not an escape")
                                || error.message.contains("cannot span lines"))),
                    "\(error) vs tomllib's line \(line): \(c.toml.debugDescription)")
            }
        }
    }

    // MARK: The specification's examples, value by value

    @Test func stringsAreReadAsTheSpecificationSays() throws {
        let t = try TOMLParser.parse(
            #"""
            str = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF."
            str2 = """
            The quick brown \


              fox jumps over \
                the lazy dog."""
            str5 = """Here are three quotation marks: ""\"."""
            str7 = """"This," she said, "is just a pointless statement.""""
            winpath2 = '\\ServerX\admin$\system32\'
            lines  = '''
            The first newline is
            trimmed in raw strings.
               All other whitespace
               is preserved.
            '''
            apos15 = "Here are fifteen apostrophes: '''''''''''''''"
            emoji = "\U0001F600"
            crlf = """a\#r\#nb"""
            """#)
        #expect(t["str"]?.string == "I'm a string. \"You can quote me\". Name\tJos\u{E9}\nLocation\tSF.")
        #expect(t["str2"]?.string == "The quick brown fox jumps over the lazy dog.")
        #expect(t["str5"]?.string == "Here are three quotation marks: \"\"\".")
        #expect(t["str7"]?.string == "\"This,\" she said, \"is just a pointless statement.\"")
        #expect(t["winpath2"]?.string == #"\\ServerX\admin$\system32\"#)
        #expect(
            t["lines"]?.string
                == "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n"
                + "   is preserved.\n"
        )
        #expect(t["apos15"]?.string == "Here are fifteen apostrophes: '''''''''''''''")
        #expect(t["emoji"]?.string == "\u{1F600}")
        #expect(t["crlf"]?.string == "a\nb")
    }

    @Test func numbersAreReadAsTheSpecificationSays() throws {
        let t = try TOMLParser.parse(
            """
            int1 = +99
            int4 = -17
            int6 = 5_349_221
            hex3 = 0xdead_beef
            oct1 = 0o01234567
            bin1 = 0b11010110
            max = 9223372036854775807
            min = -9223372036854775808
            flt4 = 5e+22
            flt6 = -2E-2
            flt8 = 224_617.445_991_228
            sf3 = -inf
            sf4 = nan
            """)
        #expect(t["int1"]?.int == 99 && t["int4"]?.int == -17 && t["int6"]?.int == 5_349_221)
        #expect(t["hex3"]?.int == 0xdead_beef && t["oct1"]?.int == 0o1234567 && t["bin1"]?.int == 0b1101_0110)
        #expect(t["max"]?.int == Int.max && t["min"]?.int == Int.min)
        #expect(
            t["flt4"]?.double == 5e22 && t["flt6"]?.double == -0.02
                && t["flt8"]?.double == 224_617.445_991_228)
        #expect(t["sf3"]?.double == -.infinity && t["sf4"]?.double?.isNaN == true)
        // An integer is not a float; `number` reads both.
        #expect(t["int1"]?.double == nil && t["int1"]?.number == 99)
    }

    @Test func tablesKeepTheDocumentsOrderAndLines() throws {
        let t = try TOMLParser.parse(
            """
            [services.zeta]
            x = 1
            [[services.alpha.calls]]
            to = "zeta"
            [services.mid]
            services.late = 1
            """)
        let services = try #require(t["services"]?.table)
        #expect(services.keys == ["zeta", "alpha", "mid"])
        #expect(services["zeta"]?.line == 1 && services["zeta"]?.table?["x"]?.line == 2)
        #expect(services["alpha"]?.table?["calls"]?.array?.first?.table?["to"]?.line == 4)
        #expect(services["mid"]?.table?["services"]?.table?["late"]?.line == 6)
    }

    // MARK: What the specification refuses

    @Test(arguments: [
        ("a = 1\na = 2\n", 2, "defined twice"),
        ("[fruit]\napple = 1\n[fruit]\n", 3, "defined twice"),
        ("[fruit]\napple.color = 1\n[fruit.apple]\n", 3, "dotted keys"),
        ("[product]\ntype = { name = \"Nail\" }\ntype.edible = false\n", 3, "already a value"),
        ("fruits = []\n[[fruits]]\n", 2, "already a value"),
        ("[[fruits]]\n[[fruits.varieties]]\n[fruits.varieties]\n", 3, "array of tables"),
        ("a = 0xFFFFFFFFFFFFFFFF1\n", 1, "64 bits"),
        ("a = 9223372036854775808\n", 1, "64 bits"),
        ("a = 01\n", 1, "not a TOML value"),
        ("a = 1__0\n", 1, "not a TOML value"),
        ("a = .5\n", 1, "not a TOML value"),
        ("a = \"\\x41\"\n", 1, "not an escape"),
        ("a = \"\\uD800\"\n", 1, "no Unicode scalar"),
        ("a = \"tab\tok, bell\u{07} not\"\n", 1, "control character"),
        ("# bell \u{07}\n", 1, "control character"),
        ("a = 1\rb = 2\n", 1, "end of the line"),
        ("a = { b = 1, }\n", 1, "cannot end with ','"),
        ("a = { b = 1,\n c = 2 }\n", 1, "expected a key"),
        ("a = [1, 2\n", 2, "not closed"),
        ("[a]]\n", 1, "end of the line"),
        ("[ [a]]\n", 1, "expected a key"),
        ("= 1\n", 1, "expected a key"),
        ("a = \"\"\"x\"\"\"\"\"\"\n", 1, "too many quotes"),
        ("a = 1979-02-29\n", 1, "not a TOML value"),
    ])
    func refusals(_ text: String, _ line: Int, _ says: String) {
        do {
            let t = try TOMLParser.parse(text)
            Issue.record("read: \(Self.tagged(t))")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(says), "\(error)")
        }
    }

    // MARK: Hostile input

    /// Nesting that would exhaust the stack of a recursive reader is refused.
    @Test func deepNestingIsRefusedNotRecursedInto() {
        for text in [
            "a = " + String(repeating: "[", count: 100_000),
            "a = " + String(repeating: "{b=", count: 100_000),
            "[" + Array(repeating: "a", count: 10_000).joined(separator: ".") + "]",
            Array(repeating: "a", count: 10_000).joined(separator: ".") + " = 1",
        ] {
            #expect(throws: TOMLError.self) { try TOMLParser.parse(text) }
        }
        let ok =
            "a = " + String(repeating: "[", count: TOMLParser.maxDepth)
            + String(repeating: "]", count: TOMLParser.maxDepth)
        #expect(throws: Never.self) { try TOMLParser.parse(ok) }
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        #expect(try TOMLParser.parse("\u{FEFF}a = 1\n")["a"]?.int == 1)
    }

    /// Every prefix of a document that uses each construct: read or refused, never a trap.
    @Test func everyPrefixOfADocumentIsReadOrRefused() {
        let doc = Self.cases.filter { $0.value != nil }.map(\.toml).joined(separator: "\n# --\n")
        let bytes = Array(doc.utf8.prefix(3_000))
        var refused = 0
        for n in 0...bytes.count {
            do {
                _ = try TOMLParser.parse(String(decoding: bytes[..<n], as: UTF8.self))
            } catch {
                refused += 1
                #expect(error.line >= 1 && error.line <= doc.utf8.prefix(n).count { $0 == 10 } + 1)
            }
        }
        #expect(refused > 0)
    }
}
