import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A small HTTP/1.1 server with a route table: `/metrics`, `/healthz` and `/readyz` here, and
/// artifact files in the source controller.
///
/// Unmatched paths answer 404; a path that matches with another method answers 405 with
/// `Allow`. `HEAD` is answered by any `GET` route, without the body. As a `Service`, graceful
/// shutdown stops accepting, closes idle connections and lets requests in flight finish (up to
/// `drainTimeout`); idle keep-alive connections are closed after 60 s anyway.
public final class HTTPServer: Service, Sendable {
    public let host: String
    public let port: Int
    public let routes: [HTTPRoute]
    private let logger: Logger
    private let bound = Mutex<BindState>(.pending)

    enum BindState {
        case pending
        case bound(Int)
        case failed(String)
        case stopped
    }

    /// On graceful shutdown, how long requests in flight may take before they are cut.
    public let drainTimeout: Duration

    /// `port` 0 picks a free port; read it with ``boundPort()``. Loopback unless told otherwise:
    /// nothing is reachable from the network without an explicit address.
    public init(host: String = "127.0.0.1", port: Int, routes: [HTTPRoute], drainTimeout: Duration = .seconds(30),
                logger: Logger = Logger(label: "ferry.http")) {
        self.host = host
        self.port = port
        self.routes = routes
        self.drainTimeout = drainTimeout
        self.logger = logger
    }

    /// Parses `--metrics-addr` style addresses: `127.0.0.1:0`, `[::1]:9440`, and `:8080`, which
    /// (as in Go) explicitly means every interface.
    public convenience init(address: String, routes: [HTTPRoute], drainTimeout: Duration = .seconds(30),
                            logger: Logger = Logger(label: "ferry.http")) throws {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw HTTPServerError(message: "invalid listen address \(address): expected host:port or :port")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host.isEmpty ? "0.0.0.0" : host, port: port, routes: routes, drainTimeout: drainTimeout, logger: logger)
    }

    /// The port the server listens on, once it does.
    public func boundPort() async throws -> Int {
        while true {
            switch bound.withLock({ $0 }) {
            case .bound(let port): return port
            case .failed(let message): throw HTTPServerError(message: message)
            case .stopped: throw HTTPServerError(message: "the server has stopped")
            case .pending: try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    public func run() async throws {
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        // Idle keep-alive connections are closed, so clients cannot pile them up.
                        try channel.pipeline.syncOperations.addHandlers([IdleStateHandler(allTimeout: .seconds(60)), CloseOnIdle()])
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            bound.withLock { $0 = .failed("cannot listen on \(host):\(port): \(error)") }
            throw error
        }
        bound.withLock { $0 = .bound(server.channel.localAddress?.port ?? port) }
        logger.debug("listening", metadata: ["address": "\(host):\(server.channel.localAddress?.port ?? port)"])
        defer { bound.withLock { $0 = .stopped } }
        let routes = self.routes
        let logger = self.logger
        let tracker = ConnectionTracker()
        let drainTimeout = self.drainTimeout
        let serving = Task {
            do {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await connection in connections {
                            guard tracker.opened(connection.channel) else {
                                connection.channel.close(promise: nil)
                                continue
                            }
                            group.addTask {
                                await Self.serve(connection, routes: routes, tracker: tracker, logger: logger)
                                tracker.closed(connection.channel)
                            }
                        }
                    }
                }
            } catch {
                logger.debug("server stopped", metadata: ["error": "\(error)"])
            }
        }
        defer { tracker.stopDeadline() }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await serving.value
            } onGracefulShutdown: {
                // Stop accepting, close idle connections, let requests in flight (an artifact
                // download) finish, and cancel whatever is left after the drain timeout.
                server.channel.close(promise: nil)
                tracker.drain(deadline: drainTimeout) { serving.cancel() }
            }
        } onCancel: {
            serving.cancel()
        }
    }

    private static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
                              routes: [HTTPRoute], tracker: ConnectionTracker, logger: Logger) async {
        let channel = connection.channel
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        head = h
                        tracker.setBusy(channel, true)
                    case .body: continue  // request bodies are not used by any route
                    case .end:
                        guard let h = head else { continue }
                        head = nil
                        let request = HTTPRequest(head: h)
                        let response = await HTTPRoute.respond(to: request, routes: routes)
                        let last = !h.isKeepAlive || tracker.isDraining
                        try await write(response, for: h, closing: last, to: outbound)
                        tracker.setBusy(channel, false)
                        if last { return }
                    }
                }
            }
        } catch {
            logger.trace("connection ended", metadata: ["error": "\(error)"])
        }
    }

    private static func write(_ response: HTTPResponse, for request: HTTPRequestHead, closing: Bool,
                              to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        var response = response
        var file: OpenFile?
        if case .file(let path) = response.body {
            do {
                file = try await OpenFile.open(path)
            } catch {
                response = .text("not found\n", status: .notFound)
            }
        }
        defer { file?.close() }
        var headers = response.headers
        let length: Int
        switch response.body {
        case .bytes(let bytes): length = bytes.count
        case .file: length = file?.size ?? 0
        }
        headers.replaceOrAdd(name: "Content-Length", value: String(length))
        if closing { headers.replaceOrAdd(name: "Connection", value: "close") }
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: response.status, headers: headers)))
        if request.method != .HEAD {
            if case .bytes(let bytes) = response.body, !bytes.isEmpty {
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
            } else if let file {
                try await file.stream { chunk in try await outbound.write(.body(.byteBuffer(chunk))) }
            }
        }
        try await outbound.write(.end(nil))
    }
}

public struct HTTPServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Closes a connection when `IdleStateHandler` reports neither reads nor writes for a while
/// (writes count, so a long download is not idle).
final class CloseOnIdle: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
