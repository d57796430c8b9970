import ChildProcess
import Foundation
import Manifests

/// Produces the `Authorization` header for each request, refreshing what expires: token
/// files are re-read every minute, exec plugins are re-run when their credential expires or
/// the server answers 401.
actor CredentialSource {
    private let credentials: ClientConfig.Credentials
    private var cached: (header: String?, expires: Date)?

    init(_ credentials: ClientConfig.Credentials, first: ExecCredentialPlugin.Credential? = nil) {
        self.credentials = credentials
        if let first { cached = Self.header(for: first) }
    }

    static func header(for credential: ExecCredentialPlugin.Credential) -> (String?, Date) {
        guard let token = credential.token else { return (nil, credential.expiration ?? .distantFuture) }
        // Refresh a little before the plugin's own expiry.
        return ("Bearer \(token)", credential.expiration.map { $0.addingTimeInterval(-10) } ?? .distantFuture)
    }

    /// nil when requests carry no header (client certificates or anonymous).
    func authorizationHeader() async throws -> String? {
        if let cached, cached.expires > Date() { return cached.header }
        let (header, expires) = try await fetch()
        cached = (header, expires)
        return header
    }

    /// Forget the cached credential (after a 401) so the next request fetches a new one.
    func invalidate() { cached = nil }

    private func fetch() async throws -> (String?, Date) {
        switch credentials {
        case .none: return (nil, .distantFuture)
        case .token(let t): return ("Bearer \(t)", .distantFuture)
        case .basic(let u, let p): return ("Basic \(Data("\(u):\(p)".utf8).base64EncodedString())", .distantFuture)
        case .tokenFile(let path):
            guard let data = FileManager.default.contents(atPath: path),
                  let token = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
                  !token.isEmpty
            else { throw KubeConfigError("token file \(path) cannot be read or is empty") }
            return ("Bearer \(token)", Date().addingTimeInterval(60))
        case .exec(let exec):
            return Self.header(for: try await ExecCredentialPlugin.run(exec))
        }
    }
}

/// Runs a kubeconfig `exec` credential plugin (client.authentication.k8s.io) and reads the
/// `ExecCredential` it prints.
public enum ExecCredentialPlugin {
    public struct Credential: Sendable {
        public var token: String?
        public var clientCertificatePEM: [UInt8]?
        public var clientKeyPEM: [UInt8]?
        public var expiration: Date?
    }

    /// How long a plugin may run. client-go has no limit; a plugin named by a Secret (only with
    /// `--insecure-kubeconfig-exec`) must not hold a worker forever.
    public static let timeout: Duration = .seconds(30)

    public static func run(_ exec: KubeConfig.ExecConfig) async throws -> Credential {
        let output: ChildProcess.Output
        do {
            output = try await ChildProcess.run(exec.command, exec.args, environment: environment(for: exec), timeout: timeout)
        } catch {
            throw failure(exec, error)
        }
        return try parse(output, exec)
    }

    /// The same, blocking: used once when a client is made, because client certificates from
    /// a plugin must be known before the first TLS connection.
    public static func runBlocking(_ exec: KubeConfig.ExecConfig) throws -> Credential {
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.runBlocking(exec.command, exec.args, environment: environment(for: exec), timeout: timeout)
        } catch {
            throw failure(exec, error)
        }
        return try parse(output, exec)
    }

    /// Names the plugin and what went wrong, never what it printed (it may be a credential).
    static func failure(_ exec: KubeConfig.ExecConfig, _ error: any Error) -> KubeConfigError {
        if error is ChildProcess.TimedOut {
            return KubeConfigError("exec credential plugin \(exec.command) timed out after \(timeout.components.seconds)s")
        }
        return KubeConfigError("exec credential plugin \(exec.command) could not be started: \(error)")
    }

    static func environment(for exec: KubeConfig.ExecConfig) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for e in exec.env { env[e.name] = e.value }
        env["KUBERNETES_EXEC_INFO"] = #"{"apiVersion":"\#(exec.apiVersion)","kind":"ExecCredential","spec":{"interactive":false}}"#
        return env
    }

    static func parse(_ output: ChildProcess.Output, _ exec: KubeConfig.ExecConfig) throws -> Credential {
        // Its output is not quoted: a plugin may print the credential, or a Secret's author may
        // point `command` at a file whose content would then leak into the condition.
        guard output.status == 0 else {
            throw KubeConfigError("exec credential plugin \(exec.command) exited with status \(output.status)")
        }
        guard let doc = try? JSONValue(jsonBytes: output.stdout), let status = doc["status"] else {
            throw KubeConfigError("exec credential plugin \(exec.command) did not print an ExecCredential with a status")
        }
        var credential = Credential()
        credential.token = status["token"]?.stringValue
        credential.clientCertificatePEM = status["clientCertificateData"]?.stringValue.map { Array($0.utf8) }
        credential.clientKeyPEM = status["clientKeyData"]?.stringValue.map { Array($0.utf8) }
        if let ts = status["expirationTimestamp"]?.stringValue {
            credential.expiration = ISO8601DateFormatter().date(from: ts)
        }
        if credential.token == nil && credential.clientCertificatePEM == nil {
            throw KubeConfigError("exec credential plugin \(exec.command) returned neither a token nor a client certificate")
        }
        return credential
    }
}
