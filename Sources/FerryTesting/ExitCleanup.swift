import ChildProcess
import Foundation

/// What a test started and must not outlive the test process: control planes and controller
/// processes a test failed (or forgot) to stop are stopped when the process exits.
enum ExitCleanup {
    private static let state = LockedBox(State())

    private struct State {
        var installed = false
        var controlPlanes: Set<String> = []
        var processes: Set<Int32> = []
    }

    static func register(controlPlane directory: String) {
        state.update { $0.controlPlanes.insert(directory); installIfNeeded(&$0) }
    }

    static func unregister(controlPlane directory: String) {
        state.update { $0.controlPlanes.remove(directory) }
    }

    static func register(process pid: Int32) {
        state.update { $0.processes.insert(pid); installIfNeeded(&$0) }
    }

    static func unregister(process pid: Int32) {
        state.update { $0.processes.remove(pid) }
    }

    private static func installIfNeeded(_ s: inout State) {
        guard !s.installed else { return }
        s.installed = true
        atexit {
            let leftovers = ExitCleanup.state.update { s -> State in let copy = s; s.controlPlanes = []; s.processes = []; return copy }
            for pid in leftovers.processes { kill(pid, SIGKILL) }
            for dir in leftovers.controlPlanes {
                _ = try? ChildProcess.runBlocking("/bin/bash", [LocalControlPlane.packageRoot + "/scripts/local-cluster", "down", dir])
            }
        }
    }
}

/// A value behind a lock.
public final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    public init(_ value: Value) { self.value = value }
    @discardableResult
    public func update<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
