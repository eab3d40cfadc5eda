import ArgumentParser

/// The `perflab` command: the dashboard by default, and the headless subcommands.
@main
struct Perflab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perflab",
        abstract: "See how performance patterns behave: a terminal dashboard over a discrete-event simulation.",
        subcommands: [CacheSimCommand.self])
}
