import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// ssh to a Git server through an HTTP proxy (`spec.proxySecretRef` with an `ssh://` URL).
///
/// ssh cannot speak HTTP CONNECT itself, and a `ProxyCommand` would need a helper program that a
/// machine may not have. So for one git operation this listens on `127.0.0.1:<ephemeral>`, and
/// each connection accepted there is tunnelled to the repository's host and port through the
/// proxy (`CONNECT host:port`, with `Proxy-Authorization: Basic` when the Secret has a username).
/// ssh is pointed at the listener (`-o Hostname=127.0.0.1 -o Port=<port>`), with
/// `-o HostKeyAlias=<host or [host]:port>` so the server's key is still checked against the
/// `known_hosts` entry of the real host. The tunnel's destination is fixed: a process on this
/// machine that found the port could reach only the repository's server, for the session's life.
public final class GitSSHProxy: Sendable {
    /// The proxy an ssh remote (and the GitHub App token exchange) goes through: an `http://`
    /// address with optional basic credentials.
    public struct Configuration: Hashable, Sendable {
        public var host: String
        public var port: Int
        public var username: String?
        public var password: String?

        public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
        }

        /// Reads Flux's proxy Secret (`address`, `username`, `password`). For ssh the address must
        /// be `http://host[:port]` (port 80 when left out): the tunnel is an HTTP CONNECT.
        public init(proxySecret: [String: [UInt8]]) throws(GitError) {
            let address = String(decoding: proxySecret["address"] ?? [], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let sep = address.range(of: "://") else {
                throw GitError(.authenticationFailed, "invalid proxy secret: 'address' must be a URL")
            }
            guard address[..<sep.lowerBound].lowercased() == "http" else {
                throw GitError(.authenticationFailed, "invalid proxy secret: 'address' must be http://host:port for ssh URLs and GitHub App tokens (tunnelled with HTTP CONNECT)")
            }
            var authority = address[sep.upperBound...].prefix { $0 != "/" }
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            var host = String(authority), port = 80
            if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
                host = String(authority[..<colon])
                guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else {
                    throw GitError(.authenticationFailed, "invalid proxy secret: 'address' has a bad port")
                }
                port = p
            }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { throw GitError(.authenticationFailed, "invalid proxy secret: 'address' has no host") }
            func text(_ key: String) -> String? {
                proxySecret[key].map { String(decoding: $0, as: UTF8.self) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            self.init(host: host, port: port, username: text("username"), password: text("password"))
        }

        /// The `CONNECT` request for `target` (`host:port`).
        func connectRequest(target: String) -> String {
            var request = "CONNECT \(target) HTTP/1.1\r\nHost: \(target)\r\n"
            if let username {
                let credentials = Data((username + ":" + (password ?? "")).utf8).base64EncodedString()
                request += "Proxy-Authorization: Basic \(credentials)\r\n"
            }
            return request + "\r\n"
        }
    }

    /// The loopback port ssh connects to.
    public let port: Int
    /// The name ssh looks the host key up by: `host`, or `[host]:port` off port 22 (known_hosts' form).
    public let hostKeyAlias: String
    private let channel: any Channel
    private let serving: Task<Void, Never>
    private let failure = LastFailure()

    /// Starts listening; every accepted connection is tunnelled to `targetHost:targetPort` via `proxy`.
    public static func start(proxy: Configuration, targetHost: String, targetPort: Int,
                             logger: Logger = Logger(label: "ferry.source.git")) async throws(GitError) -> GitSSHProxy {
        let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: "127.0.0.1", port: 0) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw GitError(.failed, "cannot start the ssh proxy tunnel: \(error)")
        }
        return GitSSHProxy(server: server, proxy: proxy, targetHost: targetHost, targetPort: targetPort, logger: logger)
    }

    private init(server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>, proxy: Configuration,
                 targetHost: String, targetPort: Int, logger: Logger) {
        port = server.channel.localAddress?.port ?? 0
        channel = server.channel
        let bracketed = targetHost.contains(":") ? "[\(targetHost)]" : targetHost
        hostKeyAlias = targetPort == 22 ? targetHost : "[\(targetHost)]:\(targetPort)"
        let target = "\(bracketed):\(targetPort)"
        let failure = self.failure
        serving = Task {
            do {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await connection in connections {
                            group.addTask {
                                do {
                                    try await Self.tunnel(connection, proxy: proxy, target: target, failure: failure)
                                } catch let error as TunnelError {
                                    logger.debug("ssh proxy tunnel failed", metadata: ["target": "\(target)", "error": "\(error.message)"])
                                } catch {
                                    logger.trace("ssh proxy tunnel ended", metadata: ["error": "\(error)"])
                                }
                            }
                        }
                    }
                }
            } catch {
                logger.trace("ssh proxy listener stopped", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Why the last tunnel could not be opened (the proxy refused, asked for credentials, was
    /// unreachable), for the git error; nil when every tunnel opened.
    public var lastFailure: String? { failure.get() }

    /// The ssh options that send ssh through this tunnel while checking the real host's key.
    public var sshOptions: [String] {
        ["-o", "Hostname=127.0.0.1", "-o", "Port=\(port)", "-o", "HostKeyAlias=\(hostKeyAlias)", "-o", "CheckHostIP=no"]
    }

    /// Stops listening and cuts open tunnels.
    public func close() {
        channel.close(promise: nil)
        serving.cancel()
    }

    struct TunnelError: Error { var message: String }

    final class LastFailure: Sendable {
        private let value = Mutex<String?>(nil)
        func set(_ message: String) { value.withLock { $0 = message } }
        func get() -> String? { value.withLock { $0 } }

        /// Records `message` and returns the error to throw. Recorded where the failure is seen,
        /// before anything closes ssh's side of the tunnel: ssh (and git) end as soon as it
        /// closes, and GitSession reads the failure right after.
        func record(_ message: String) -> TunnelError {
            set(message)
            return TunnelError(message: message)
        }
    }

    private static func tunnel(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>, proxy: Configuration, target: String,
                               failure: LastFailure) async throws {
        try await client.executeThenClose { clientIn, clientOut in
            try await relay(clientIn, clientOut, proxy: proxy, target: target, failure: failure)
        }
    }

    private static func relay(_ clientIn: NIOAsyncChannelInboundStream<ByteBuffer>, _ clientOut: NIOAsyncChannelOutboundWriter<ByteBuffer>,
                              proxy: Configuration, target: String, failure: LastFailure) async throws {
        let upstream: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            upstream = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(30))
                .connect(host: proxy.host, port: proxy.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw failure.record("cannot connect to proxy \(proxy.host):\(proxy.port): \(error)")
        }
        try await upstream.executeThenClose { proxyIn, proxyOut in
            try await proxyOut.write(ByteBuffer(string: proxy.connectRequest(target: target)))
            let (opened, signal) = AsyncStream<Bool>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { group in
                // proxy → ssh: first the CONNECT answer, then the tunnel's bytes.
                group.addTask {
                    var iterator = proxyIn.makeAsyncIterator()
                    var head = ByteBuffer()
                    while true {
                        guard var chunk = try await iterator.next() else {
                            signal.yield(false)
                            throw failure.record("proxy \(proxy.host):\(proxy.port) closed the connection before answering CONNECT")
                        }
                        head.writeBuffer(&chunk)
                        if let end = ConnectAnswer.headerEnd(head) {
                            let answer = ConnectAnswer(head.getString(at: head.readerIndex, length: end) ?? "")
                            guard answer.succeeded else {
                                signal.yield(false)
                                throw failure.record("proxy \(proxy.host):\(proxy.port) refused CONNECT \(target): \(answer.statusLine)")
                            }
                            head.moveReaderIndex(forwardBy: end + 4)
                            break
                        }
                        if head.readableBytes > 16384 {
                            signal.yield(false)
                            throw failure.record("proxy \(proxy.host):\(proxy.port) sent no HTTP answer to CONNECT")
                        }
                    }
                    signal.yield(true)
                    if head.readableBytes > 0 { try await clientOut.write(head) }
                    while let chunk = try await iterator.next() { try await clientOut.write(chunk) }
                }
                // ssh → proxy, once the tunnel is open.
                group.addTask {
                    var ok = false
                    for await value in opened { ok = value; break }
                    guard ok else { return }
                    for try await chunk in clientIn { try await proxyOut.write(chunk) }
                }
                // Either side ending ends the tunnel (ssh ends its session inside the stream).
                defer { group.cancelAll() }
                _ = try await group.next()
            }
        }
    }
}

/// The head of a proxy's answer to CONNECT.
struct ConnectAnswer {
    var statusLine: String
    var succeeded: Bool

    init(_ head: String) {
        statusLine = String(head.prefix { $0 != "\r" && $0 != "\n" }.prefix(200))
        let parts = statusLine.split(separator: " ")
        succeeded = parts.count >= 2 && parts[0].hasPrefix("HTTP/1.") && parts[1].count == 3 && parts[1].hasPrefix("2")
    }

    /// The offset of `\r\n\r\n` in `buffer`'s readable bytes.
    static func headerEnd(_ buffer: ByteBuffer) -> Int? {
        let bytes = buffer.readableBytesView
        guard bytes.count >= 4 else { return nil }
        var i = bytes.startIndex
        while i + 3 < bytes.endIndex {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { return i - bytes.startIndex }
            i += 1
        }
        return nil
    }
}
