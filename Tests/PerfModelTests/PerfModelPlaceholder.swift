import Testing
@testable import PerfModel
