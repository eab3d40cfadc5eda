import Foundation
import Testing

@testable import PerfModel

/// The JSON reader every session, shard and result file goes through, against Foundation's
/// JSONSerialization (RFC 8259) as the reference, and the dotted paths sessions are read by.
@Suite("JSON reader")
struct JSONParserTests {
    /// Foundation's reading of `text` as the same JSON value.
    func reference(_ text: String) throws -> JSON {
        func convert(_ x: Any) -> JSON {
            switch x {
            case let s as String: return .string(s)
            // A whole number reads as .int here and equals the same .number (JSON's ==).
            case let n as NSNumber: return .number(n.doubleValue)
            case let a as [Any]: return .array(a.map(convert))
            case is NSNull: return .null
            default: return .null
            }
        }
        let x = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        return convert(x)
    }

    @Test(
        "strings, plain and with escapes, read as Foundation reads them",
        arguments: [
            #""plain""#, #""a\"b""#, #""tab\there, line\nend""#, #""back\\slash""#, #""\u00e9t\u00e9""#,
            #""ünïcödé ✓""#, #""""#, #""x\/y""#, #""ends with escape\n""#, #""\b\f\r""#,
            #"["a", "b\"c", "d"]"#, #"[1, -2, 3.5, 1e3, -0.25, 12345678901234]"#,
        ])
    func readsAsFoundation(_ text: String) throws {
        #expect(try JSON.parse(text) == reference(text))
        #expect(try JSON.parse(bytes: Array(text.utf8)) == reference(text))
    }

    @Test("an object's keys and values, in order; the literals")
    func objects() throws {
        #expect(try JSON.parse("[true, false, null]") == .array([.bool(true), .bool(false), .null]))
        #expect(throws: JSON.ParseError.self) { try JSON.parse("[tru]") }
        let v = try JSON.parse(#"{"b": 1, "a": {"x\"y": "z"}, "c": []}"#)
        #expect(v.objectPairs?.map(\.0) == ["b", "a", "c"])
        #expect(v["a"]?["x\"y"]?.string == "z")
    }

    @Test("a string left open, or a bad escape, is refused at the place it ends")
    func unterminated() {
        for (text, offset) in [(#""abc"#, 4), (#"{"k": "v"#, 8), (#""a\"#, 3), (#""\uZZZZ""#, 2)] {
            do {
                _ = try JSON.parse(text)
                Issue.record("\(text) was read")
            } catch let e as JSON.ParseError {
                #expect(e.offset == offset, "\(text): \(e)")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }

    @Test("invalid UTF-8 inside a string reads as U+FFFD, as String(decoding:) makes it")
    func invalidUTF8() throws {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0x22]
        #expect(try JSON.parse(bytes: bytes) == .string(String(decoding: [0x61, 0xFF, 0x62], as: UTF8.self)))
        #expect(try JSON.parse(bytes: bytes).string == "a\u{FFFD}b")
    }

    @Test("dotted paths: nested objects, null and missing read as nothing, a path through a value is nothing")
    func paths() throws {
        let f = JSONFields(
            try JSON.parse(#"{"a": {"b": {"c": 7}, "n": null}, "s": "t", "requests": {"ok": 3}}"#))
        #expect(f.value("a.b.c") == .int(7))
        #expect(f.value("a..b.c") == .int(7))
        #expect(f.value("a.n") == nil)
        #expect(f.value("a.missing") == nil)
        #expect(f.value("s.t") == nil)
        #expect(f.value("requests.okay") == nil)
        #expect(f.value("requests.o") == nil)
        #expect(try f.uint("requests.ok") == 3)
        #expect(try f.string("s") == "t")
    }
}
