import NIOCore
import Synchronization

/// The server's open connections and which of them are in the middle of a request, so a
/// graceful shutdown can close the idle ones at once and wait for the busy ones.
final class ConnectionTracker: Sendable {
    private struct State {
        var draining = false
        var open: [ObjectIdentifier: (channel: any Channel, busy: Bool)] = [:]
        var deadline: Task<Void, Never>?
    }

    private let state = Mutex(State())

    var isDraining: Bool { state.withLock { $0.draining } }

    /// Registers a new connection; `false` when draining (the caller closes it).
    func opened(_ channel: any Channel) -> Bool {
        state.withLock { s in
            guard !s.draining else { return false }
            s.open[ObjectIdentifier(channel)] = (channel, false)
            return true
        }
    }

    func closed(_ channel: any Channel) {
        _ = state.withLock { $0.open.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    func setBusy(_ channel: any Channel, _ busy: Bool) {
        state.withLock { s in s.open[ObjectIdentifier(channel)]?.busy = busy }
    }

    /// Closes idle connections now; after `deadline` closes the rest and calls `abandon` (which
    /// cancels the handlers still running).
    func drain(deadline: Duration, abandon: @escaping @Sendable () -> Void) {
        let idle = state.withLock { s -> [any Channel] in
            s.draining = true
            return s.open.values.filter { !$0.busy }.map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
        let task = Task { [weak self] in
            try? await Task.sleep(for: deadline)
            guard !Task.isCancelled, let self else { return }
            let all = self.state.withLock { $0.open.values.map(\.channel) }
            for channel in all { channel.close(promise: nil) }
            abandon()
        }
        state.withLock { $0.deadline = task }
    }

    func stopDeadline() {
        state.withLock { $0.deadline?.cancel() }
    }
}
