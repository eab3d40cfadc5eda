import SimKernel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The on-disk formats of a trace.
public enum TraceFormat: String, Sendable, CaseIterable {
    /// One key per line (libCacheSim's plain-text trace).
    case plainText
    /// libCacheSim's binary `oracleGeneral`: 24-byte little-endian records of
    /// `uint32 timestamp, uint64 obj_id, uint32 size, int64 next_access_vtime`.
    case oracleGeneral

    /// The format a file's name implies: `oracleGeneral` for names ending in
    /// `.oracleGeneral` or `.oracleGeneral.bin`, plain text otherwise.
    public static func forPath(_ path: String) -> TraceFormat {
        path.hasSuffix(".oracleGeneral") || path.hasSuffix(".oracleGeneral.bin") ? .oracleGeneral : .plainText
    }
}

/// A trace in memory: its requests' keys, in order.
public struct Trace: Sendable {
    /// The path it was read from.
    public let path: String
    public let format: TraceFormat
    /// The key of every request, in order.
    public let keys: [UInt64]

    public init(path: String, format: TraceFormat, keys: [UInt64]) {
        self.path = path
        self.format = format
        self.keys = keys
    }

    /// The number of distinct keys (computed on each call; O(requests)).
    public func distinctKeyCount() -> Int {
        keys.withUnsafeBufferPointer { TraceReader.distinctCount($0) }
    }
}

/// Reads traces: plain text (one key per line) and libCacheSim's `oracleGeneral` binary.
///
/// The whole file is read at once and parsed byte by byte (no per-line strings), so a
/// 10-million-line trace parses in a fraction of a second.
///
/// Plain text: a line holds an unsigned decimal integer up to 2^64 − 1, with optional
/// spaces or tabs around it and an optional `\r` before the newline; empty lines are
/// skipped (as libCacheSim does). If the first non-empty line is not a number, the trace is
/// taken as one of string keys: each line (trimmed the same way) is hashed with 64-bit
/// FNV-1a (Fowler–Noll–Vo, offset basis 0xcbf29ce484222325, prime 0x100000001b3) — stable
/// across runs and machines. In a numeric trace, a line that is not a number is an error
/// naming its line. (libCacheSim parses numbers with `strtoull(…, 0)`, which would also
/// read `0x` hex and leading-zero octal; perflab reads decimal only.)
///
/// oracleGeneral: only `obj_id` is used; sizes are ignored (every request counts as size
/// 1, the cache's capacity counts entries).
public enum TraceReader {
    /// Reads the trace at `path`, in `format` or else the one its name implies.
    public static func read(path: String, format: TraceFormat? = nil) throws(TraceError) -> Trace {
        let format = format ?? TraceFormat.forPath(path)
        let keys = try withFileBytes(path, text: format == .plainText) {
            (bytes) throws(TraceError) -> [UInt64] in
            switch format {
            case .plainText: return try parsePlainText(bytes, path: path)
            case .oracleGeneral: return try parseOracleGeneral(bytes, path: path)
            }
        }
        if keys.count >= Int(Int32.max) { throw .tooLong(path: path, requests: keys.count) }
        return Trace(path: path, format: format, keys: keys)
    }

    /// Reads the keys of the trace at `path` (see ``read(path:format:)``).
    public static func readKeys(path: String, format: TraceFormat? = nil) throws(TraceError) -> [UInt64] {
        try read(path: path, format: format).keys
    }

    /// The most a trace file may hold: 4 GB (179 million oracleGeneral records; a plain-text
    /// trace's keys take about as much memory again).
    public static let limit = 4 << 30

    /// Calls `body` with the whole content of the file at `path`, at most `limit` bytes
    /// (``BoundedFile``); with `text`, a zero byte is refused as soon as it is read
    /// (`/dev/zero` as a trace had grown to 3.6 GB in five seconds, and would have gone on).
    static func withFileBytes<R>(
        _ path: String, limit: Int = TraceReader.limit, text: Bool,
        _ body: (UnsafeRawBufferPointer) throws(TraceError) -> R
    ) throws(TraceError) -> R {
        switch BoundedFile.read(atPath: path, limit: limit, form: text ? .text : .bytes) {
        case .success(let file):
            return try withExtendedLifetime(file) { () throws(TraceError) -> R in try body(file.bytes) }
        case .failure(.unreadable(let code)):
            throw .unreadable(path: path, reason: String(cString: strerror(code)))
        case .failure(.folder):
            throw .unreadable(path: path, reason: "is a directory")
        case .failure(.tooLarge(let limit)):
            throw .tooLarge(path: path, limit: limit)
        case .failure(.notText(let offset)):
            throw .notText(path: path, offset: offset)
        case .failure(.notJSONLines):
            // Not asked for: a trace is read as text or as bytes.
            throw .unreadable(path: path, reason: "not a trace")
        }
    }

    /// Parses a plain-text trace (see ``TraceReader``).
    public static func parsePlainText(_ bytes: UnsafeRawBufferPointer, path: String) throws(TraceError)
        -> [UInt64]
    {
        let n = bytes.count
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), n > 0 else {
            throw .empty(path: path)
        }
        var lines = 1
        for i in 0..<n where base[i] == 10 { lines &+= 1 }

        var failure: TraceError? = nil
        let keys = [UInt64](unsafeUninitializedCapacity: lines) { out, written in
            var count = 0
            var i = 0
            var line = 0
            var numeric: Bool? = nil
            while i < n {
                line &+= 1
                // Find the line's bounds, trimmed of spaces, tabs and a trailing \r.
                var start = i
                var end = i
                while end < n && base[end] != 10 { end &+= 1 }
                i = end &+ 1
                while start < end && (base[start] == 32 || base[start] == 9) { start &+= 1 }
                while end > start && (base[end &- 1] == 32 || base[end &- 1] == 9 || base[end &- 1] == 13) {
                    end &-= 1
                }
                if start == end { continue }
                if numeric == nil { numeric = isDecimal(base, start, end) }
                if numeric! {
                    var value: UInt64 = 0
                    var ok = end &- start <= 20
                    var j = start
                    while ok && j < end {
                        let d = UInt64(base[j] &- 48)
                        if d > 9 { ok = false; break }
                        let (m, o1) = value.multipliedReportingOverflow(by: 10)
                        let (s, o2) = m.addingReportingOverflow(d)
                        if o1 || o2 { ok = false; break }
                        value = s
                        j &+= 1
                    }
                    if !ok {
                        let shown = min(end - start, 60)
                        let text = String(
                            decoding: UnsafeBufferPointer(start: base + start, count: shown), as: UTF8.self)
                        failure = .malformedLine(
                            path: path, line: line, found: shown < end - start ? text + "…" : text)
                        break
                    }
                    out[count] = value
                } else {
                    var h: UInt64 = 0xcbf2_9ce4_8422_2325
                    for j in start..<end {
                        h ^= UInt64(base[j])
                        h = h &* 0x0000_0100_0000_01b3
                    }
                    out[count] = h
                }
                count &+= 1
            }
            written = count
        }
        if let failure { throw failure }
        if keys.isEmpty { throw .empty(path: path) }
        return keys
    }

    @inline(__always)
    static func isDecimal(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        for j in start..<end where base[j] < 48 || base[j] > 57 { return false }
        return true
    }

    /// Parses an `oracleGeneral` trace: the `obj_id` of each 24-byte record.
    public static func parseOracleGeneral(_ bytes: UnsafeRawBufferPointer, path: String) throws(TraceError)
        -> [UInt64]
    {
        if bytes.count == 0 { throw .empty(path: path) }
        if bytes.count % 24 != 0 { throw .partialRecord(path: path, size: bytes.count) }
        let records = bytes.count / 24
        return [UInt64](unsafeUninitializedCapacity: records) { out, written in
            for r in 0..<records {
                out[r] = UInt64(
                    littleEndian: bytes.loadUnaligned(fromByteOffset: r &* 24 &+ 4, as: UInt64.self))
            }
            written = records
        }
    }

    /// The number of distinct keys in `keys`: a bitmap when every key is below 2^28 (ranks,
    /// small ids), else a hash set.
    public static func distinctCount(_ keys: UnsafeBufferPointer<UInt64>) -> Int {
        var largest: UInt64 = 0
        for k in keys where k > largest { largest = k }
        if largest < 1 << 28 {
            var bits = [UInt64](repeating: 0, count: Int(largest >> 6) + 1)
            var count = 0
            bits.withUnsafeMutableBufferPointer { b in
                for k in keys {
                    let w = Int(truncatingIfNeeded: k >> 6)
                    let m: UInt64 = 1 << (k & 63)
                    if b[w] & m == 0 {
                        b[w] |= m
                        count &+= 1
                    }
                }
            }
            return count
        }
        var set = KeySlotMap(maximumCount: min(keys.count, 1 << 16))
        for k in keys where set.find(k) < 0 { set.insert(k, slot: 0) }
        return set.count
    }
}
