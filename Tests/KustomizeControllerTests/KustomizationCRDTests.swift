import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// A CRD and its custom resources in one commit: the CRD goes first, is waited on until
/// Established, and the resources of the new kind apply in the same reconcile.
@Suite struct KustomizationCRDTests {
    @Test func aCRDAndItsResourcesInOneCommit() async throws {
        try await KustomizationEnv.with("ks-crd") { env in
            let group = "ks\(UInt32.random(in: 0...UInt32.max)).ferry.test"
            let crd = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: gadgets.\(group)
                spec:
                  group: \(group)
                  names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              size: {type: integer}

                """
            let gadget = "apiVersion: \(group)/v1\nkind: Gadget\nmetadata:\n  name: g1\n  namespace: ${NS}\nspec:\n  size: 3\n"
            // File names sort the resource before its CRD: the staging must not care.
            let commit = try await env.push(["apps/a-gadget.yaml": gadget, "apps/z-crd.yaml": crd])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps"])
            try await env.waitReady("apps", revision: commit)
            let live = try await env.client.get(GroupVersionKind(group: group, version: "v1", kind: "Gadget"), name: "g1", namespace: env.namespace)
            #expect(live[path: "spec", "size"]?.intValue == 3)
            let ids = try await env.kustomization("apps")[path: "status", "inventory", "entries"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids == ["_gadgets.\(group)_apiextensions.k8s.io_CustomResourceDefinition", "\(env.namespace)_g1_\(group)_Gadget"])
            // Deleting the Kustomization prunes both (the CRD last).
            _ = try await env.client.delete(KustomizationEnv.kustomization, name: "apps", namespace: env.namespace)
            #expect(await eventually(timeout: .seconds(30)) {
                await env.get(GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition"),
                              "gadgets.\(group)", namespace: "") == nil
            })
        }
    }
}

/// Ferry's own Kustomization CRD as a user meets it on the real local API server: `kubectl
/// explain` describes every field, admission refuses what Flux's CRD refuses with the server's
/// own message, Flux's defaults are filled in, and `kubectl get` prints Flux's columns.
@Suite struct KustomizationCRDSchemaTests {
    static let crd = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")

    static let minimal: JSONValue = ["interval": "10m", "prune": true, "sourceRef": ["kind": "GitRepository", "name": "repo"]]

    static func kustomization(_ name: String, _ namespace: String, spec: JSONValue) -> JSONValue {
        ["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
         "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": spec]
    }

    /// The minimal spec with `key` set to `value`.
    static func minimal(with key: String, _ value: JSONValue) -> JSONValue {
        var spec = minimal
        spec[key] = value
        return spec
    }

    @Test func everyFieldOfTheInstalledSchemaIsDescribed() async throws {
        try await LocalControlPlane.withFerryCRDs("ks-crd-doc") { _, client, _ in
            let installed = try await client.get(Self.crd, name: "kustomizations.kustomize.toolkit.fluxcd.io")
            let schema = try #require(installed[path: "spec", "versions"]?.arrayValue?.first?[path: "schema", "openAPIV3Schema"])
            #expect(CRDSchema.undescribedProperties(schema) == [])
            // The walk does reach the leaves: a field of a selector inside an array item has its words.
            #expect(schema[path: "properties", "spec", "properties", "ignore", "items", "properties", "target", "properties", "kind", "description"] != nil)
        }
    }

    @Test func kubectlExplainDescribesTheIgnoreRules() async throws {
        try await LocalControlPlane.withFerryCRDs("ks-crd-explain") { plane, _, _ in
            // The API server publishes a CRD's OpenAPI a moment after it changes.
            var text = ""
            let published = await eventually(timeout: .seconds(30), every: .milliseconds(500)) {
                text = (try? await LocalControlPlane.run("/usr/bin/kubectl", ["explain", "kustomization.spec.ignore", "--kubeconfig", plane.adminKubeconfig])) ?? ""
                return text.contains("RFC 6901")
            }
            #expect(published, "\(text)")
            #expect(text.contains("paths\t<[]string> -required-"), "\(text)")
            #expect(text.contains("target\t<Object>"), "\(text)")
            let target = try await LocalControlPlane.run("/usr/bin/kubectl", ["explain", "kustomization.spec.ignore.target", "--kubeconfig", plane.adminKubeconfig])
            for field in ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"] {
                #expect(target.contains("   \(field)\t<string>"), "\(field) is listed: \(target)")
            }
        }
    }

    @Test func aHealthCheckExprWithoutKindCoversTheWholeGroupAndIsAdmitted() async throws {
        try await LocalControlPlane.withFerryCRDs("ks-crd-cel") { _, client, ns in
            let check: JSONValue = ["apiVersion": "example.com/v1", "current": "status.phase == 'Ready'", "failed": "status.phase == 'Failed'"]
            let created = try await client.create(Self.kustomization("group-wide", ns, spec: Self.minimal(with: "healthCheckExprs", [check])))
            #expect(created[path: "spec", "healthCheckExprs"] == [check])
        }
    }

    @Test func fluxDefaultsAreFilledIn() async throws {
        try await LocalControlPlane.withFerryCRDs("ks-crd-defaults") { _, client, ns in
            let postBuild: JSONValue = ["substituteFrom": [["kind": "ConfigMap", "name": "vars"]]]
            let created = try await client.create(Self.kustomization("app", ns, spec: Self.minimal(with: "postBuild", postBuild)))
            #expect(created[path: "spec", "force"] == false)
            #expect(created[path: "spec", "postBuild", "substituteFrom"] == [["kind": "ConfigMap", "name": "vars", "optional": false]])
            #expect(created[path: "spec", "timeout"] == nil, "the timeout default depends on interval: the controller's")
            let live = try await client.get(KustomizationEnv.kustomization, name: "app", namespace: ns)
            #expect(live["status"] == ["observedGeneration": -1])
        }
    }

    @Test func specsFluxRefusesAreRefusedByTheAPIServer() async throws {
        var noPrune = Self.minimal
        noPrune["prune"] = nil
        let cases: [(JSONValue, String)] = [
            (noPrune, "spec.prune: Required value"),
            (Self.minimal(with: "deletionPolicy", "Sometimes"),
             #"spec.deletionPolicy: Unsupported value: "Sometimes": supported values: "MirrorPrune", "Delete", "WaitForTermination", "Orphan""#),
            (Self.minimal(with: "sourceRef", ["kind": "HelmRepository", "name": "charts"]), #"spec.sourceRef.kind: Unsupported value: "HelmRepository""#),
            (Self.minimal(with: "interval", "ten minutes"), #"spec.interval in body should match '^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$'"#),
            (Self.minimal(with: "namePrefix", ""), "spec.namePrefix in body should be at least 1 chars long"),
            (Self.minimal(with: "targetNamespace", .string(String(repeating: "n", count: 64))), "spec.targetNamespace in body should be at most 63 chars long"),
            (Self.minimal(with: "buildMetadata", ["managedByLabel"]), #"Unsupported value: "managedByLabel""#),
            (Self.minimal(with: "healthCheckExprs", [["apiVersion": "example.com/v1", "kind": "Widget"]]), "current: Required value"),
            (Self.minimal(with: "ignore", [["target": ["kind": "Deployment"]]]), "paths: Required value"),
            (Self.minimal(with: "postBuild", ["substituteStrategy": "Never"]), #"spec.postBuild.substituteStrategy: Unsupported value: "Never""#),
            (Self.minimal(with: "postBuild", ["substituteFrom": [["kind": "Secret", "name": ""]]]), "name in body should be at least 1 chars long"),
            (Self.minimal(with: "decryption", ["provider": "vault"]), #"spec.decryption.provider: Unsupported value: "vault""#),
            (Self.minimal(with: "kubeConfig", ["secretRef": ["key": "value"]]), "spec.kubeConfig.secretRef.name: Required value"),
        ]
        try await LocalControlPlane.withFerryCRDs("ks-crd-refused") { _, client, ns in
            for (index, (spec, message)) in cases.enumerated() {
                do {
                    _ = try await client.create(Self.kustomization("bad-\(index)", ns, spec: spec))
                    Issue.record("admitted \(spec)")
                } catch let error as APIError {
                    #expect(error.isInvalid)
                    #expect(error.description.contains(message), "\(error.description)")
                }
            }
        }
    }

    @Test func kubectlGetPrintsFluxColumnsByShortNameAndCategory() async throws {
        try await LocalControlPlane.withFerryCRDs("ks-crd-columns") { plane, client, ns in
            _ = try await client.create(Self.kustomization("apps", ns, spec: Self.minimal))
            let kubectl = ["--kubeconfig", plane.adminKubeconfig, "-n", ns]
            let short = try await LocalControlPlane.run("/usr/bin/kubectl", ["get", "ks"] + kubectl)
            let header = short.split(separator: "\n").first?.split(separator: " ", omittingEmptySubsequences: true)
            #expect(header == ["NAME", "AGE", "READY", "STATUS"])
            let appliers = try await LocalControlPlane.run("/usr/bin/kubectl", ["get", "fluxcd-appliers", "-o", "name"] + kubectl)
            #expect(appliers.contains("kustomization.kustomize.toolkit.fluxcd.io/apps"))
        }
    }
}
