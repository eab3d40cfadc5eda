import Testing

@testable import PerfModel

/// "Did you mean": the known knob name nearest an unknown one, by the optimal string
/// alignment distance (restricted Damerau–Levenshtein).
@Suite struct NameSuggestionTests {
    static func d(_ a: String, _ b: String, limit: Int = 99) -> Int? {
        NameSuggestion.distance(Array(a.utf8), Array(b.utf8), limit: limit)
    }

    /// The textbook values: Levenshtein's kitten → sitting is 3; a swap of neighbours is one
    /// edit (Damerau); and the restricted form never edits a substring twice, so "ca" → "abc"
    /// is 3 where the unrestricted distance is 2 (the example that tells the two apart).
    @Test func distanceIsTheOptimalStringAlignment() {
        #expect(Self.d("kitten", "sitting") == 3)
        #expect(Self.d("flaw", "lawn") == 2)
        #expect(Self.d("pool", "pool") == 0)
        #expect(Self.d("", "abc") == 3)
        #expect(Self.d("abc", "") == 3)
        #expect(Self.d("ab", "ba") == 1)
        #expect(Self.d("ca", "abc") == 3)
        // Symmetric, and nil past the limit whatever the lengths.
        #expect(Self.d("sitting", "kitten") == 3)
        #expect(Self.d("kitten", "sitting", limit: 2) == nil)
        #expect(Self.d("kitten", "sitting", limit: 3) == 3)
        #expect(Self.d("a", "abcdef", limit: 2) == nil)
    }

    @Test func aNearNameIsSuggested() {
        let cases: [(typed: String, meant: String?)] = [
            ("db.pol", "db.pool"),  // a letter left out
            ("lod.rate", "load.rate"),  // the group misspelt
            ("l1.capcity", "l1.capacity"),
            ("load.retires", "load.retries"),  // two letters swapped: one edit
            ("backend.1.slowdwn", "backend.1.slowdown"),
            ("pricing.db.pol", "pricing.db.pool"),  // the service kept
            ("pricing.lb.algoritm", "pricing.lb.algorithm"),
            ("rate", nil),  // too short for two edits, and five from load.rate
            ("nope.knob", nil),
            ("x", nil),
        ]
        for (typed, meant) in cases {
            #expect(NameSuggestion.nearest(to: typed) == meant, "\(typed)")
        }
        // Scoped: a client table is not offered a service's knob, nor the reverse.
        #expect(NameSuggestion.nearest(to: "load.rat", scope: .client) == "load.rate")
        #expect(NameSuggestion.nearest(to: "db.pol", scope: .client) == nil)
        #expect(NameSuggestion.nearest(to: "work.tme", scope: .service) == "work.time")
        #expect(NameSuggestion.nearest(to: "pricing.db.pol", scope: .service) == nil)
    }

    @Test func aScenarioNamedNearlyIsSuggested() {
        func said(_ name: String) -> String {
            do {
                _ = try Scenario.load(name)
                return ""
            } catch { return "\(error)" }
        }
        #expect(said("shp").hasPrefix("--scenario: unknown scenario \"shp\"; did you mean shop? "))
        #expect(said("chekout").contains("did you mean checkout?"))
        #expect(said("nplusone").contains("did you mean n-plus-one?"))  // an example topology's
        #expect(
            said("xyz")
                == "--scenario: unknown scenario \"xyz\" (perflab scenarios lists them, or give a file)")
        // --vary names its knob as --set does.
        #expect(throws: InputError(field: "--vary load.rte", NameSuggestion.unknownKnob("load.rte"))) {
            _ = try SweepAxis("load.rte=1..5", knobs: KnobSet())
        }
    }

    /// What a topology file's reader refuses `text` with (nil: it reads it).
    static func refusal(_ text: String) -> InputError? {
        do {
            _ = try TopologyFile.parse(text: text, file: "t.toml")
            return nil
        } catch { return error as? InputError }
    }

    @Test func aServiceNamedNearlyIsSuggested() throws {
        let s = try TopologyFile.parse(text: "[services.search]\n[services.index]\n", file: "t.toml")
        var k = try s.knobs()
        #expect(
            throws: InputError(
                field: "serch.db.pool",
                "unknown service \"serch\"; did you mean search? (the services are search, index)")
        ) {
            try k.set("serch.db.pool", text: "3")
        }
        let call = "[services.search]\n[[services.search.calls]]\nto = \"indx\"\n[services.index]\n"
        #expect(
            Self.refusal(call)
                == InputError(
                    file: "t.toml", line: 3, field: "services.search.calls[1].to",
                    "unknown service \"indx\"; did you mean index? (the services are search, index, and db)"))
        // Nothing near: the list alone.
        #expect(
            NameSuggestion.unknownService("zzz", services: ["a", "b"])
                == "unknown service \"zzz\" (the services are a, b)")
    }

    @Test func refusalsSayIt() throws {
        var k = KnobSet()
        #expect(
            throws: InputError(
                field: "db.pol", "unknown knob; did you mean db.pool? (perflab knobs lists them)")
        ) {
            try k.set("db.pol", text: "1")
        }
        #expect(
            Self.refusal("[services.a]\nwork.tme = \"1ms\"\n")
                == InputError(
                    file: "t.toml", line: 2, field: "a.work.tme",
                    "unknown knob \"work.tme\"; did you mean work.time? (perflab knobs lists them)"))
    }
}
