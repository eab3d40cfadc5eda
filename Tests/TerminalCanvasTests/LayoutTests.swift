import Testing

@testable import TerminalCanvas

@Suite struct LayoutTests {
    let area = Rect(x: 2, y: 1, width: 80, height: 10)

    @Test func verticalLengthsAndFill() {
        let parts = Layout.vertical([.length(3), .fill(1), .length(2)]).split(area)
        #expect(
            parts == [
                Rect(x: 2, y: 1, width: 80, height: 3), Rect(x: 2, y: 4, width: 80, height: 5),
                Rect(x: 2, y: 9, width: 80, height: 2),
            ])
    }

    @Test func horizontalPercentages() {
        let parts = Layout.horizontal([.percentage(50), .percentage(25), .fill(1)]).split(area)
        #expect(parts.map(\.width) == [40, 20, 20])
        #expect(parts.map(\.x) == [2, 42, 62])
    }

    @Test func fillsShareByWeight() {
        #expect(Layout.sizes([.fill(1), .fill(2)], total: 10) == [3, 7])
        #expect(Layout.sizes([.fill(1), .fill(1), .fill(1)], total: 10) == [3, 3, 4])
    }

    @Test func minGrowsWhenThereIsNoFill() {
        #expect(Layout.sizes([.length(5), .min(3)], total: 20) == [5, 15])
        #expect(Layout.sizes([.min(3), .fill(1)], total: 20) == [3, 17])
    }

    @Test func overflowIsCutFromTheEnd() {
        #expect(Layout.sizes([.length(8), .length(8)], total: 10) == [8, 2])
        #expect(Layout.sizes([.length(8), .length(8), .min(4)], total: 10) == [8, 2, 0])
    }

    @Test func lastSegmentStretchesUnlessItIsAMax() {
        #expect(Layout.sizes([.max(4), .length(2)], total: 10) == [4, 6])
        #expect(Layout.sizes([.length(2), .max(4)], total: 10) == [2, 4])
    }

    @Test func spacingAndMargin() {
        let parts = Layout.horizontal([.length(3), .fill(1)], margin: 1, spacing: 1)
            .split(Rect(x: 0, y: 0, width: 12, height: 4))
        #expect(parts == [Rect(x: 1, y: 1, width: 3, height: 2), Rect(x: 5, y: 1, width: 6, height: 2)])
    }

    @Test func tinyAreasGiveEmptySegments() {
        let parts = Layout.vertical([.length(2), .length(2)]).split(Rect(x: 0, y: 0, width: 5, height: 1))
        #expect(parts.map(\.height) == [1, 0])
    }
}
