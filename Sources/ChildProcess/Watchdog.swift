#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Kills a child's process group when its time is up: SIGTERM at the deadline, SIGKILL after
/// the grace period — unless the child is reaped first.
///
/// The timer runs on a thread of its own, not on a dispatch queue: when many children block the
/// shared dispatch pool (each `run` holds a worker while it waits), a timer queued behind them
/// fired minutes late, which is exactly when a hung child must be stopped. The thread waits on a
/// condition variable and ends as soon as the child is reaped.
///
/// The child is reaped only after ``finish()`` has set its flag under the lock, and the signals
/// are sent under the same lock, so `-pid` always still names our group (a zombie keeps its pid
/// and group id) when the watchdog signals it.
final class Watchdog: @unchecked Sendable {
    private let pid: pid_t
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var finished = false
    private var fired = false

    init(pid: pid_t) {
        self.pid = pid
        pthread_mutex_init(&mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if canImport(Glibc)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(&condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// Starts the timer thread: SIGTERM after `nanoseconds`, SIGKILL `grace` nanoseconds later.
    /// When the system refuses a thread, the timer falls back to the dispatch pool (late under
    /// load, but never absent).
    func arm(after nanoseconds: Int64, grace: Int64) {
        let start = Self.now()
        let term = start + nanoseconds, kill = term + grace
        let context = Unmanaged.passRetained(Timer(watchdog: self, term: term, kill: kill)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let rc = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let timer = Unmanaged<Timer>.fromOpaque(raw).takeRetainedValue()
            timer.watchdog.run(term: timer.term, kill: timer.kill)
            return nil
        }, context)
        if rc == 0 {
            #if canImport(Glibc)
            pthread_detach(thread)
            #else
            if let thread { pthread_detach(thread) }
            #endif
        } else {
            Unmanaged<Timer>.fromOpaque(context).release()
            let deadline = DispatchTime.now() + .nanoseconds(Int(nanoseconds))
            DispatchQueue.global().asyncAfter(deadline: deadline) { self.signal(SIGTERM) }
            DispatchQueue.global().asyncAfter(deadline: deadline + .nanoseconds(Int(grace))) { self.signal(SIGKILL) }
        }
    }

    private final class Timer {
        let watchdog: Watchdog
        let term: Int64, kill: Int64
        init(watchdog: Watchdog, term: Int64, kill: Int64) {
            self.watchdog = watchdog
            self.term = term
            self.kill = kill
        }
    }

    private func run(term: Int64, kill killAt: Int64) {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        wait(until: term)
        guard !finished else { return }
        fired = true
        kill(-pid, SIGTERM)
        wait(until: killAt)
        guard !finished else { return }
        kill(-pid, SIGKILL)
    }

    private func signal(_ number: Int32) {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        guard !finished else { return }
        fired = true
        kill(-pid, number)
    }

    /// Waits (the mutex held) until `deadline` on the monotonic clock or until ``finish()``.
    private func wait(until deadline: Int64) {
        while !finished, Self.now() < deadline {
            var spec = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
            _ = pthread_cond_timedwait(&condition, &mutex, &spec)
        }
    }

    /// Marks the child as about to be reaped (and wakes the timer thread, which ends); returns
    /// whether the watchdog had to signal it.
    func finish() -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        finished = true
        pthread_cond_broadcast(&condition)
        return fired
    }

    /// Nanoseconds on the monotonic clock (the one the condition variable waits on).
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
