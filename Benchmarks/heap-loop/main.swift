// A hand-written M/M/c simulation: the baseline perflab's `mmc` is measured against
// (scripts/bench-topology.sh). It is what a careful engineer writes in an afternoon with no
// framework: one binary heap of departure times, a FIFO of waiting arrival times, arrivals
// generated one ahead, exponentials by inversion, and response times in a log-linear
// histogram (3 significant digits, HdrHistogram's layout) for the mean, p50 and p99.
// Not part of perflab: it imports nothing of it and is built with `swiftc -O` on its own.
//
// The loop is inside a function: written as top-level code in main.swift, its state would be
// globals, which Swift checks for exclusive access at run time, and the same loop would run
// about half as fast (the first version of this file did; bench-topology.sh measured both).
//
//   heap-loop SERVERS ARRIVAL_RATE SERVICE_MEAN_S DURATION_S SEED
import Foundation

struct Rng {
    var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    init(seed: UInt64) {
        var x = seed
        func mix() -> UInt64 {
            x &+= 0x9e37_79b9_7f4a_7c15
            var z = x
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        s0 = mix(); s1 = mix(); s2 = mix(); s3 = mix()
    }
    @inline(__always) mutating func next() -> UInt64 {
        let r = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return r
    }
    @inline(__always) mutating func exponential(mean: Double) -> Double {
        -mean * log(Double((next() >> 11) &+ 1) * 0x1.0p-53)
    }
}

/// A customer in service: when it leaves and when it arrived (ns).
struct Departure {
    var time: Int64
    var arrived: Int64
}

/// A binary min-heap of departures by time.
struct Heap {
    var a: [Departure] = []
    var isEmpty: Bool { a.isEmpty }
    var top: Int64 { a[0].time }
    mutating func push(_ x: Departure) {
        a.append(x)
        var i = a.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if a[p].time <= x.time { break }
            a[i] = a[p]
            i = p
        }
        a[i] = x
    }
    mutating func pop() -> Departure {
        let top = a[0]
        let last = a.removeLast()
        if !a.isEmpty {
            var i = 0
            let n = a.count
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                var c = l
                if l + 1 < n && a[l + 1].time < a[l].time { c = l + 1 }
                if a[c].time >= last.time { break }
                a[i] = a[c]
                i = c
            }
            a[i] = last
        }
        return top
    }
}

/// Counts in HdrHistogram's layout: 2048 sub-buckets per power of two.
struct Histogram {
    var counts = [UInt64](repeating: 0, count: 64 * 1024)
    var total: UInt64 = 0
    var sum: Double = 0
    @inline(__always) mutating func record(_ v: Int64) {
        let x = UInt64(max(v, 1))
        let mag = max(0, 63 - x.leadingZeroBitCount - 10)
        let index = mag == 0 ? Int(x) : (mag + 1) * 1024 + Int(x >> UInt64(mag)) - 1024
        counts[index] += 1
        total += 1
        sum += Double(v)
    }
    func value(at q: Double) -> Double {
        let target = UInt64((q * Double(total)).rounded(.up))
        var seen: UInt64 = 0
        for (i, c) in counts.enumerated() where c > 0 {
            seen += c
            if seen >= target {
                let mag = i < 2048 ? 0 : i / 1024 - 1
                let sub = i < 2048 ? i : i - mag * 1024
                return Double((sub + 1) << mag - 1)
            }
        }
        return 0
    }
}

func run() {
    let args = CommandLine.arguments
    let servers = Int(args[1])!
    let rate = Double(args[2])!
    let serviceMean = Double(args[3])! * 1e9
    let end = Int64(Double(args[4])! * 1e9)
    var arrivals = Rng(seed: UInt64(args[5])! &* 2 &+ 1)
    var services = Rng(seed: UInt64(args[5])! &* 2 &+ 2)

    let clock = ContinuousClock()
    let start = clock.now
    var heap = Heap()
    heap.a.reserveCapacity(servers)
    var waiting: [Int64] = []  // arrival times, FIFO with a head index
    var head = 0
    var busy = 0
    var hist = Histogram()
    var nextArrival = Int64(arrivals.exponential(mean: 1e9 / rate))
    var served: UInt64 = 0

    while true {
        let nextDeparture = heap.isEmpty ? Int64.max : heap.top
        if nextArrival <= nextDeparture {
            if nextArrival >= end { break }
            let t = nextArrival
            if busy < servers {
                busy += 1
                heap.push(Departure(time: t + Int64(services.exponential(mean: serviceMean)), arrived: t))
            } else {
                waiting.append(t)
            }
            nextArrival = t + Int64(arrivals.exponential(mean: 1e9 / rate))
        } else {
            let leaving = heap.pop()
            let t = leaving.time
            hist.record(t - leaving.arrived)
            served += 1
            if head < waiting.count {
                let a = waiting[head]
                head += 1
                if head > 4096 && head * 2 > waiting.count {
                    waiting.removeFirst(head)
                    head = 0
                }
                heap.push(Departure(time: t + Int64(services.exponential(mean: serviceMean)), arrived: a))
            } else {
                busy -= 1
            }
        }
    }
    let elapsed = clock.now - start
    let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
        "{\"customers\": \(served), \"mean_ms\": \(hist.sum / Double(hist.total) / 1e6), \"p50_ms\": "
            + "\(hist.value(at: 0.5) / 1e6), \"p99_ms\": \(hist.value(at: 0.99) / 1e6), \"wall_seconds\": "
            + "\(wall), \"customers_per_second\": \(Double(served) / wall)}"
    )
}

run()
