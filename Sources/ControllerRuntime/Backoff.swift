/// Per-key exponential backoff: `base × 2^failures`, capped.
///
/// Flux's controllers retry from 750 ms doubling up to 15 minutes
/// (`fluxcd/pkg/runtime/controller/rate_limiter.go`); those are the defaults. Tests shrink them.
public struct Backoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .milliseconds(750), cap: Duration = .seconds(15 * 60)) {
        self.base = base
        self.cap = cap
    }

    /// The delay before the retry that follows `failures` earlier consecutive failures.
    public func delay(afterFailures failures: Int) -> Duration {
        // Doubling past 2^40 of anything is beyond any sane cap; stop before overflow.
        let exponent = min(max(failures, 0), 40)
        let seconds = base / .seconds(1) * Double(UInt64(1) << UInt64(exponent))
        let capSeconds = cap / .seconds(1)
        return seconds >= capSeconds ? cap : .seconds(seconds)
    }
}

/// Spreads periodic requeues so that objects created together do not reconcile together
/// forever: Flux's `--interval-jitter-percentage` (default 5 %) applied as ±fraction.
public struct Jitter: Sendable, Equatable {
    /// 0.05 means ±5 %.
    public var fraction: Double

    public init(fraction: Double = 0.05) {
        self.fraction = max(0, min(fraction, 1))
    }

    /// `interval` moved by a random amount within ±`fraction` of it.
    public func apply<G: RandomNumberGenerator>(to interval: Duration, using generator: inout G) -> Duration {
        guard fraction > 0, interval > .zero else { return interval }
        let seconds = interval / .seconds(1)
        let offset = Double.random(in: -fraction...fraction, using: &generator)
        return .seconds(seconds * (1 + offset))
    }

    public func apply(to interval: Duration) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return apply(to: interval, using: &generator)
    }
}
