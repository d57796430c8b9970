import Foundation
import Logging
import ServiceLifecycle

/// The backstop of `ferry controllers run`'s bounded shutdown. The controllers abandon
/// reconciles still running `--graceful-shutdown-timeout` after SIGTERM and return; should
/// anything else still hold the process (a listener, a watch, a blocked thread) `slack` later,
/// this ends it with status 1, saying so — a stuck worker can delay an exit, never prevent it.
struct ShutdownWatchdog: Service {
    static let slack: Duration = .seconds(15)
    let limit: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is ending anyway
        }
        let limit = self.limit
        let logger = self.logger
        // A thread of its own: the cooperative pool may be the very thing that is stuck.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: limit / .seconds(1))
            logger.error("shutdown did not finish in time; exiting", metadata: ["limit": "\(limit)"])
            exit(1)
        }
    }
}
