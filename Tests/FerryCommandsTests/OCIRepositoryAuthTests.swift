import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Registry credentials as Flux reads them: a `kubernetes.io/dockerconfigjson` `secretRef`
/// (basic auth, and bearer tokens from the registry's token server), `certSecretRef` with a
/// private CA for an HTTPS registry. Failures say AuthenticationFailed and never show a credential.
@Suite struct OCIRepositoryAuthTests {
    static func failure(_ object: JSONValue?) -> JSONValue? { OCIRepositoryTestEnv.condition(object, "FetchFailed") }

    @Test(arguments: [RegistryFixture.Flavour.basicAuth, .tokenAuth])
    func aDockerConfigSecretOpensAPrivateRegistryAndWithoutItAuthenticationFails(_ flavour: RegistryFixture.Flavour) async throws {
        let registry = try await RegistryFixture.shared(flavour)
        let repository = registry.uniquePath("auth") + "/manifests"
        let pushed = try await FluxArtifact.push(registry, repository: repository, tag: "v1", files: ["app.yaml": "private\n"])
        try await OCIRepositoryTestEnv.with("oci-auth") { env in
            let url = "oci://\(registry.host)/\(repository)"
            // Anonymous: the registry (basic) or its token server (bearer, asked for an anonymous
            // token) refuses.
            try await env.repository("anonymous", url: url, ["insecure": true, "ref": ["tag": "v1"]])
            let refused = await env.wait("anonymous", what: "refused") { $0["status"] == "False" }
            #expect(Self.failure(refused)?["reason"] == "AuthenticationFailed", "\(refused?[path: "status"]?.jsonString() ?? "")")
            #expect(Self.failure(refused)?["message"]?.stringValue?.contains("no credentials were given") == true)

            try await env.secret("registry", type: "kubernetes.io/dockerconfigjson", [".dockerconfigjson": registry.dockerConfigJSON])
            try await env.repository("private", url: url, ["insecure": true, "ref": ["tag": "v1"], "secretRef": ["name": "registry"]])
            let ready = await env.wait("private", what: "Ready") { $0["status"] == "True" }
            #expect(ready?[path: "status", "artifact", "revision"]?.stringValue == "v1@\(pushed.digest)")
            #expect(try await OCIRepositoryTestEnv.files(of: ready?[path: "status", "artifact"]) == ["app.yaml": "private\n"])

            // A wrong password: refused, and the password appears nowhere in the status.
            let wrong = registry.dockerConfigJSON.replacingOccurrences(of: registry.password, with: "not-the-password")
                .replacingOccurrences(of: Data("\(registry.username):\(registry.password)".utf8).base64EncodedString(),
                                      with: Data("\(registry.username):not-the-password".utf8).base64EncodedString())
            try await env.secret("wrong", type: "kubernetes.io/dockerconfigjson", [".dockerconfigjson": wrong])
            try await env.repository("wrong", url: url, ["insecure": true, "ref": ["tag": "v1"], "secretRef": ["name": "wrong"]])
            let denied = await env.wait("wrong", what: "refused") { $0["status"] == "False" }
            #expect(Self.failure(denied)?["reason"] == "AuthenticationFailed")
            #expect(denied?[path: "status"]?.jsonString().contains("not-the-password") == false)

            // A Secret without the key: named, with the key it lacks.
            try await env.secret("opaque", ["username": "u", "password": "p"])
            try await env.repository("opaque", url: url, ["insecure": true, "secretRef": ["name": "opaque"]])
            let invalid = await env.wait("opaque", what: "refused") { $0["status"] == "False" }
            #expect(Self.failure(invalid)?["reason"] == "AuthenticationFailed")
            #expect(Self.failure(invalid)?["message"]?.stringValue?.contains("'\(env.namespace)/opaque' secret data: required field '.dockerconfigjson'") == true)
        }
    }

    @Test func aPrivateCAFromCertSecretRefIsTrustedAndWithoutItTLSFails() async throws {
        let registry = try await RegistryFixture.shared(.tlsBasicAuth)
        let repository = registry.uniquePath("tls") + "/manifests"
        let pushed = try await FluxArtifact.push(registry, repository: repository, tag: "v1", files: ["app.yaml": "tls\n"])
        let ca = try String(contentsOfFile: registry.caFile, encoding: .utf8)
        try await OCIRepositoryTestEnv.with("oci-tls") { env in
            let url = "oci://\(registry.host)/\(repository)"
            try await env.secret("registry", type: "kubernetes.io/dockerconfigjson", [".dockerconfigjson": registry.dockerConfigJSON])
            try await env.secret("ca", ["ca.crt": ca])
            try await env.repository("trusted", url: url, ["ref": ["tag": "v1"], "secretRef": ["name": "registry"], "certSecretRef": ["name": "ca"]])
            let ready = await env.wait("trusted", what: "Ready") { $0["status"] == "True" }
            #expect(ready?[path: "status", "artifact", "revision"]?.stringValue == "v1@\(pushed.digest)")

            try await env.repository("untrusted", url: url, ["ref": ["tag": "v1"], "secretRef": ["name": "registry"]])
            let failed = await env.wait("untrusted", what: "failed") { $0["status"] == "False" }
            #expect(Self.failure(failed)?["reason"] == "OCIArtifactPullFailed")
            #expect(Self.failure(failed)?["message"]?.stringValue?.contains("TLS") == true, "\(failed?[path: "status"]?.jsonString() ?? "")")
        }
    }
}
