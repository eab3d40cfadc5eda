import ArgumentParser
import Dashboard
import Foundation
import PerfModel
import TerminalCanvas

/// `perflab bench-frame` (hidden): the cost of drawing one dashboard frame into a buffer.
struct BenchFrameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-frame", abstract: "Measure the cost of rendering one dashboard frame.",
        shouldDisplay: false)

    @Option(name: .long, help: "Frame width.") var width = 120
    @Option(name: .long, help: "Frame height.") var height = 40
    @Option(name: .long, help: "Frames to render.") var frames = 2000
    @Option(name: .long, help: "Simulated seconds to run first, so the charts are full.") var warmup = 120

    func run() throws {
        var model = try DashboardModel(
            scenario: try Scenario.load("checkout"), seed: 42, width: width, height: height)
        for _ in 0..<(warmup * 4) { DashboardUpdate.handle(&model, .tick(wallElapsed: 0.25)) }
        var buffer = CellBuffer(width: width, height: height)
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<frames { DashboardView.render(model, into: &buffer) }
        let c = (clock.now - start).components
        let us = (Double(c.seconds) * 1e6 + Double(c.attoseconds) / 1e12) / Double(frames)
        print(
            String(
                format: "%d×%d: %.1f µs per frame (%d frames, %d s of samples)", width, height, us, frames,
                warmup))
    }
}
