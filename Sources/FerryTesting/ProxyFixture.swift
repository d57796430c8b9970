import Foundation

/// A real HTTP forward proxy on loopback (`scripts/proxy-server`, Python's standard library):
/// absolute-URI requests are forwarded, `CONNECT` opens a tunnel, and with credentials every
/// request must carry them in `Proxy-Authorization: Basic` (else 407). It appends each request
/// line it handled, with the status it gave, to ``requestLog`` — how a test proves its traffic
/// went through the proxy (AsyncHTTPClient does not exempt loopback hosts, so a registry on
/// 127.0.0.1 is reached through it as any other).
///
/// Each test starts its own (``start(username:password:)``) and ``stop()``s it; one left running
/// is killed when the test process exits.
public final class ProxyFixture: Sendable {
    /// The script's state directory.
    public let directory: String
    public let port: Int
    /// Empty when the proxy asks for no credentials.
    public let username: String
    public let password: String
    let pid: Int32

    /// `http://127.0.0.1:PORT`: a proxy Secret's `address`.
    public var address: String { "http://127.0.0.1:\(port)" }

    /// Starts a proxy on a free loopback port; it demands `username`/`password` when given.
    public static func start(username: String? = nil, password: String? = nil) async throws -> ProxyFixture {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let dir = NSTemporaryDirectory() + "ferry-proxy-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
        var environment = ProcessInfo.processInfo.environment
        environment["PROXY_AUTH"] = username.map { "\($0):\(password ?? "")" }
        try await LocalControlPlane.run("/usr/bin/python3", [scriptPath, "up", dir], environment: environment)
        var values: [String: String] = [:]
        for line in try String(contentsOfFile: dir + "/env", encoding: .utf8).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        guard let port = values["PROXY_PORT"].flatMap(Int.init), let pid = values["PROXY_PID"].flatMap(Int32.init) else {
            throw ProxyFixtureError("proxy-server wrote no port or pid to \(dir)/env")
        }
        ExitCleanup.register(process: pid)
        return ProxyFixture(directory: dir, port: port, username: username ?? "", password: password ?? "", pid: pid)
    }

    init(directory: String, port: Int, username: String, password: String, pid: Int32) {
        self.directory = directory
        self.port = port
        self.username = username
        self.password = password
        self.pid = pid
    }

    /// The request lines handled so far, each `<status> <method> <target> HTTP/1.1`.
    public var requestLog: [String] {
        ((try? String(contentsOfFile: directory + "/requests.log", encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    public func stop() async throws {
        try await LocalControlPlane.run("/usr/bin/python3", [Self.scriptPath, "down", directory])
        ExitCleanup.unregister(process: pid)
        try? FileManager.default.removeItem(atPath: directory)
    }

    static var scriptPath: String { LocalControlPlane.packageRoot + "/scripts/proxy-server" }
}

struct ProxyFixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
