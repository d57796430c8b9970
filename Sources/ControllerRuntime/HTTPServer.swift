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
/// `Allow`. `HEAD` is answered by any `GET` route, without the body. As a `Service` it stops
/// accepting on graceful shutdown.
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

    /// `port` 0 picks a free port; read it with ``boundPort()``.
    public init(host: String = "0.0.0.0", port: Int, routes: [HTTPRoute], logger: Logger = Logger(label: "ferry.http")) {
        self.host = host
        self.port = port
        self.routes = routes
        self.logger = logger
    }

    /// Parses `--metrics-addr` style addresses: `:8080`, `127.0.0.1:0`, `[::1]:9440`.
    public convenience init(address: String, routes: [HTTPRoute], logger: Logger = Logger(label: "ferry.http")) throws {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw HTTPServerError(message: "invalid listen address \(address): expected host:port or :port")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host.isEmpty ? "0.0.0.0" : host, port: port, routes: routes, logger: logger)
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
        try? await cancelWhenGracefulShutdown {
            try await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { await Self.serve(connection, routes: routes, logger: logger) }
                    }
                }
            }
        }
    }

    private static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
                              routes: [HTTPRoute], logger: Logger) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                for try await part in inbound {
                    switch part {
                    case .head(let h): head = h
                    case .body: continue  // request bodies are not used by any route
                    case .end:
                        guard let h = head else { continue }
                        head = nil
                        let request = HTTPRequest(head: h)
                        let response = await HTTPRoute.respond(to: request, routes: routes)
                        try await write(response, for: h, to: outbound)
                        if !h.isKeepAlive { return }
                    }
                }
            }
        } catch {
            logger.trace("connection ended", metadata: ["error": "\(error)"])
        }
    }

    private static func write(_ response: HTTPResponse, for request: HTTPRequestHead,
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
        if !request.isKeepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
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
