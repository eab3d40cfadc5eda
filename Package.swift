// swift-tools-version: 6.0
// perflab: an interactive terminal dashboard over a discrete-event simulation of
// backend performance patterns. See README.md for the layout of the modules.

import PackageDescription

/// The simulation modules are optimised in every configuration: the statistical tests
/// simulate millions of customers, which an unoptimised build makes twenty times slower.
/// Debug builds keep exclusivity and overflow checks; release builds drop exclusivity
/// checks on the hot path.
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "perflab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "perflab", targets: ["perflab"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
    ],
    targets: [
        // The only C in the project: a shim over ncursesw.
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),

        // Simulated time, the event queue, seeded random streams, distributions.
        .target(name: "SimKernel", swiftSettings: hotPathSettings),

        // Eviction policies and the trace-driven cache simulator (they use the kernel's
        // seeded generator, not its event queue).
        .target(name: "CachePolicies", dependencies: ["SimKernel"], swiftSettings: hotPathSettings),

        // The patterns as simulated components, the pipeline, knobs, scenarios, metrics,
        // session files.
        .target(
            name: "PerfModel",
            dependencies: [
                "SimKernel", "CachePolicies",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: hotPathSettings),

        // Cell buffer, layout, widgets, styles and themes: pure Swift, no curses.
        .target(name: "TerminalCanvas", dependencies: ["SimKernel"]),

        // The one module that calls ncurses.
        .target(name: "CursesBackend", dependencies: ["TerminalCanvas", "CNCurses"]),

        // The interactive app: model, messages, update, view, key map.
        .target(name: "Dashboard", dependencies: ["PerfModel", "TerminalCanvas", "CursesBackend"]),

        // The executable: argument parsing and the commands.
        .executableTarget(
            name: "perflab",
            dependencies: [
                "PerfModel", "CachePolicies", "Dashboard", "TerminalCanvas",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel"]),
        .testTarget(
            name: "CachePoliciesTests", dependencies: ["CachePolicies", "SimKernel"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "PerfModelTests",
            dependencies: ["PerfModel", .product(name: "Histogram", package: "hdrhistogram-swift")],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalCanvasTests", dependencies: ["TerminalCanvas"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "TerminalCanvas"]),
    ],
    swiftLanguageModes: [.v6]
)
