import Testing
@testable import SimKernel
