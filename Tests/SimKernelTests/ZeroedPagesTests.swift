import Foundation
import Testing

@testable import SimKernel

/// ``ZeroedPages``: zeros that cost memory only where written.
@Suite struct ZeroedPagesTests {
    /// Pages resident in this process now (Linux's /proc/self/statm, second field).
    static func residentPages() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? Int(fields[1]) : nil
    }

    /// A table reads as zeros and keeps what is written; two thousand tables of 540 KB (a
    /// gigabyte asked for) with one value written in each make about two thousand pages
    /// resident, not a gigabyte's worth.
    @Test func onlyWrittenPagesCostMemory() throws {
        let n = 2 * 34_816
        let one = ZeroedPages.allocate(UInt64.self, count: n)
        #expect((0..<n).allSatisfy { one[$0] == 0 })
        one[n - 1] = 7
        #expect(one[n - 1] == 7 && one[0] == 0)
        ZeroedPages.deallocate(one, count: n)

        let before = try #require(Self.residentPages())
        var tables: [UnsafeMutablePointer<UInt64>] = []
        for k in 0..<2000 {
            let t = ZeroedPages.allocate(UInt64.self, count: n)
            t[(k * 4099) % n] = UInt64(k)
            tables.append(t)
        }
        let after = try #require(Self.residentPages())
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let gigabyte = 2000 * n * 8 / pageSize
        #expect(after - before < gigabyte / 10, "\(after - before) pages resident of \(gigabyte) asked for")
        for (k, t) in tables.enumerated() {
            #expect(t[(k * 4099) % n] == UInt64(k))
            ZeroedPages.deallocate(t, count: n)
        }
    }
}
