import Testing

@testable import TerminalCanvas

@Suite struct MemoryScreenTests {
    @Test func recordsFramesAndTheirChanges() {
        let screen = MemoryScreen(width: 6, height: 2)
        var buffer = screen.makeBuffer()
        buffer.write("hi", x: 0, y: 0)
        screen.present(buffer)
        #expect(screen.frameCount == 1)
        #expect(screen.lines == ["hi    ", "      "])
        buffer.write("!", x: 2, y: 0)
        screen.present(buffer)
        #expect(screen.lastChanges == [CellRun(x: 2, y: 0, count: 1)])
    }

    @Test func deliversFedEventsInOrderThenNothing() {
        let screen = MemoryScreen(width: 4, height: 4)
        screen.feed(.key(.ctrlC), .mouse(MouseEvent(.wheelUp, x: 1, y: 2)))
        screen.type("q")
        #expect(
            screen.nextEvent(timeout: .milliseconds(10))
                == .key(KeyPress(.character("c"), modifiers: .control)))
        #expect(screen.nextEvent(timeout: nil) == .mouse(MouseEvent(.wheelUp, x: 1, y: 2)))
        #expect(screen.nextEvent(timeout: nil) == .key(.char("q")))
        #expect(screen.nextEvent(timeout: .zero) == nil)
    }

    @Test func resizeChangesTheSizeAndQueuesAnEvent() {
        let screen = MemoryScreen(width: 4, height: 4)
        screen.resize(width: 10, height: 3)
        #expect(screen.width == 10 && screen.height == 3)
        #expect(screen.nextEvent(timeout: nil) == .resize(width: 10, height: 3))
        #expect(screen.makeBuffer().area == Rect(x: 0, y: 0, width: 10, height: 3))
    }

    @Test func keyDescriptions() {
        #expect(KeyPress.ctrlC.description == "ctrl+c")
        #expect(KeyPress(.function(5)).description == "f5")
        #expect(KeyPress(.pageDown).description == "pageDown")
    }
}
