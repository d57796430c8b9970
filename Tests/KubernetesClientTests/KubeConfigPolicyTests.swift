import FerryTesting
import Foundation
import Testing
@testable import KubernetesClient

/// What a kubeconfig from a Secret may make the controller do on its own host (Flux's rules):
/// inline credentials only, exec and unverified TLS only with their flags; files do anything.
@Suite struct KubeConfigPolicyTests {
    static func kubeconfig(cluster: String = "server: https://remote.example:6443", user: String = "token: t0ken") -> String {
        KubeConfigFixture.tenant(cluster: cluster, user: user)
    }

    static func parse(_ text: String) throws -> KubeConfig {
        try KubeConfig(yaml: text, source: "secret ns/kc key value", directory: "/nonexistent-kubeconfig-dir")
    }

    static let ca = Data("CA".utf8).base64EncodedString()

    @Test("inline credentials from a Secret are accepted", arguments: [
        kubeconfig(),
        kubeconfig(cluster: "server: https://remote.example:6443, certificate-authority-data: \(ca)",
                   user: "client-certificate-data: \(ca), client-key-data: \(ca)"),
        kubeconfig(user: "username: u, password: p"),
    ])
    func inlineAccepted(text: String) throws {
        try Self.parse(text).validate(origin: .secret)
    }

    @Test("file references in a kubeconfig from a Secret are refused, whatever the flags", arguments: [
        ("cluster", "server: https://remote.example:6443, certificate-authority: /etc/kubernetes/pki/ca.crt", "token: t", "certificate-authority"),
        ("user", "server: https://remote.example:6443", "tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token", "tokenFile"),
        ("user", "server: https://remote.example:6443", "client-certificate: c.crt, client-key-data: \(ca)", "client-certificate"),
        ("user", "server: https://remote.example:6443", "client-certificate-data: \(ca), client-key: k.key", "client-key"),
    ])
    func fileReferencesRefused(owner: String, cluster: String, user: String, field: String) throws {
        let config = try Self.parse(Self.kubeconfig(cluster: cluster, user: user))
        let all = KubeConfigAllowances(exec: true, insecureTLS: true)
        let refusal = try #require(throws: KubeConfigRefusal.self) { try config.validate(origin: .secret, allowances: all) }
        #expect(refusal.kind == .fileReference(field: field))
        #expect(refusal.flag == nil)
        #expect(refusal.description.hasPrefix("\(owner) \"\(owner == "user" ? "tenant" : "remote")\" refers to a file (\(field))"))
        // The path itself is the controller's business, not the tenant's.
        #expect(!refusal.description.contains("/etc/") && !refusal.description.contains("/var/"))
    }

    @Test func authProviderRefused() throws {
        let config = try Self.parse(Self.kubeconfig(user: "auth-provider: {name: gcp, config: {cmd-path: /bin/sh}}"))
        let refusal = try #require(throws: KubeConfigRefusal.self) {
            try config.validate(origin: .secret, allowances: KubeConfigAllowances(exec: true, insecureTLS: true))
        }
        #expect(refusal.kind == .authProvider)
    }

    @Test func execNeedsItsFlag() throws {
        let config = try Self.parse(Self.kubeconfig(user: "exec: {command: /bin/sh, args: [-c, 'cat /etc/shadow']}"))
        let refusal = try #require(throws: KubeConfigRefusal.self) { try config.validate(origin: .secret) }
        #expect(refusal.kind == .exec)
        #expect(refusal.description == "user \"tenant\" uses an exec credential plugin, which is not allowed; "
            + "start the controller with --insecure-kubeconfig-exec to allow it")
        try config.validate(origin: .secret, allowances: KubeConfigAllowances(exec: true))
    }

    @Test func insecureTLSNeedsItsFlag() throws {
        let config = try Self.parse(Self.kubeconfig(cluster: "server: https://remote.example:6443, insecure-skip-tls-verify: true"))
        let refusal = try #require(throws: KubeConfigRefusal.self) { try config.validate(origin: .secret, allowances: KubeConfigAllowances(exec: true)) }
        #expect(refusal.kind == .insecureTLS)
        #expect(refusal.description == "cluster \"remote\" sets insecure-skip-tls-verify, which is not allowed; "
            + "start the controller with --insecure-kubeconfig-tls to allow it")
        try config.validate(origin: .secret, allowances: KubeConfigAllowances(insecureTLS: true))
    }

    @Test("the operator's own kubeconfig file may do everything kubectl allows")
    func filesUnrestricted() throws {
        let config = try Self.parse(Self.kubeconfig(cluster: "server: https://r:6443, insecure-skip-tls-verify: true, certificate-authority: ca.crt",
                                                    user: "exec: {command: get-token}, tokenFile: t"))
        try config.validate(origin: .file)
    }

    @Test("only the context in use is judged")
    func otherContextsIgnored() throws {
        let text = Self.kubeconfig() + """

        - name: other
          context: {cluster: remote, user: plugin}
        """
        var config = try Self.parse(text)
        config.users["plugin"] = {
            var user = KubeConfig.User()
            user.exec = KubeConfig.ExecConfig(command: "/bin/sh")
            return user
        }()
        try config.validate(origin: .secret)
        #expect(throws: KubeConfigRefusal.self) { try config.validate(context: "other", origin: .secret) }
    }

    @Test("a failing plugin's output never reaches the error")
    func pluginOutputNotEchoed() async throws {
        var exec = KubeConfig.ExecConfig(command: "/bin/sh")
        exec.args = ["-c", "echo s3cr3t-token >&2; echo s3cr3t-token; exit 3"]
        let error = try await #require(throws: KubeConfigError.self) { try await ExecCredentialPlugin.run(exec) }
        #expect(error.message == "exec credential plugin /bin/sh exited with status 3")
        exec.args = ["-c", "echo '{\"kind\":\"s3cr3t-token\"}'"]
        let malformed = try await #require(throws: KubeConfigError.self) { try await ExecCredentialPlugin.run(exec) }
        #expect(!malformed.message.contains("s3cr3t"))
    }
}
