import Testing
@testable import KubernetesClient

@Suite struct RateLimiterTests {
    @Test func burstGoesAtOnceThenQPSPaces() {
        let limiter = RateLimiter(qps: 10, burst: 3)
        let start = ContinuousClock.now
        #expect(limiter.reserve(now: start) == .zero)
        #expect(limiter.reserve(now: start) == .zero)
        #expect(limiter.reserve(now: start) == .zero)
        // The 4th and 5th wait 100 ms and 200 ms at 10 QPS.
        #expect(limiter.reserve(now: start) == .milliseconds(100))
        #expect(limiter.reserve(now: start) == .milliseconds(200))
        // Half a second later the debt is paid and 3 more tokens accrued (capped at burst).
        #expect(limiter.reserve(now: start + .seconds(1)) == .zero)
    }
}
