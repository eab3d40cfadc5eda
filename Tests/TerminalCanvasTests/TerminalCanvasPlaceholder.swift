import Testing
@testable import TerminalCanvas
