import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

extension HostileInputTests {
    /// A tenant with access to its namespace controls Kustomizations, GitRepositories and
    /// Secrets there. Nothing it writes may run commands or read files on the controller's host,
    /// act with the controller's own rights, or leak a credential.
    @Suite struct Tenant {
        static let defaultAccount = "tenant-default"

        @Test func tenantsCannotReachTheControllersHostOrRights() async throws {
            let host = try HostDirectory("tenant")
            defer { host.remove() }
            try await HostileInputTests.with("hostile-tenant", arguments: ["--default-service-account", Self.defaultAccount],
                                            prepare: Self.grantDefaultAccountConfigMaps) { env in
                let pki = env.plane.directory + "/pki/"
                func b64(_ path: String) throws -> String { try Data(contentsOf: URL(fileURLWithPath: path)).base64EncodedString() }
                let inlineCA = "certificate-authority-data: \(try b64(pki + "ca.crt"))"
                let inlineAdmin = "client-certificate-data: \(try b64(pki + "admin.crt")), client-key-data: \(try b64(pki + "admin.key"))"
                let commit = try await env.pushStored(["remote/svc.yaml": Self.serviceYAML("remote-svc")])

                // Each kubeconfig would reach this very cluster as the controller or with the
                // host's files; every one must be refused before it is used.
                let marker = host.path + "/plugin-ran"
                let plugin = try host.write("plugin.sh", """
                    #!/bin/sh
                    touch '\(marker)'
                    echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}'

                    """, mode: 0o755)
                let tokenFile = try host.write("token", "host-token-must-not-be-read\n")
                let refused: [(name: String, cluster: String, user: String, saying: [String])] = [
                    ("exec", inlineCA, "exec: {apiVersion: client.authentication.k8s.io/v1, command: '\(plugin)', interactiveMode: Never}",
                     ["exec", "--insecure-kubeconfig-exec"]),
                    ("token-file", inlineCA, "tokenFile: '\(tokenFile)'", ["tokenFile"]),
                    ("client-certificate", inlineCA, "client-certificate: '\(pki)admin.crt', client-key: '\(pki)admin.key'", ["client-certificate"]),
                    ("certificate-authority", "certificate-authority: '\(pki)ca.crt'", inlineAdmin, ["certificate-authority"]),
                    ("insecure-tls", "insecure-skip-tls-verify: true", inlineAdmin, ["insecure-skip-tls-verify", "--insecure-kubeconfig-tls"]),
                ]
                for (name, cluster, user, saying) in refused {
                    let kubeconfig = """
                        apiVersion: v1
                        kind: Config
                        clusters: [{name: c, cluster: {server: "\(env.plane.server)", \(cluster)}}]
                        users: [{name: u, user: {\(user)}}]
                        contexts: [{name: c, context: {cluster: c, user: u}}]
                        current-context: c
                        """
                    _ = try await env.client.create(["apiVersion": "v1", "kind": "Secret",
                                                     "metadata": ["name": .string("kubeconfig-\(name)"), "namespace": .string(env.namespace)],
                                                     "data": ["value": .string(Data(kubeconfig.utf8).base64EncodedString())]])
                    try await env.applyKustomization("kubeconfig-\(name)", ["path": "./remote", "retryInterval": "1m",
                                                                            "kubeConfig": ["secretRef": ["name": .string("kubeconfig-\(name)")]]])
                    let message = try await HostileInputTests.expectContained(env, .kustomization("kubeconfig-\(name)"), .fails(saying: saying))
                    #expect(!FileManager.default.fileExists(atPath: marker), "the exec plugin must not run (\(name))")
                    #expect(!message.contains("host-token-must-not-be-read") && !message.contains("from-plugin"), "\(message)")
                    #expect(await env.get(KustomizationEnv.service, "remote-svc") == nil, "nothing applied through kubeconfig-\(name)")
                }

                // serviceAccountName "" cannot mean "no impersonation": the controller treats it as unset,
                // as Flux does, so it is applied as the default account, which may not apply this.
                // (kube-apiserver 1.20 stores `""` in this CRD field as null and refuses it as not a
                // string; where a server stores it, the Kustomization must fail as the default account.)
                var names = ["no-account"]
                do {
                    _ = try await env.client.create([
                        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                        "metadata": ["name": "empty-account", "namespace": .string(env.namespace)],
                        "spec": ["path": "./remote", "retryInterval": "1m", "interval": "10m", "prune": true,
                                 "serviceAccountName": .string(""), "sourceRef": ["kind": "GitRepository", "name": "repo"]],
                    ])
                    names.append("empty-account")
                } catch let error as APIError {
                    #expect(error.message.contains("spec.serviceAccountName"), "\(error)")
                }
                try await env.applyKustomization("no-account", ["path": "./remote", "retryInterval": "1m"])
                for name in names {
                    try await HostileInputTests.expectContained(
                        env, .kustomization(name),
                        .fails(saying: ["system:serviceaccount:\(env.namespace):\(Self.defaultAccount)", "Service/\(env.namespace)/remote-svc"]))
                }
                #expect(await env.get(KustomizationEnv.service, "remote-svc") == nil)
                _ = commit
            }
        }

        @Test func namespacelessObjectsFailAndNothingIsPruned() async throws {
            try await HostileInputTests.with("hostile-tenant-ns") { env in
                let first = try await env.pushStored(["nons/a.yaml": configMapYAML("a")])
                try await env.applyKustomization("nons", ["path": "./nons", "retryInterval": "1m"])
                try await env.waitReady("nons", revision: first)
                // The next revision drops `a` and adds `b` without a namespace: it must fail, and `a` stays.
                try await env.pushStored(["nons/b.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata: {k: v}\n"],
                                         delete: ["nons/a.yaml"])
                let message = try await HostileInputTests.expectContained(env, .kustomization("nons"), .fails(saying: ["namespace not specified"]))
                #expect(message.contains("ConfigMap/b") || message.contains("ConfigMap b"), "\(message)")
                #expect(await env.get(KustomizationEnv.configMap, "a") != nil, "nothing is pruned on a failed revision")
                #expect(await env.get(KustomizationEnv.configMap, "b", namespace: "default") == nil, "not sent to the controller's namespace")
            }
        }

        /// With `--no-cross-namespace-refs`, a tenant cannot build from another namespace's source
        /// nor wait on its Kustomizations.
        @Test func crossNamespaceReferencesAreRefusedWhenLockedDown() async throws {
            try await HostileInputTests.with("hostile-tenant-xns", arguments: ["--no-cross-namespace-refs", "true"]) { env in
                let other = try await env.plane.makeNamespace("hostile-tenant-other", client: env.client)
                _ = try await env.client.create([
                    "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                    "metadata": ["name": "theirs", "namespace": .string(other)],
                    "spec": ["url": .string(env.repo.url(.http)), "interval": "10m", "ref": ["branch": "main"]],
                ])
                try await env.applyKustomization("borrowed-source", ["path": "./neighbour", "retryInterval": "1m",
                                                                     "sourceRef": ["kind": "GitRepository", "name": "theirs", "namespace": .string(other)]])
                try await HostileInputTests.expectContained(env, .kustomization("borrowed-source"),
                                                            .fails(saying: ["GitRepository/\(other)/theirs", "cross-namespace references are not allowed"]))
                try await env.applyKustomization("borrowed-dependency", ["path": "./neighbour", "retryInterval": "1m",
                                                                         "dependsOn": [["name": "anything", "namespace": .string(other)]]])
                try await HostileInputTests.expectContained(env, .kustomization("borrowed-dependency"),
                                                            .fails(saying: ["\(other)/anything", "cross-namespace references are not allowed"]))
            }
        }

        @Test func aTokenInTheURLNeverShows() async throws {
            let token = "ghp" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
            try await HostileInputTests.with("hostile-tenant-token") { env in
                let url = env.git.httpAuthURL.replacingOccurrences(of: "://", with: "://\(token)@") + "/\(env.repo.name)-missing.git"
                try await env.createGitRepository("token-url", url: url, ["timeout": "30s"])
                let message = try await HostileInputTests.expectContained(env, .gitRepository("token-url"), .fails(saying: ["failed to checkout"]))
                #expect(!message.contains(token), "\(message)")
                let status = await env.object(.gitRepository("token-url"))?["status"].map { String(decoding: $0.jsonBytes(), as: UTF8.self) } ?? ""
                #expect(!status.contains(token), "\(status)")
                let events = try await env.events(for: .gitRepository("token-url"))
                #expect(!events.isEmpty)
                #expect(!events.contains { $0.contains(token) }, "\(events)")
                #expect(!env.controllers.log.contains(token), "the controller log must not hold the token")
            }
        }

        static func serviceYAML(_ name: String) -> String {
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: \(name)\n  namespace: ${NS}\nspec:\n  ports: [{port: 80}]\n"
        }

        /// The default account may manage ConfigMaps (so the neighbour, applied as it, works) and nothing else.
        static func grantDefaultAccountConfigMaps(_ env: KustomizationEnv) async throws {
            let ns = JSONValue.string(env.namespace)
            for object: JSONValue in [
                ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": .string(defaultAccount), "namespace": ns]],
                ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": ["name": "configmaps", "namespace": ns],
                 "rules": [["apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"]]]],
                ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": ["name": "default-configmaps", "namespace": ns],
                 "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "configmaps"],
                 "subjects": [["kind": "ServiceAccount", "name": .string(defaultAccount), "namespace": ns]]],
            ] {
                _ = try await env.client.create(object)
            }
        }
    }
}
