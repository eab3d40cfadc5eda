import SimKernel

/// The client's knobs, decoded once per change.
struct ClientConfig: Equatable {
    /// `load.model`: open, closed or batch.
    var open: Bool
    var closed: Bool
    var batch: Bool
    var batchSize: Int
    /// `load.ramp`: the load grows linearly from zero over this time from the start (0: none).
    var ramp: SimTime
    /// Mean time between open-model arrivals (ns), 0 for none.
    var arrivalMean: Double
    var users: Int
    var thinkMean: Double
    var writeRatio: Double
    /// The deadline of each try (0: none).
    var timeout: SimTime
    var retries: Int
    var retryDelay: SimTime
    var maxInFlight: Int
    /// `load.expected_interval` in the closed model (0: no corrected latency).
    var expectedInterval: SimTime

    init(_ k: KnobSet) {
        let model = k.text(.loadModel)
        open = model == "open"
        closed = model == "closed"
        batch = model == "batch"
        batchSize = k.int(.loadBatch)
        ramp = k.time(.loadRamp)
        let rate = k.number(.loadRate)
        arrivalMean = rate > 0 ? 1e9 / rate : 0
        users = k.int(.loadUsers)
        thinkMean = k.number(.loadThink)
        writeRatio = k.number(.loadWriteRatio)
        timeout = k.time(.loadTimeout)
        retries = k.int(.loadRetries)
        retryDelay = k.time(.loadRetryDelay)
        maxInFlight = k.int(.loadMaxInFlight)
        expectedInterval = open ? 0 : k.time(.loadExpectedInterval)
    }
}
