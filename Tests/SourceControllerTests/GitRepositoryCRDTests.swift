import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// The GitRepository CRD as a user meets it on the real local API server: `kubectl explain`
/// describes every field, admission refuses what Flux's CRD refuses with the server's own
/// message, Flux's defaults are filled in, and `kubectl get` prints Flux's columns.
@Suite struct GitRepositoryCRDTests {
    static let crd = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")
    static let kind = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")

    static func repository(_ name: String, _ namespace: String, spec: JSONValue) -> JSONValue {
        ["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
         "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": spec]
    }

    @Test func everyFieldOfTheInstalledSchemaIsDescribed() async throws {
        try await LocalControlPlane.withFerryCRDs("gitrepo-crd-doc") { _, client, _ in
            let installed = try await client.get(Self.crd, name: "gitrepositories.source.toolkit.fluxcd.io")
            let schema = try #require(installed[path: "spec", "versions"]?.arrayValue?.first?[path: "schema", "openAPIV3Schema"])
            #expect(CRDSchema.undescribedProperties(schema) == [])
            // The walk does reach the leaves: a nested field of an array item has its words.
            #expect(schema[path: "properties", "spec", "properties", "include", "items", "properties", "repository", "properties", "name", "description"] != nil)
        }
    }

    @Test func kubectlExplainDescribesTheRef() async throws {
        try await LocalControlPlane.withFerryCRDs("gitrepo-crd-explain") { plane, _, _ in
            // The API server publishes a CRD's OpenAPI a moment after it changes.
            var text = ""
            let published = await eventually(timeout: .seconds(30), every: .milliseconds(500)) {
                text = (try? await LocalControlPlane.run("/usr/bin/kubectl", ["explain", "gitrepository.spec.ref", "--kubeconfig", plane.adminKubeconfig])) ?? ""
                return text.contains("semver") && text.contains("shallow")
            }
            #expect(published, "\(text)")
            for field in ["branch", "tag", "semver", "name", "commit"] {
                #expect(text.contains("   \(field)\t<string>"), "\(field) is listed: \(text)")
            }
            #expect(text.contains("`master`"))
        }
    }

    @Test func fluxDefaultsAreFilledIn() async throws {
        try await LocalControlPlane.withFerryCRDs("gitrepo-crd-defaults") { _, client, ns in
            let spec: JSONValue = ["url": "https://example.com/app.git", "interval": "5m", "verify": ["secretRef": ["name": "keys"]]]
            _ = try await client.create(Self.repository("app", ns, spec: spec))
            let live = try await client.get(Self.kind, name: "app", namespace: ns)
            #expect(live[path: "spec", "timeout"] == "60s")
            #expect(live[path: "spec", "verify", "mode"] == "HEAD")
            #expect(live[path: "spec", "ref"] == nil, "the master default is the controller's, not the schema's")
            #expect(live["status"] == ["observedGeneration": -1])
        }
    }

    @Test func everyFluxProviderIsAdmitted() async throws {
        try await LocalControlPlane.withFerryCRDs("gitrepo-crd-providers") { _, client, ns in
            for provider in ["generic", "aws", "azure", "github"] {
                let spec: JSONValue = ["url": "https://example.com/app.git", "interval": "5m", "provider": .string(provider)]
                let created = try await client.create(Self.repository("with-\(provider)", ns, spec: spec))
                #expect(created[path: "spec", "provider"] == .string(provider))
            }
        }
    }

    @Test func specsFluxRefusesAreRefusedByTheAPIServer() async throws {
        let base: JSONValue = ["url": "https://example.com/app.git", "interval": "5m"]
        func with(_ key: String, _ value: JSONValue) -> JSONValue { var spec = base; spec[key] = value; return spec }
        let cases: [(JSONValue, String)] = [
            (with("provider", "gitlab"), #"spec.provider: Unsupported value: "gitlab": supported values: "generic", "aws", "azure", "github""#),
            (with("url", "ftp://example.com/app.git"), "spec.url in body should match '^(http|https|ssh)://.*$'"),
            (["url": "https://example.com/app.git"], "spec.interval: Required value"),
            (with("interval", "5 minutes"), #"spec.interval in body should match '^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$'"#),
            (with("timeout", "1h"), #"spec.timeout in body should match '^([0-9]+(\.[0-9]+)?(ms|s|m))+$'"#),
            (with("verify", ["mode": "tag", "secretRef": ["name": "keys"]]), #"spec.verify.mode: Unsupported value: "tag""#),
            (with("verify", ["mode": "HEAD"]), "spec.verify.secretRef: Required value"),
            (with("secretRef", [:]), "spec.secretRef.name: Required value"),
            (with("include", [["toPath": "x"]]), "repository: Required value"),
        ]
        try await LocalControlPlane.withFerryCRDs("gitrepo-crd-refused") { _, client, ns in
            for (index, (spec, message)) in cases.enumerated() {
                do {
                    _ = try await client.create(Self.repository("bad-\(index)", ns, spec: spec))
                    Issue.record("admitted \(spec)")
                } catch let error as APIError {
                    #expect(error.isInvalid)
                    #expect(error.description.contains(message), "\(error.description)")
                }
            }
        }
    }

    @Test func kubectlGetPrintsFluxColumnsByShortNameAndCategory() async throws {
        try await LocalControlPlane.withFerryCRDs("gitrepo-crd-columns") { plane, client, ns in
            _ = try await client.create(Self.repository("app", ns, spec: ["url": "https://example.com/app.git", "interval": "5m"]))
            let kubectl = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
            let short = try await LocalControlPlane.run("/usr/bin/kubectl", ["get", "gitrepo"] + kubectl)
            let header = short.split(separator: "\n").first?.split(separator: " ", omittingEmptySubsequences: true)
            #expect(header == ["NAME", "URL", "AGE", "READY", "STATUS"])
            #expect(short.contains("https://example.com/app.git"))
            let sources = try await LocalControlPlane.run("/usr/bin/kubectl", ["get", "fluxcd-sources", "-o", "name"] + kubectl)
            #expect(sources.contains("gitrepository.source.toolkit.fluxcd.io/app"))
        }
    }
}
