/// A sample read from a session file: the sample, its histogram in compact form, and the
/// line it came from.
public struct RecordedSample: Sendable, Equatable {
    /// 1-based line in the file.
    public var line: Int
    /// The sample, its latency summary filled in; its ``Sample/histogram`` is left out (see
    /// ``histogram``) to keep long sessions small in memory.
    public var sample: Sample
    /// The interval's latency histogram, when the session has it.
    public var histogram: CompactHistogram?

    public init(line: Int, sample: Sample, histogram: CompactHistogram?) {
        self.line = line
        self.sample = sample
        self.histogram = histogram
    }

    /// The sample with its full histogram, as the pipeline produced it.
    public func fullSample() throws -> Sample {
        var s = sample
        s.histogram = try histogram?.histogram()
        return s
    }
}
