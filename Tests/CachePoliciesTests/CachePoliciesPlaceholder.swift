import Testing
@testable import CachePolicies
