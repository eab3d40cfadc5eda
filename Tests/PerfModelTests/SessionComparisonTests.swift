import Foundation
import Testing

@testable import PerfModel

/// `compare`: the knobs that differ and each headline figure with its change.
@Suite struct SessionComparisonTests {
    @Test func lighterLoadIsFasterAndColouredSo() throws {
        let (fa, _, _) = try SessionFixtures.recordRun("a", scenario: "mmc", seconds: 10)
        let (fb, _, _) = try SessionFixtures.recordRun(
            "b", scenario: "mmc", seconds: 10, script: "5s db.pool=10\n",
            settings: ["load.rate=600"])
        let c = try SessionComparison(
            a: try SessionReader.read(path: fa), b: try SessionReader.read(path: fb))
        #expect(c.startDifferences.map(\.name) == ["load.rate"])
        #expect(c.startDifferences.first?.a == "720" && c.startDifferences.first?.b == "600")
        let p99 = try #require(c.rows.first { $0.a.key == "p99_ms" })
        #expect(p99.change < 0)
        #expect(p99.improved == true)
        let tput = try #require(c.rows.first { $0.a.key == "throughput_rps" })
        #expect(tput.improved == false)
        #expect(c.rows.first { $0.a.key == "offered_rps" }?.improved == nil)
        let plain = c.text(color: false)
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains("load.rate"))
        #expect(plain.contains("knob changes B: 5 s  db.pool 8 -> 10"))
        let coloured = c.text(color: true)
        #expect(coloured.contains("\u{1B}[32m"))
        #expect(coloured.contains("\u{1B}[31m"))
    }
}
