import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves stored artifacts over plain HTTP (GET and HEAD), as source-controller's storage server
/// does: the URL path is the storage-relative path, e.g. `/gitrepository/<ns>/<name>/<commit>.tar.gz`.
/// Anything `ArtifactStorage.fileForRequest` does not resolve is a 404.
public final class ArtifactServer: Sendable {
    public let storage: ArtifactStorage
    private let group: any EventLoopGroup
    private let threadPool: NIOThreadPool
    private let bound = BoundChannel()

    public init(storage: ArtifactStorage, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                threadPool: NIOThreadPool = .singleton) {
        self.storage = storage
        self.group = group
        self.threadPool = threadPool
    }

    /// Binds and starts serving; returns the bound port (useful with port 0).
    public func start(host: String = "0.0.0.0", port: Int) async throws -> Int {
        let storage = self.storage
        let fileIO = NonBlockingFileIO(threadPool: threadPool)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(ArtifactRequestHandler(storage: storage, fileIO: fileIO))
                }
            }
            .bind(host: host, port: port).get()
        bound.set(channel)
        return channel.localAddress?.port ?? port
    }

    public func stop() async throws {
        try await bound.take()?.close()
    }
}

private final class ArtifactRequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let storage: ArtifactStorage
    let fileIO: NonBlockingFileIO
    var request: HTTPRequestHead?

    init(storage: ArtifactStorage, fileIO: NonBlockingFileIO) {
        self.storage = storage
        self.fileIO = fileIO
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): request = head
        case .body: break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard head.method == .GET || head.method == .HEAD else {
            return simple(context, head, .methodNotAllowed, "method not allowed\n")
        }
        guard let path = storage.fileForRequest(path: head.uri) else {
            return simple(context, head, .notFound, "not found\n")
        }
        let loop = context.eventLoop
        let boxed = NIOLoopBound(context, eventLoop: loop)
        fileIO.openFile(_deprecatedPath: path, eventLoop: loop).flatMap { handle, region -> EventLoopFuture<Void> in
            let context = boxed.value
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: path.hasSuffix(".tar.gz") ? "application/gzip" : "application/octet-stream")
            headers.add(name: "Content-Length", value: String(region.readableBytes))
            headers.add(name: "Connection", value: head.isKeepAlive ? "keep-alive" : "close")
            context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
            let body: EventLoopFuture<Void> = head.method == .HEAD ? loop.makeSucceededVoidFuture()
                : context.writeAndFlush(self.wrapOutboundOut(.body(.fileRegion(region))))
            return body.flatMap {
                boxed.value.writeAndFlush(self.wrapOutboundOut(.end(nil)))
            }.always { _ in try? handle.close() }
        }.whenComplete { result in
            let context = boxed.value
            if case .failure = result { context.close(promise: nil); return }
            if !head.isKeepAlive { context.close(promise: nil) }
        }
    }

    private func simple(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ status: HTTPResponseStatus, _ text: String) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain")
        headers.add(name: "Content-Length", value: String(text.utf8.count))
        headers.add(name: "Connection", value: head.isKeepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
        }
        let keepAlive = head.isKeepAlive
        let boxed = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { boxed.value.close(promise: nil) }
        }
    }
}

/// The listening channel, set once started and taken when stopped.
private final class BoundChannel: @unchecked Sendable {
    private let lock = NSLock()
    private var channel: (any Channel)?

    func set(_ channel: any Channel) { lock.withLock { self.channel = channel } }

    func take() -> (any Channel)? {
        lock.withLock {
            defer { channel = nil }
            return channel
        }
    }
}
