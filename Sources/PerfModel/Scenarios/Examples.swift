import Foundation

/// The example topologies shipped in `examples/`: found in `$PERFLAB_EXAMPLES`, `./examples`,
/// or the `examples` folder of the checkout the executable was built in.
public enum Examples {
    /// The folders searched, in order.
    public static var folders: [String] {
        var list: [String] = []
        if let env = ProcessInfo.processInfo.environment["PERFLAB_EXAMPLES"], !env.isEmpty {
            list.append(env)
        }
        list.append(FileManager.default.currentDirectoryPath + "/examples")
        // .build/<config>/perflab → the checkout's examples.
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            list.append(dir.appendingPathComponent("examples").path)
            dir = dir.deletingLastPathComponent()
        }
        return list
    }

    /// Every example topology: its name (the file's, without `.toml`) and path, by name.
    public static func all() -> [(name: String, path: String)] {
        var seen = Set<String>()
        var out: [(String, String)] = []
        for folder in folders {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for f in files.sorted() where f.hasSuffix(".toml") {
                let name = String(f.dropLast(5))
                if seen.insert(name).inserted { out.append((name, folder + "/" + f)) }
            }
        }
        return out
    }

    /// The path of the example called `name`, if there is one.
    public static func path(named name: String) -> String? {
        all().first { $0.name == name }?.path
    }
}
