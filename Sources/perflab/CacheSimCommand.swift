import ArgumentParser
import CachePolicies
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `perflab cachesim`: trace-driven cache simulation, the miss ratio of each policy at each
/// size, as a table, JSON (`--json`) or a miss-ratio curve (`--plot`).
struct CacheSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cachesim",
        abstract: "Replay a trace through cache policies and report each one's miss ratio.",
        discussion: """
            The trace is plain text (one key per line) or libCacheSim's binary oracleGeneral \
            format (names ending in .oracleGeneral or .oracleGeneral.bin). The cache starts \
            empty and every request counts. Policies: \
            \(CachePolicyName.allCases.map(\.rawValue).joined(separator: ", ")); each behaves \
            like libCacheSim's policy of the same name with its defaults.
            """)

    @Option(name: .long, help: ArgumentHelp("The trace file.", valueName: "FILE"))
    var trace: String?

    @Option(
        name: .long, help: ArgumentHelp("Policies, comma-separated (e.g. lru,s3fifo).", valueName: "P[,P...]")
    )
    var policy: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Cache sizes, comma-separated: entries (1000, 5k, 1M) or a percentage of the trace's distinct "
                + "keys (10%).",
            valueName: "N[,N...]"))
    var size: [String] = []

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    @Flag(name: .long, help: "Also draw the miss-ratio curve of each policy over the sizes.")
    var plot = false

    @Option(name: .long, help: ArgumentHelp("Seed for the random policy's choices.", valueName: "N"))
    var seed: UInt64 = 42

    @Option(
        help: ArgumentHelp(
            "Runs (a policy at a size) at once (default: every core); the results do not depend on it.",
            valueName: "J"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        do {
            try execute()
        } catch let error as CacheSimUsageError {
            try fail(error.description)
        } catch let error as TraceError {
            try fail(error.description)
        }
    }

    /// Bad usage or input: one line on standard error, exit code 2.
    private func fail(_ message: String) throws -> Never {
        var stderr = StandardError()
        print("perflab: \(message)", to: &stderr)
        throw ExitCode(2)
    }

    private func execute() throws {
        guard let path = trace else { throw CacheSimUsageError.missing("--trace FILE") }
        let names = try Self.parsePolicies(policy)
        let specs = try Self.parseSizes(size)
        let loaded = try TraceReader.read(path: path)
        let distinct = loaded.distinctKeyCount()
        let sizes = Self.resolve(specs, distinctKeys: distinct)

        guard jobs >= 1 else {
            throw CacheSimUsageError.badValue(field: "--jobs", message: "expected 1 or more")
        }
        let runs = names.flatMap { n in sizes.map { (n, $0) } }
        let bar = ProgressLine("cachesim", unit: "runs", after: 1)
        Interrupt.install(saying: "perflab cachesim: stopping after the runs under way (again to quit now)\n")
        let done = CacheRuns.run(
            runs.map { (policy: $0.0, size: $0.1) }, keys: loaded.keys, distinctKeys: distinct, seed: seed,
            jobs: jobs, stop: { Interrupt.requested },
            progress: { bar?.show(Double($0), of: Double(runs.count)) })
        bar?.clear()
        let results = done.compactMap { $0 }
        var report = CacheSimReport(
            trace: path, requests: loaded.keys.count, distinctKeys: distinct, results: results)
        if let sig = Interrupt.caught, results.count < runs.count {
            report.interrupted = (results.count, runs.count)
            if !results.isEmpty { print(json ? report.json() : report.table(), terminator: json ? "\n" : "") }
            Interrupt.exit(
                signal: sig,
                "cachesim interrupted: \(results.count) of \(runs.count) runs ran to the end"
                    + (results.isEmpty ? "" : ", printed above"))
        }
        if json {
            print(report.json())
        } else {
            print(report.table(), terminator: "")
            if plot {
                print("")
                print(
                    MissRatioChart(results: results, policies: names, sizes: sizes).render(), terminator: "")
            }
        }
    }

    /// Policy names from `--policy` values (each may be a comma list), in order, without repeats.
    static func parsePolicies(_ values: [String]) throws(CacheSimUsageError) -> [CachePolicyName] {
        var names: [CachePolicyName] = []
        let items = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: true) }
        if items.isEmpty { throw .missing("--policy P[,P...]") }
        for item in items {
            let text = item.trimmingSpaces().lowercased()
            guard let name = CachePolicyName(rawValue: text) else {
                throw .badValue(
                    field: "--policy", message: CachePolicyError.unknownPolicy(String(text)).description)
            }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// A size as given: entries, or a percentage of the distinct keys.
    enum SizeSpec: Equatable {
        case entries(Int)
        case percent(Double)
    }

    static func parseSizes(_ values: [String]) throws(CacheSimUsageError) -> [SizeSpec] {
        let items = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: true) }
        if items.isEmpty { throw .missing("--size N[,N...]") }
        var specs: [SizeSpec] = []
        for item in items {
            let text = item.trimmingSpaces()
            guard let spec = parseSize(text) else {
                throw .badValue(
                    field: "--size",
                    message:
                        "\"\(text)\" is not a cache size (use entries such as 1000, 5k or 1M, or a "
                        + "percentage of the distinct keys such as 10%)"
                )
            }
            specs.append(spec)
        }
        return specs
    }

    static func parseSize(_ text: Substring) -> SizeSpec? {
        if text.hasSuffix("%") {
            guard let v = Double(text.dropLast()), v > 0, v <= 100, v.isFinite else { return nil }
            return .percent(v)
        }
        var digits = text
        var scale = 1
        if let last = text.last, "kKmM".contains(last) {
            scale = (last == "k" || last == "K") ? 1_000 : 1_000_000
            digits = text.dropLast()
        }
        if let n = Int(digits), n >= 1, n <= Int(Int32.max) / scale { return .entries(n * scale) }
        if scale > 1, let v = Double(digits), v.isFinite, v > 0, v * Double(scale) <= Double(Int32.max) {
            let n = Int(v * Double(scale))
            return n >= 1 ? .entries(n) : nil
        }
        return nil
    }

    /// Sizes in entries: a percentage is of the distinct keys, rounded down, at least 1.
    static func resolve(_ specs: [SizeSpec], distinctKeys: Int) -> [Int] {
        var sizes: [Int] = []
        for spec in specs {
            let n: Int
            switch spec {
            case .entries(let e): n = e
            case .percent(let p): n = max(1, Int(Double(distinctKeys) * p / 100))
            }
            if !sizes.contains(n) { sizes.append(n) }
        }
        return sizes
    }
}

/// A usage error of `cachesim`, printed as one line.
enum CacheSimUsageError: Error, CustomStringConvertible {
    case missing(String)
    case badValue(field: String, message: String)

    var description: String {
        switch self {
        case .missing(let what): return "cachesim needs \(what)"
        case .badValue(let field, let message): return "\(field): \(message)"
        }
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { bytes in writeToStandardError(bytes) }
    }
}

private func writeToStandardError(_ bytes: UnsafeBufferPointer<UInt8>) {
    _ = write(2, bytes.baseAddress, bytes.count)
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
