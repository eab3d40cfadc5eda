import Testing

@testable import TerminalCanvas

@Suite struct ColorTests {
    @Test func parsesHexAndGreyscale() {
        #expect(Color(hex: "#1a2B3c") == Color(red: 0x1a, green: 0x2b, blue: 0x3c))
        #expect(Color(hex: "#40") == Color(red: 0x40, green: 0x40, blue: 0x40))
        #expect(Color(hex: "#12345") == nil)
        #expect(Color(hex: "#gg0000") == nil)
        #expect(Color(rgb: 0x0a0b0c).description == "#0a0b0c")
        #expect(Color.default.description == "default")
    }

    /// Expected indices from xterm's palette: cube levels 0, 95, 135, 175, 215, 255 and
    /// the grey ramp 8, 18, …, 238 (xterm's 256colres.pl).
    @Test(arguments: [
        (0xff0000, 196), (0x000000, 16), (0xffffff, 231), (0x5f87af, 67), (0x808080, 244),
        (0xeeeeee, 255), (0x00ff00, 46), (0x0000ff, 21), (0x121212, 233), (0xd7af00, 178),
    ])
    func nearestXterm256(rgb: Int, index: Int) {
        #expect(Color(rgb: UInt32(rgb)).xterm256Index == index)
    }

    @Test func xterm256RoundTripsThePalette() {
        for index in 16..<256 {
            #expect(Color.xterm256(index).xterm256Index == index, "index \(index)")
        }
    }

    @Test(arguments: [
        (0xff0000, 1), (0x0a0a0a, 0), (0xe0e0e0, 7), (0x00c000, 2), (0x1010e0, 4),
        (0xc0c000, 3), (0xc000c0, 5), (0x00c0c0, 6),
    ])
    func nearestBasic8(rgb: Int, index: Int) {
        #expect(Color(rgb: UInt32(rgb)).basic8Index == index)
    }

    @Test func defaultColourStaysDefault() {
        #expect(Color.default.xterm256Index == -1)
        #expect(Color.default.basic8Index == -1)
        #expect(Color(rgb: 0x123456).approximated(for: .none) == .default)
        #expect(Color(rgb: 0xff0000).approximated(for: .palette256) == Color(rgb: 0xff0000))
        #expect(Color(rgb: 0xfe0101).approximated(for: .basic8) == Color(rgb: 0xcd0000))
    }

    @Test func gradientsFollowBtop() {
        let start = Color(rgb: 0x000000), mid = Color(rgb: 0x808080), end = Color(rgb: 0xffffff)
        let three = Gradient(start: start, mid: mid, end: end)
        #expect(three.color(at: 0) == start)
        #expect(three.color(at: 0.5) == mid)
        #expect(three.color(at: 1) == end)
        #expect(three.color(at: 0.25) == Color(rgb: 0x404040))
        let two = Gradient(start: start, end: end)
        #expect(two.color(at: 0.5) == Color(rgb: 0x808080))
        #expect(Gradient(start).color(at: 0.9) == start)
    }

    @Test func colourModesAreOrdered() {
        #expect(ColorMode.none < .basic8)
        #expect(ColorMode.palette256 < .trueColor)
    }
}
