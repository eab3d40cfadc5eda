import SimKernel

/// The client's knobs, decoded once per change.
struct ClientConfig: Equatable {
    var open: Bool
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
        open = k.text(.loadModel) != "closed"
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
