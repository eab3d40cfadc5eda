import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// The value syntax of docs/interface.md, and the one-line errors of bad input.
@Suite struct KnobTests {
    @Test(arguments: [
        ("250us", 250e3), ("20ms", 20e6), ("1.5s", 1.5e9), ("2m", 120e9), ("3", 3e9), ("0", 0), ("off", 0),
        ("10ns", 10),
    ])
    func durations(text: String, ns: Double) throws {
        #expect(try KnobSpec.parseDuration(text, field: "t") == ns)
    }

    /// A family's knob names: `backend.N.down` is `backend.3.down` for backend 3, and so on
    /// for every member of every family (the reference: the raw name with `.N.` replaced).
    @Test func aFamilyKnobIsNamedByItsIndex() {
        for knob in Knob.allCases {
            for n in [1, 2, 9, 10, 32, 100] {
                let expected =
                    knob.family == .single
                    ? knob.rawValue : knob.rawValue.replacingOccurrences(of: ".N.", with: ".\(n).")
                #expect(knob.name(index: n) == expected)
            }
        }
        #expect(Knob.backendDown.name(index: 3) == "backend.3.down")
        #expect(Knob.instanceSlowdown.name(index: 12) == "instance.12.slowdown")
    }

    @Test func durationsBeyondAHundredYearsAreRefused() {
        #expect(throws: InputError(field: "--duration", "\"1e300s\" is longer than 100 years")) {
            try KnobSpec.parseDuration("1e300s", field: "--duration")
        }
    }

    @Test func countsRatesAndRatios() throws {
        var k = KnobSet()
        #expect(try k.set("load.rate", text: "5k") == .number(5000))
        #expect(try k.set("keys.count", text: "2M") == .number(2e6))
        #expect(try k.set("db.error_rate", text: "25%") == .number(0.25))
        #expect(try k.set("db.error_rate", text: "0.5") == .number(0.5))
        #expect(try k.set("channel.enabled", text: "off") == .flag(false))
        #expect(try k.set("backends.weights", text: "5,1,1") == .list([5, 1, 1]))
        #expect(try k.set("breaker.window", text: "10s") == .text("10s"))
        #expect(try k.set("breaker.window", text: "100") == .text("100"))
    }

    @Test func badValuesNameTheKnob() {
        var k = KnobSet()
        #expect(throws: InputError(field: "nope.knob", "unknown knob (perflab knobs lists them)")) {
            try k.set("nope.knob", text: "1")
        }
        #expect(throws: InputError.self) { try k.set("db.pool", text: "0") }
        #expect(throws: InputError.self) { try k.set("db.pool", text: "1.5") }
        #expect(throws: InputError.self) { try k.set("load.rate", text: "fast") }
        #expect(throws: InputError.self) { try k.set("lb.algorithm", text: "fastest") }
        #expect(throws: InputError.self) { try k.set("breaker.window", text: "0") }
        do {
            try k.set("db.error_rate", text: "150%")
            Issue.record("150% accepted")
        } catch let e as InputError {
            #expect(e.description == "db.error_rate: 150% is out of range 0%…100%")
        } catch {
            Issue.record("\(error)")
        }
    }

    /// A choice written in another case, with other separators or by a distribution's long
    /// name is that option, kept in the option's own spelling; anything else is refused.
    @Test func choicesAcceptTheirOtherSpellings() throws {
        var k = KnobSet()
        #expect(try k.set("channel.full_mode", text: "Drop-Newest") == .text("drop_newest"))
        #expect(try k.set("lb.algorithm", text: "round robin") == .text("round_robin"))
        #expect(try k.set("l1.policy", text: "W-TinyLFU") == .text("wtinylfu"))
        #expect(try k.set("db.distribution", text: "constant") == .text("const"))
        #expect(try k.set("db.distribution", text: "Exponential") == .text("exp"))
        #expect(try k.set("work.distribution", text: "log-normal") == .text("lognormal"))
        #expect(try k.set("breaker.kind", text: "CUMULATIVE") == .text("cumulative"))
        #expect(throws: InputError.self) { try k.set("db.distribution", text: "normal") }
        #expect(throws: InputError.self) { try k.set("load.model", text: "exponential") }
        #expect(throws: InputError.self) { try k.set("lb.algorithm", text: "round") }
    }

    /// Every knob's default prints as text that parses back to the same value.
    @Test func formattedValuesParseBack() throws {
        let k = KnobSet()
        for spec in KnobRegistry.all {
            let text = spec.format(k[spec.name])
            #expect(try spec.parse(text) == k[spec.name], "\(spec.name) = \(text)")
        }
    }

    /// Counts print with a suffix only when it says the value exactly and in fewer
    /// characters: a typed 99999999 was refused as "99999.999k is out of range".
    @Test func countsPrintAsShortAsTheyAreExact() throws {
        let spec = try KnobRegistry.spec("keys.count")
        let cases: [(Double, String)] = [
            (5000, "5000"), (20000, "20k"), (200_000, "200k"), (1_500_000, "1.5M"), (12_345_000, "12.345M"),
            (1e9, "1G"), (1_234_567, "1234567"), (99_999_999, "99999999"), (12_345, "12345"), (7, "7"),
        ]
        for (x, text) in cases {
            #expect(spec.format(.number(x)) == text)
            #expect(try spec.parse(text) == .number(x))
        }
    }

    /// A value typed far out of range is refused in a short line: `1e300` was written out
    /// in full, three hundred digits and a `G` (the line clipped at 400 characters).
    @Test func hugeValuesPrintWithAnExponent() throws {
        var k = KnobSet()
        for (typed, shown) in [
            ("1e300", "1e+300"), ("1e64", "1e+64"), ("99999999999999999999", "1e+20"), ("1e15", "1e+15"),
        ] {
            #expect(throws: InputError(field: "load.rate", "\(shown) is out of range 0…20M")) {
                try k.set("load.rate", text: typed)
            }
        }
        #expect(KnobSpec.trim(-1e20) == "-1e+20")
        #expect(KnobSpec.trim(123_456_789_012_345) == "123456789012345")
    }

    /// What a user typed is quoted in the error line with its control characters written
    /// out: `--set 'lb.algorithm=p2c\e[31m'` sent the escape sequence to the terminal.
    @Test func controlCharactersInAnErrorAreWrittenOut() throws {
        var k = KnobSet()
        do {
            try k.set("lb.algorithm", text: "p2c\u{1B}[31m\n\u{9B}x")
            Issue.record("a bad choice was taken")
        } catch {
            let line = "\(error)"
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            #expect(line.hasPrefix(#"lb.algorithm: "p2c\u{1B}[31m\u{A}\u{9B}x" is not one of "#))
        }
    }

    @Test func steppingStaysInRangeAndMoves() throws {
        let rate = try KnobRegistry.spec("load.rate")
        #expect(rate.stepped(.number(5000), by: 1).number > 5000)
        #expect(rate.stepped(.number(5000), by: -1).number < 5000)
        let pool = try KnobRegistry.spec("db.pool")
        #expect(pool.stepped(.number(1), by: -10) == .number(1))
        #expect(pool.stepped(.number(1), by: 1) == .number(2))
        let lb = try KnobRegistry.spec("lb.algorithm")
        #expect(lb.stepped(.text("ewma"), by: 1) == .text("round_robin"))
        let flag = try KnobRegistry.spec("l1.enabled")
        #expect(flag.stepped(.flag(true), by: 1) == .flag(false))
    }

    @Test func scriptLinesNameTheirLine() throws {
        let ok = try KnobScript.parse(
            text: "# changes\n30s l1.capacity=5000\n\n1m load.rate=9k\n10s db.pool=4\n", file: "s.txt")
        #expect(ok.map(\.at) == [10 * Time.second, 30 * Time.second, 60 * Time.second])
        #expect(ok.map(\.name) == ["db.pool", "l1.capacity", "load.rate"])
        #expect(
            throws: InputError(file: "s.txt", line: 2, "expected AT KNOB=VALUE (like 30s l1.capacity=5000)")
        ) {
            try KnobScript.parse(text: "1s db.pool=4\nnonsense\n", file: "s.txt")
        }
        #expect(throws: InputError(file: "s.txt", line: 1, field: "db.pool", "0 is out of range 1…100k")) {
            try KnobScript.parse(text: "1s db.pool=0\n", file: "s.txt")
        }
    }

    @Test func presetsAllLoad() throws {
        for p in Presets.all {
            let k = try p.knobs()
            #expect(!p.description.isEmpty)
            _ = try Simulation(knobs: k, seed: 1)
        }
        #expect(Presets.all.count >= 7)
        #expect(throws: InputError.self) { try Scenario.load("no-such-preset") }
    }
}
