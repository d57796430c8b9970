import FerryTesting
import Foundation
import Manifests
import Testing
@testable import KubernetesClient

/// Connecting with every kind of kubeconfig credential to the real local control plane.
@Suite struct ClientConnectionTests {
    func kubeconfig(server: String, ca: String, user: String) -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: c
        clusters: [{name: k, cluster: {server: "\(server)", certificate-authority: "\(ca)"}}]
        contexts: [{name: c, context: {cluster: k, user: u}}]
        users:
        - name: u
          user:
        \(user)
        """
    }

    func connect(_ text: String) throws -> KubernetesClient {
        let dir = NSTemporaryDirectory() + "kc-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        return try KubernetesClient(kubeconfig: dir + "/config")
    }

    /// Who the server thinks we are: the message of a Forbidden answer names the user.
    func identity(_ client: KubernetesClient) async throws -> String {
        do {
            _ = try await client.list(GroupVersionKind(group: "", version: "v1", kind: "Secret"), namespace: "kube-system")
            return "allowed"
        } catch let e as APIError where e.isForbidden {
            return e.message
        }
    }

    @Test func clientCertificateSignedByTheClusterCA() async throws {
        let plane = try await LocalControlPlane.shared()
        let pair = try await TestCertificates.clientCertificate(user: "cert-tester", caCert: plane.caCertificate, caKey: plane.caKey)
        let b64 = { (s: String) in Data(s.utf8).base64EncodedString() }
        let client = try connect(kubeconfig(server: plane.server, ca: plane.caCertificate, user: """
              client-certificate-data: \(b64(pair.certificatePEM))
              client-key-data: \(b64(pair.keyPEM))
        """))
        defer { Task { try await client.shutdown() } }
        #expect(try await identity(client).contains("User \"cert-tester\" cannot list"))
    }

    @Test func clientCertificateInGroupSystemMastersIsAdmin() async throws {
        let plane = try await LocalControlPlane.shared()
        let pair = try await TestCertificates.clientCertificate(user: "cert-admin", groups: ["system:masters"],
                                                                caCert: plane.caCertificate, caKey: plane.caKey)
        let dir = NSTemporaryDirectory() + "certfiles-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try pair.certificatePEM.write(toFile: dir + "/tls.crt", atomically: true, encoding: .utf8)
        try pair.keyPEM.write(toFile: dir + "/tls.key", atomically: true, encoding: .utf8)
        let client = try connect(kubeconfig(server: plane.server, ca: plane.caCertificate, user: """
              client-certificate: \(dir)/tls.crt
              client-key: \(dir)/tls.key
        """))
        defer { Task { try await client.shutdown() } }
        #expect(try await identity(client) == "allowed")
    }

    @Test func certificateFromAForeignCAIsUnauthorized() async throws {
        let plane = try await LocalControlPlane.shared()
        let ca = try await TestCertificates.makeCA(in: NSTemporaryDirectory() + "foreign-" + UUID().uuidString)
        let pair = try await TestCertificates.clientCertificate(user: "intruder", groups: ["system:masters"], caCert: ca.cert, caKey: ca.key)
        let b64 = { (s: String) in Data(s.utf8).base64EncodedString() }
        let client = try connect(kubeconfig(server: plane.server, ca: plane.caCertificate, user: """
              client-certificate-data: \(b64(pair.certificatePEM))
              client-key-data: \(b64(pair.keyPEM))
        """))
        defer { Task { try await client.shutdown() } }
        let error = try await #require(throws: APIError.self) { try await client.serverVersion() }
        #expect(error.isUnauthorized)
    }

    @Test func bearerTokensFromKubeconfigAndTokenFile() async throws {
        let plane = try await LocalControlPlane.shared()
        let admin = try KubernetesClient(kubeconfig: plane.adminTokenKubeconfig)
        defer { Task { try await admin.shutdown() } }
        #expect(try await identity(admin) == "allowed")
        let user = try KubernetesClient(kubeconfig: plane.userTokenKubeconfig)
        defer { Task { try await user.shutdown() } }
        #expect(try await identity(user).contains("User \"ferry-user\""))

        // The same token, read from a file.
        let token = try #require(try KubeConfig.load(path: plane.userTokenKubeconfig).users.values.first?.token)
        let file = NSTemporaryDirectory() + "token-" + UUID().uuidString
        try token.write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try connect(kubeconfig(server: plane.server, ca: plane.caCertificate, user: "      tokenFile: \(file)"))
        defer { Task { try await fromFile.shutdown() } }
        #expect(try await identity(fromFile).contains("User \"ferry-user\""))
    }

    @Test func execCredentialPlugin() async throws {
        let plane = try await LocalControlPlane.shared()
        let token = try #require(try KubeConfig.load(path: plane.adminTokenKubeconfig).users.values.first?.token)
        let dir = NSTemporaryDirectory() + "exec-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let script = dir + "/get-token"
        try """
        #!/bin/sh
        # Proves the plugin got its env and the exec info.
        [ "$REGION" = eu ] || exit 3
        echo "$KUBERNETES_EXEC_INFO" | grep -q ExecCredential || exit 4
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$1"
        """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let client = try connect(kubeconfig(server: plane.server, ca: plane.caCertificate, user: """
              exec:
                apiVersion: client.authentication.k8s.io/v1
                command: \(script)
                args: ["\(token)"]
                env: [{name: REGION, value: eu}]
        """))
        defer { Task { try await client.shutdown() } }
        #expect(try await identity(client) == "allowed")

        let failing = try connect(kubeconfig(server: plane.server, ca: plane.caCertificate, user: """
              exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/false}
        """))
        defer { Task { try await failing.shutdown() } }
        let error = try await #require(throws: KubeConfigError.self) { try await failing.serverVersion() }
        #expect(error.description == "exec credential plugin /bin/false exited with status 1")
    }

    @Test func execCredentialPluginHandingOutAClientCertificate() async throws {
        let plane = try await LocalControlPlane.shared()
        let pair = try await TestCertificates.clientCertificate(user: "exec-cert-user", caCert: plane.caCertificate, caKey: plane.caKey)
        let dir = NSTemporaryDirectory() + "exec-cert-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let credential: JSONValue = ["apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
                                     "status": ["clientCertificateData": .string(pair.certificatePEM), "clientKeyData": .string(pair.keyPEM)]]
        try credential.jsonString().write(toFile: dir + "/credential.json", atomically: true, encoding: .utf8)
        try "#!/bin/sh\ncat \(dir)/credential.json\n".write(toFile: dir + "/plugin", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir + "/plugin")
        let client = try connect(kubeconfig(server: plane.server, ca: plane.caCertificate, user: """
              exec: {apiVersion: client.authentication.k8s.io/v1, command: \(dir)/plugin}
        """))
        defer { Task { try await client.shutdown() } }
        // The server knows us by the certificate's name.
        #expect(try await identity(client).contains("User \"exec-cert-user\" cannot list"))
    }

    @Test func unreachableServerGivesOneClearError() async throws {
        // A port nobody listens on: bind, note the port, close.
        let port = try await LocalControlPlane.run("/usr/bin/python3", ["-c", "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var config = ClientConfig(server: "https://127.0.0.1:\(port)")
        config.credentials = .token("secret-token-value")
        let client = try KubernetesClient(config: config)
        defer { Task { try await client.shutdown() } }
        let error = try await #require(throws: TransportError.self) { try await client.serverVersion() }
        #expect(error.description == "cannot reach the Kubernetes API server at https://127.0.0.1:\(port): connection refused")
        #expect(!error.description.contains("secret-token-value"))
    }

    @Test func wrongCAIsATLSError() async throws {
        let plane = try await LocalControlPlane.shared()
        let ca = try await TestCertificates.makeCA(in: NSTemporaryDirectory() + "otherca-" + UUID().uuidString)
        let client = try connect(kubeconfig(server: plane.server, ca: ca.cert, user: "      token: x"))
        defer { Task { try await client.shutdown() } }
        let error = try await #require(throws: TransportError.self) { try await client.serverVersion() }
        #expect(error.description.contains("TLS handshake failed"), "\(error)")
    }

    @Test func serverVersionAndDiscovery() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown() } }
        let v = try await client.serverVersion()
        #expect(v.gitVersion.hasPrefix("v1.20"))
        let mapping = try await client.restMapping()
        #expect(mapping.mapping(for: GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))?.resource == "deployments")
        #expect(mapping.resolve("crd")?.gvk.group == "apiextensions.k8s.io")
    }
}
