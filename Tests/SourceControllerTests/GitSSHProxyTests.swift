import FerryTesting
import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import SourceController

/// ssh remotes through an HTTP CONNECT proxy (`spec.proxySecretRef`): the driver against the
/// real sshd of the test Git servers, through a small CONNECT proxy run here that records what it
/// was asked and can demand credentials.
@Suite struct GitSSHProxyTests {
    let env: GitServerEnv
    let fx: GitFixture
    let name: String
    let commit: String

    init() async throws {
        fx = try GitFixture()
        let seeded = try await GitServerEnv.withRepository(prefix: "proxied", fixture: fx)
        env = seeded.env
        name = seeded.name
        commit = seeded.commit
    }

    func file(_ key: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: env[key]) ?? Data()) }

    func proxySecret(port: Int, username: String? = nil, password: String? = nil) -> [String: [UInt8]] {
        var secret = ["address": Array("http://127.0.0.1:\(port)".utf8)]
        if let username { secret["username"] = Array(username.utf8) }
        if let password { secret["password"] = Array(password.utf8) }
        return secret
    }

    @Test func fetchesOverSSHThroughTheProxyWithStrictHostKeys() async throws {
        let proxy = try await ConnectProxy.start(credentials: ("tunnel", "Tunn3l-Pass"))
        defer { proxy.stop() }
        let url = try GitURL(env["SSH_URL"] + "/\(name).git")
        let secret = ["identity": file("SSH_KEY"), "known_hosts": file("KNOWN_HOSTS")]
        let auth = try GitAuth(url: url, secret: secret, proxySecret: proxySecret(port: proxy.port, username: "tunnel", password: "Tunn3l-Pass"))
        let driver = GitDriver(temporaryDirectory: fx.root)
        let resolved = try await driver.resolve(url: url, auth: auth, reference: .branch("master"), timeout: .seconds(30))
        #expect(resolved.commit == commit)
        let checkout = try await driver.checkout(url: url, auth: auth, ref: resolved, into: fx.root + "/co", timeout: .seconds(30))
        #expect(checkout.commit == commit)
        #expect(FileManager.default.fileExists(atPath: fx.root + "/co/deploy/app.yaml"))
        // Every ssh connection went through the proxy, to the repository's server.
        let targets = proxy.targets
        #expect(targets.count >= 2 && targets.allSatisfy { $0 == "127.0.0.1:\(env["SSH_PORT"])" }, "\(targets)")

        // Through the tunnel the host key is still checked against the real host's entry.
        let other = fx.root + "/otherhost"
        try await fx.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", other])
        let otherPub = String(decoding: FileManager.default.contents(atPath: other + ".pub") ?? Data(), as: UTF8.self)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let wrongHosts = ["identity": file("SSH_KEY"), "known_hosts": Array("[127.0.0.1]:\(env["SSH_PORT"]) \(otherPub)\n".utf8)]
        do {
            _ = try await driver.lsRemote(url: url, auth: GitAuth(url: url, secret: wrongHosts, proxySecret: proxySecret(port: proxy.port, username: "tunnel", password: "Tunn3l-Pass")),
                                          patterns: [], timeout: .seconds(30))
            Issue.record("accepted an unknown host key through the proxy")
        } catch {
            #expect(error.kind == .unknownHostKey, "\(error)")
        }
    }

    @Test func aProxyRefusingTheCredentialsIsAnAuthenticationFailureThatNamesTheProxy() async throws {
        let proxy = try await ConnectProxy.start(credentials: ("tunnel", "Tunn3l-Pass"))
        defer { proxy.stop() }
        let url = try GitURL(env["SSH_URL"] + "/\(name).git")
        let secret = ["identity": file("SSH_KEY"), "known_hosts": file("KNOWN_HOSTS")]
        let driver = GitDriver(temporaryDirectory: fx.root)
        for proxyAuth in [proxySecret(port: proxy.port, username: "tunnel", password: "Wr0ng-Pass"), proxySecret(port: proxy.port)] {
            do {
                _ = try await driver.lsRemote(url: url, auth: GitAuth(url: url, secret: secret, proxySecret: proxyAuth), patterns: [], timeout: .seconds(30))
                Issue.record("the proxy let a tunnel through without the right credentials")
            } catch {
                #expect(error.kind == .authenticationFailed, "\(error)")
                #expect(error.message.contains("proxy 127.0.0.1:\(proxy.port) refused CONNECT") && error.message.contains("407"), "\(error.message)")
                #expect(!error.message.contains("Wr0ng-Pass"))
            }
        }
        #expect(proxy.targets.isEmpty)
    }

    @Test func anUnreachableProxyIsUnreachable() async throws {
        let url = try GitURL(env["SSH_URL"] + "/\(name).git")
        let secret = ["identity": file("SSH_KEY"), "known_hosts": file("KNOWN_HOSTS")]
        do {
            _ = try await GitDriver(temporaryDirectory: fx.root).lsRemote(url: url, auth: GitAuth(url: url, secret: secret, proxySecret: proxySecret(port: 1)),
                                                                           patterns: [], timeout: .seconds(30))
            Issue.record("reached a proxy on port 1")
        } catch {
            #expect(error.kind == .unreachable, "\(error)")
            #expect(error.message.contains("cannot connect to proxy 127.0.0.1:1"), "\(error.message)")
        }
    }
}

/// A minimal HTTP CONNECT proxy for tests: one request head per connection, `407` unless the
/// `Proxy-Authorization` matches, then bytes both ways. Records the targets it tunnelled to.
final class ConnectProxy: Sendable {
    let port: Int
    private let channel: any Channel
    private let serving: Task<Void, Never>
    private let recorded: LockedBox<[String]>

    var targets: [String] { recorded.update { $0 } }

    private init(port: Int, channel: any Channel, serving: Task<Void, Never>, recorded: LockedBox<[String]>) {
        self.port = port
        self.channel = channel
        self.serving = serving
        self.recorded = recorded
    }

    static func start(credentials: (String, String)?) async throws -> ConnectProxy {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let recorded = LockedBox<[String]>([])
        let expected = credentials.map { "Basic " + Data(($0.0 + ":" + $0.1).utf8).base64EncodedString() }
        let serving = Task {
            _ = try? await server.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask { try? await serve(connection, expected: expected, recorded: recorded) }
                        }
                    } catch {}
                }
            }
        }
        return ConnectProxy(port: server.channel.localAddress?.port ?? 0, channel: server.channel, serving: serving, recorded: recorded)
    }

    func stop() {
        channel.close(promise: nil)
        serving.cancel()
    }

    private static func serve(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>, expected: String?, recorded: LockedBox<[String]>) async throws {
        let clientChannel = client.channel
        try await client.executeThenClose { clientIn, clientOut in
            var incoming = clientIn.makeAsyncIterator()
            var head = ByteBuffer()
            var end: Range<String.Index>?
            var text = ""
            while end == nil {
                guard var chunk = try await incoming.next() else { return }
                head.writeBuffer(&chunk)
                text = head.getString(at: head.readerIndex, length: head.readableBytes) ?? ""
                end = text.range(of: "\r\n\r\n")
            }
            guard let end else { return }
            let lines = text[..<end.lowerBound].split(separator: "\r\n")
            let request = lines.first?.split(separator: " ") ?? []
            let authorization = lines.dropFirst().first { $0.lowercased().hasPrefix("proxy-authorization:") }
                .map { String($0.drop { $0 != ":" }.dropFirst()).trimmingCharacters(in: .whitespaces) }
            guard request.count == 3, request[0] == "CONNECT" else {
                try await clientOut.write(ByteBuffer(string: "HTTP/1.1 405 Method Not Allowed\r\n\r\n"))
                return
            }
            if let expected, authorization != expected {
                try await clientOut.write(ByteBuffer(string: "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n\r\n"))
                return
            }
            let target = String(request[1])
            guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]) else { return }
            let upstream = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: String(target[..<colon]), port: port) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
            recorded.update { $0.append(target) }
            try await upstream.executeThenClose { targetIn, targetOut in
                try await clientOut.write(ByteBuffer(string: "HTTP/1.1 200 Connection established\r\n\r\n"))
                head.moveReaderIndex(forwardBy: text.utf8.distance(from: text.utf8.startIndex, to: end.upperBound))
                if head.readableBytes > 0 { try await targetOut.write(head) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // target → client; when the target hangs up, so does the client side.
                    group.addTask {
                        for try await chunk in targetIn { try await clientOut.write(chunk) }
                        clientChannel.close(promise: nil)
                    }
                    // client → target, in this task (it owns the client's iterator).
                    while let chunk = try await incoming.next() { try await targetOut.write(chunk) }
                    group.cancelAll()
                }
            }
        }
    }
}
