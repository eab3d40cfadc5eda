import Foundation
import SimKernel
import Testing

@testable import PerfModel

/// Topology files: what they describe, and one clear line for each mistake.
@Suite struct TopologyFileTests {
    static let shop = """
        name = "shop"
        entry = "api"

        [load]
        rate = "2k"
        timeout = "2s"

        [services.api]
        work.time = "1ms"
        db.enabled = false

          [[services.api.calls]]
          to = "cart"

          [[services.api.calls]]
          parallel = ["pricing", "stock"]

          [[services.api.calls]]
          to = "recommend"
          probability = 0.3
          mode = "async"

        [services.pricing]
        instances = 3
        db.pool = 8

          [[services.pricing.calls]]
          to = "db"
          count = 10
          timeout = "50ms"
          retry.max = 1

        [services.cart]
        [services.stock]
        [services.recommend]
        """

    @Test func theInterfaceExampleReads() throws {
        let s = try TopologyFile.parse(text: Self.shop, file: "shop.toml")
        let t = s.topology
        #expect(t.services.map(\.name) == ["api", "pricing", "cart", "stock", "recommend"])
        #expect(t.entry == 0)
        let steps = t.services[0].plan!.steps
        #expect(steps.count == 3)
        #expect(steps[0].calls == [CallPlan.Call(target: .service(2))])
        #expect(steps[1].parallel && steps[1].calls.map(\.target) == [.service(1), .service(3)])
        #expect(steps[2].calls[0].probability == 0.3 && steps[2].calls[0].mode == .async)
        let q = t.services[1].plan!.steps[0].calls[0]
        #expect(q.target == .database && q.count == 10 && q.timeout == 50_000_000 && q.retryMax == 1)
        #expect(t.services[2].plan == nil)
        let k = try s.knobs()
        #expect(k.number(.workTime, service: 0) == 1e6)
        #expect(k.flag(.dbEnabled, service: 0) == false)
        #expect(k.int(.instances, service: 1) == 3)
        #expect(k.int(.dbPool, service: 1) == 8)
        #expect(k.int(.dbPool, service: 2) == 8)  // the default
        #expect(k.number(.loadRate) == 2000)
        #expect(k.time(.loadTimeout) == 2 * Time.second)
        // Bare names are the entry service's; others are SERVICE.KNOB.
        #expect(k["work.time"] == .number(1e6))
        #expect(k["pricing.instances"] == .number(3))
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var field: String
        var says: String
        var testDescription: String { says }
    }

    static let bad: [Bad] = [
        Bad(
            text:
                "[services.a]\n[[services.a.calls]]\nto = \"b\"\n[services.b]\n[[services.b.calls]]\nto = "
                + "\"a\"\n",
            line: 1, field: "services.a.calls", says: "cycle"),
        Bad(
            text: "[services.a]\nwork.time = \"1ms\"\nfoo.bar = 3\n", line: 3, field: "a.foo.bar",
            says: "unknown knob"),
        Bad(
            text: "[services.a]\nwork.time = \"fast\"\n", line: 2, field: "a.work.time",
            says: "is not a duration"),
        Bad(
            text: "[services.a]\n[[services.a.calls]]\nto = \"db\"\nprobability = 1.5\n", line: 4,
            field: "services.a.calls[1].probability", says: "outside 0..1"),
        Bad(
            text: "[services.a]\n[[services.a.calls]]\nparallel = []\n", line: 3,
            field: "services.a.calls[1].parallel", says: "empty parallel"),
        Bad(
            text: "[services.a]\n[[services.a.calls]]\nto = \"nobody\"\n", line: 3,
            field: "services.a.calls[1].to",
            says: "unknown service"),
        Bad(
            text: "[load]\nrate = \"2k\"\nfoo = 1\n[services.a]\n", line: 3, field: "load.foo",
            says: "unknown knob"),
        Bad(text: "entry = \"zz\"\n[services.a]\n", line: 1, field: "entry", says: "unknown service"),
        Bad(text: "[services.l1]\n", line: 1, field: "services.l1", says: "may not be named"),
        Bad(
            text: "[services.a]\nload.rate = 5\n", line: 2, field: "a.load.rate",
            says: "belongs to the client"),
        Bad(text: "[services.a]\ninstances = 99\n", line: 2, field: "a.instances", says: "out of range"),
        Bad(
            text: "[services.a]\ndb.enabled = false\n[[services.a.calls]]\nto = \"db\"\n", line: 4,
            field: "services.a.calls[1].to", says: "a.db.enabled is false"),
        Bad(
            text:
                "[services.a]\n[[services.a.calls]]\nparallel = [\"b\", \"db\"]\n[services.b]\n"
                + "[services.a.db]\nenabled = false\n",
            line: 3, field: "services.a.calls[1].parallel", says: "a.db.enabled is false"),
    ]

    @Test(arguments: bad) func aMistakeIsNamedByLineAndField(_ b: Bad) {
        do {
            _ = try TopologyFile.parse(text: b.text, file: "t.toml")
            Issue.record("accepted: \(b.text)")
        } catch let e as InputError {
            #expect(e.file == "t.toml")
            #expect(e.line == b.line, "\(e)")
            #expect(e.field == b.field, "\(e)")
            #expect(e.message.contains(b.says) || e.description.contains(b.says), "\(e)")
        } catch {
            Issue.record("not an InputError: \(error)")
        }
    }

    /// Inputs on which toml++ (the C++ parser perflab used before ``TOMLParser``) asserted
    /// and so aborted the process, found by the `topology` fuzz target: refused with one
    /// line. The last is the fuzzer's input byte for byte (`Fixtures/fuzz/`); its line 23
    /// is `  [# An API that calls…`, a header that opens on a comment.
    @Test(arguments: [
        ("[\u{05}\u{00}services.a]\u{00}\u{00} hold\n[services.b]\n", 1, "expected a key"),
        ("[services.a]\n  [\n[services.b]\n", 2, "expected a key"),
        ("[services.a]\n[ services.b ] x\n", 2, "end of the line"),
        ("[#\"\"\"", 1, "expected a key"),
        (
            String(
                decoding: try! Data(
                    contentsOf: Bundle.module.url(
                        forResource: "topology-header-hash-assert", withExtension: "toml",
                        subdirectory: "Fixtures/fuzz")!), as: UTF8.self), 23, "expected a key"
        ),
    ])
    func inputsThatAbortedTheOldTOMLParserAreRefused(_ text: String, _ line: Int, _ says: String) {
        do {
            _ = try TopologyFile.parse(text: text, file: "t.toml")
            Issue.record("accepted")
        } catch let e as InputError {
            #expect(e.file == "t.toml")
            #expect(e.line == line, "\(e)")
            #expect(e.message.contains(says), "\(e)")
        } catch {
            Issue.record("not an InputError")
        }
    }

    @Test func badTOMLSyntaxNamesTheLine() {
        do {
            _ = try TopologyFile.parse(text: "[services.a]\nx = \n", file: "t.toml")
            Issue.record("accepted")
        } catch let e as InputError {
            #expect(e.line == 2)
        } catch {
            Issue.record("not an InputError")
        }
    }

    /// A refused value names the knob as the user wrote it: `stock.instances` is not the
    /// entry service's `instances`, in a script, in `--set` and in a range check alike.
    @Test func aRefusedServiceKnobIsNamedWithItsService() throws {
        let knobs = try TopologyFile.parse(text: Self.shop, file: "shop.toml").knobs()
        let notWhole = InputError(
            file: "s.txt", line: 2, field: "stock.instances", "\"2.5\" is not a whole number")
        #expect(throws: notWhole) {
            try KnobScript.parse(
                text: "1s instances=2\n2s stock.instances=2.5\n", file: "s.txt", knobs: knobs)
        }
        let notNumber = InputError(
            file: "s.txt", line: 1, field: "instances", "\"x\" is not a number (like 5000, 5k, 2M)")
        #expect(throws: notNumber) {
            try KnobScript.parse(text: "1s instances=x\n", file: "s.txt", knobs: knobs)
        }
        var k = knobs
        #expect(throws: InputError(field: "pricing.db.pool", "0 is out of range 1…100k")) {
            try k.set("pricing.db.pool", text: "0")
        }
        #expect(throws: InputError(field: "pricing.db.pool", "0 is out of range 1…100k")) {
            try k.set("pricing.db.pool", .number(0))
        }
    }

    /// A session header carries the topology, so a recorded topology re-simulates.
    @Test func aTopologyRoundTripsThroughJSON() throws {
        let t = try TopologyFile.parse(text: Self.shop, file: "shop.toml").topology
        #expect(try Topology(json: t.json) == t)
    }

    /// A session's header is a file too: its topology is held to the rules a topology file
    /// is (a count of 1e300 or a timeout of -1e30 had crashed `replay` and `report` on the
    /// conversion to a whole number; a probability of 7, a count of -5, an empty parallel
    /// step and an async query of the database were taken), each refused naming the field.
    @Test func aRecordedTopologyIsHeldToTheFilesRules() throws {
        let t = try TopologyFile.parse(text: Self.shop, file: "shop.toml").topology
        let good = try JSON.parse(t.json.text)
        /// `good` with service `s`'s step `k` changed.
        func edited(service s: Int, step k: Int, _ change: (JSON) -> JSON) -> JSON {
            var services = good["services"]!.array!
            var calls = services[s]["calls"]!.array!
            calls[k] = change(calls[k])
            services[s] = Self.with(services[s], "calls", .array(calls))
            return Self.with(good, "services", .array(services))
        }
        let pricing = try #require(good["services"]?.array?.firstIndex { $0["name"]?.string == "pricing" })
        let cases: [(JSON, String)] = [
            (
                edited(service: pricing, step: 0) { Self.with($0, "count", .number(1e300)) },
                "topology.calls.count"
            ),
            (edited(service: pricing, step: 0) { Self.with($0, "count", .int(-5)) }, "topology.calls.count"),
            (
                edited(service: pricing, step: 0) { Self.with($0, "count", .number(2.5)) },
                "topology.calls.count"
            ),
            (
                edited(service: 0, step: 0) { Self.with($0, "probability", .int(7)) },
                "topology.calls.probability"
            ),
            (
                edited(service: 0, step: 0) { Self.with($0, "timeout_ns", .number(-1e30)) },
                "topology.calls.timeout_ns"
            ),
            (
                edited(service: 0, step: 0) { Self.with($0, "retry_max", .number(1e30)) },
                "topology.calls.retry_max"
            ),
            (
                edited(service: 0, step: 1) { Self.with($0, "parallel", .array([])) },
                "topology.calls.parallel"
            ),
            // A query of the database made async, and a service that calls itself (taken, or
            // refused only as a cycle, while each reader had its own copy of the rules).
            (
                edited(service: pricing, step: 0) { Self.with($0, "mode", .string("async")) },
                "topology.calls.mode"
            ),
            (edited(service: 0, step: 0) { Self.with($0, "to", .string("api")) }, "topology.calls.to"),
            (
                Self.with(
                    good, "services", .array(good["services"]!.array! + [.object([("name", .string("api"))])])
                ),
                "topology.services"
            ),
            (Self.with(good, "services", .array([.object([("name", .string("a.b"))])])), "topology.services"),
            (
                Self.with(
                    good, "services",
                    .array((0...Topology.maxServices).map { .object([("name", .string("s\($0)"))]) })),
                "topology.services"
            ),
        ]
        for (json, field) in cases {
            do {
                _ = try Topology(json: json)
                Issue.record("accepted \(json.text.prefix(200))")
            } catch let e as InputError {
                #expect(e.field == field, "\(e)")
            }
        }
        #expect(try Topology(json: good) == t)
    }

    /// A file of more services than a topology may have is refused at the first one past
    /// the limit.
    @Test func aTopologyHasAtMostAThousandServices() {
        let text = (0...Topology.maxServices).map { "[services.s\($0)]\n" }.joined()
        do {
            _ = try TopologyFile.parse(text: text, file: "t.toml")
            Issue.record("1001 services were taken")
        } catch let e as InputError {
            #expect(
                e.line == Topology.maxServices + 1 && e.field == "services.s\(Topology.maxServices)", "\(e)")
            #expect(e.message.contains("at most 1000 services (this one has 1001)"))
        } catch {
            Issue.record("not an InputError: \(error)")
        }
    }

    static func with(_ o: JSON, _ key: String, _ v: JSON) -> JSON {
        var pairs = o.objectPairs ?? []
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = v } else { pairs.append((key, v)) }
        return .object(pairs)
    }

    /// A call's fields take the value syntax of knobs, as strings or numbers
    /// (docs/interface.md, Values): `probability = "30%"` had been refused.
    @Test func aCallsFieldsTakeTheValueSyntax() throws {
        func call(_ fields: String) throws -> CallPlan.Call {
            let text = "[services.a]\n[[services.a.calls]]\nto = \"b\"\n\(fields)\n[services.b]\n"
            let t = try TopologyFile.parse(text: text, file: "t.toml").topology
            return try #require(t.services[0].plan?.steps.first?.calls.first)
        }
        #expect(try call("probability = \"30%\"").probability == 0.3)
        #expect(try call("probability = \"0.25\"").probability == 0.25)
        #expect(try call("probability = 1").probability == 1)
        #expect(try call("count = \"1k\"").count == 1000)
        #expect(try call("count = 7").count == 7)
        #expect(try call("mode = \"Async\"").mode == .async)
        #expect(try call("timeout = 0.2").timeout == 200 * Time.millisecond)
        #expect(try call("timeout = \"off\"").timeout == 0)
        #expect(try call("retry.max = \"3\"").retryMax == 3)
        for (fields, says) in [
            ("probability = \"130%\"", "1.3 is outside 0..1"), ("probability = true", "expected a number"),
            ("count = 2.5", "expected a whole number"), ("count = \"2k\"", "2000 is outside 1..1000"),
            ("timeout = \"soon\"", "is not a duration"), ("retry.max = \"many\"", "expected a whole number"),
        ] {
            do {
                _ = try call(fields)
                Issue.record("\(fields) was accepted")
            } catch let e as InputError {
                #expect(e.line == 4 && e.message.contains(says), "\(fields): \(e)")
            }
        }
    }

    /// An error quotes what the user gave, but stays one readable line: a file of one 3 MB
    /// key had printed a 3 MB line.
    @Test func aHugeKeyMakesAShortLine() {
        let key = String(repeating: "a", count: 200_000)
        do {
            _ = try TopologyFile.parse(text: key + "\n", file: "huge.toml")
            Issue.record("accepted")
        } catch let e as InputError {
            #expect(e.line == 1)
            #expect(e.description.count <= InputError.maxLength)
            #expect(e.description.hasPrefix("huge.toml:1: "))
        } catch {
            Issue.record("\(error)")
        }
        let long = InputError(field: "load.rate", "\"" + key + "\" is not a number")
        #expect(long.description.count <= InputError.maxLength)
        #expect(long.description.hasSuffix("(\(key.count + 29) characters in all)"))
    }
}
