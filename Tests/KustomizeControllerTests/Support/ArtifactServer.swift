import ControllerRuntime
import Foundation
import Logging
import NIOHTTP1
import ServiceLifecycle

/// An HTTP server on a free loopback port (ControllerRuntime's, as the source controller
/// serves artifacts with): fixed answers per path, and a count of requests per path.
final class ArtifactServer: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String: [HTTPResponse]] = [:]
    private var counts: [String: Int] = [:]
    private var server: HTTPServer!
    private var group: ServiceGroup!
    private var task: Task<Void, any Error>!
    private(set) var base = ""

    static func start() async throws -> ArtifactServer {
        let s = ArtifactServer()
        s.server = HTTPServer(host: "127.0.0.1", port: 0, routes: [
            HTTPRoute(.GET, .prefix("/")) { [s] request in s.answer(request.path) },
        ])
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        s.group = ServiceGroup(configuration: .init(services: [.init(service: s.server)], logger: logger))
        s.task = Task { [group = s.group!] in try await group.run() }
        s.base = "http://127.0.0.1:\(try await s.server.boundPort())"
        return s
    }

    /// Serves `bytes` at `path` from now on.
    func serve(_ path: String, _ bytes: [UInt8]) {
        answer(path, with: [HTTPResponse(headers: ["Content-Type": "application/gzip"], body: .bytes(bytes))])
    }

    /// Answers the requests for `path` in turn; the last answer repeats.
    func answer(_ path: String, with responses: [HTTPResponse]) {
        lock.withLock { answers[path] = responses }
    }

    func requests(_ path: String) -> Int { lock.withLock { counts[path] ?? 0 } }

    func url(_ path: String) -> String { base + path }

    private func answer(_ path: String) -> HTTPResponse {
        lock.withLock {
            counts[path, default: 0] += 1
            guard var list = answers[path], !list.isEmpty else { return .text("not found", status: .notFound) }
            let first = list.count > 1 ? list.removeFirst() : list[0]
            answers[path] = list
            return first
        }
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
