import ControllerRuntime
import Testing

@Suite struct BackoffJitterTests {
    @Test func defaultsAreFluxs() {
        let b = Backoff()
        #expect(b.delay(afterFailures: 0) == .milliseconds(750))
        #expect(b.delay(afterFailures: 1) == .milliseconds(1500))
        #expect(b.delay(afterFailures: 100) == .seconds(900), "capped at 15 minutes, no overflow")
    }

    @Test(arguments: [0.0, 0.05, 0.5])
    func jitterStaysWithinItsBoundsAndSpreads(fraction: Double) {
        let jitter = Jitter(fraction: fraction)
        let interval = Duration.seconds(100)
        var generator = SplitMix(seed: 42)
        var samples: [Double] = []
        for _ in 0..<2000 { samples.append(jitter.apply(to: interval, using: &generator) / .seconds(1)) }
        let low = 100 * (1 - fraction) - 1e-9
        let high = 100 * (1 + fraction) + 1e-9
        #expect(samples.allSatisfy { $0 >= low && $0 <= high })
        if fraction == 0 {
            #expect(Set(samples) == [100])
        } else {
            // Spread over the whole band, both sides of the interval.
            #expect(samples.min()! < 100 * (1 - fraction / 2))
            #expect(samples.max()! > 100 * (1 + fraction / 2))
        }
    }
}

/// A seeded generator, so the jitter test is reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
