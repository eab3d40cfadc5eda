import Foundation
import Testing

@testable import TerminalCanvas

@Suite("Asciicast")
struct AsciicastTests {
    @Test("the first frame clears the screen and paints every cell; the next only the changed run")
    func encodeDiff() {
        var encoder = AnsiFrameEncoder()
        var buffer = CellBuffer(width: 3, height: 2)
        buffer[0, 0] = Cell(scalar: "a", foreground: Color(rgb: 0xff0000))
        buffer[1, 0] = Cell(scalar: "b", foreground: Color(rgb: 0xff0000))
        let first = encoder.encode(buffer)
        #expect(
            first
                == "\u{1B}[0m\u{1B}[H\u{1B}[2J"
                + "\u{1B}[1;1H\u{1B}[0;38;2;255;0;0mab\u{1B}[0m "
                + "\u{1B}[2;1H   \u{1B}[0m")
        #expect(encoder.encode(buffer) == "")
        buffer[2, 1] = Cell(scalar: "é", background: Color(rgb: 0x0000ff), attributes: [.bold, .underline])
        #expect(encoder.encode(buffer) == "\u{1B}[2;3H\u{1B}[0;1;4;48;2;0;0;255mé\u{1B}[0m")
    }

    @Test("a resized buffer is painted in full again")
    func resize() {
        var encoder = AnsiFrameEncoder()
        _ = encoder.encode(CellBuffer(width: 2, height: 1))
        #expect(
            encoder.encode(CellBuffer(width: 1, height: 1))
                == "\u{1B}[0m\u{1B}[H\u{1B}[2J\u{1B}[1;1H\u{1B}[0m \u{1B}[0m")
    }

    @Test("the header is valid asciicast v2 JSON; events are JSON arrays with escaped output")
    func lines() throws {
        let header = Asciicast.header(
            width: 120, height: 40, timestamp: 1_700_000_000, term: "xterm-256color")
        #expect(
            header
                == #"{"version": 2, "width": 120, "height": 40, "timestamp": 1700000000, "#
                + #""env": {"TERM": "xterm-256color"}}"#
        )
        let object = try JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any]
        #expect(object?["version"] as? Int == 2)
        #expect(object?["width"] as? Int == 120)
        let event = Asciicast.output("\u{1B}[1;1H\"x\"\\▲\n", at: 1.5)
        #expect(event == #"[1.500000, "o", "\u001b[1;1H\"x\"\\▲\n"]"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(event.utf8)) as? [Any]
        #expect(parsed?[2] as? String == "\u{1B}[1;1H\"x\"\\▲\n")
        #expect(Asciicast.resize(width: 80, height: 24, at: 0.000_001) == #"[0.000001, "r", "80x24"]"#)
    }
}
