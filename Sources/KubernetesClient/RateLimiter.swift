import Foundation

/// Client-side token bucket (client-go's QPS/Burst): `burst` requests may go at once, then
/// `qps` per second. Reservations are made under a lock and the wait happens outside it, so
/// many waiting requests cost nothing but their sleep.
public final class RateLimiter: Sendable {
    private struct State {
        var tokens: Double
        var last: ContinuousClock.Instant
    }
    private let qps: Double
    private let burst: Double
    private let state: Locked<State>

    /// `qps <= 0` disables limiting.
    public init(qps: Double, burst: Int) {
        self.qps = qps
        self.burst = Double(max(burst, 1))
        state = Locked(State(tokens: Double(max(burst, 1)), last: .now))
    }

    /// Waits until the request may go.
    public func wait() async throws {
        guard qps > 0 else { return }
        let delay = reserve()
        if delay > .zero { try await Task.sleep(for: delay) }
    }

    /// Takes a token (possibly going negative) and says how long to wait for it.
    func reserve(now: ContinuousClock.Instant = .now) -> Duration {
        state.withLock { s in
            let elapsed = s.last.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            s.tokens = min(burst, s.tokens + max(0, seconds) * qps)
            s.last = now
            s.tokens -= 1
            if s.tokens >= 0 { return .zero }
            // A tiny --kube-api-qps must not make the conversion trap: wait at most an hour per token.
            return .nanoseconds(Int64(min(-s.tokens / qps * 1e9, 3600e9)))
        }
    }
}

/// A small lock-protected box (Synchronization.Locked needs macOS 15; this works everywhere).
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
