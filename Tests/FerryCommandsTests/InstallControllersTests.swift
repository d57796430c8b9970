import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `ferry install` deploying the controllers: the manifests `--export` prints are locked down
/// as Flux's are; the installed ServiceAccount, used for real by `ferry controllers run`, can
/// reconcile a GitRepository and a Kustomization end to end and cannot do what its role leaves
/// out; `ferry uninstall` leaves what a Kustomization applied.
@Suite struct InstallControllersTests {
    static let deploymentKind = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
    static let clusterRole = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole")
    static let clusterRoleBinding = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding")
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let kustomization = GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: "Kustomization")

    static func ready(_ object: JSONValue?) -> Bool {
        object?[path: "status", "conditions"]?.arrayValue?.contains { $0["type"] == "Ready" && $0["status"] == "True" } == true
    }

    func export(_ args: [String] = []) async throws -> [JSONValue] {
        let result = try await FerryCLI.run(["install", "--export"] + args)
        #expect(result.status == 0, "\(result.stderr)")
        return try YAML.documents(result.stdout)
    }

    func object(_ docs: [JSONValue], _ kind: String, _ name: String) throws -> JSONValue {
        try #require(docs.first { $0.kind == kind && $0.metadataName == name }, "no \(kind)/\(name) in the export")
    }

    /// The port of a `--flag=:port` argument.
    func port(_ args: [String], _ flag: String) -> Int? {
        args.first { $0.hasPrefix(flag + "=") }.flatMap { Int($0.split(separator: ":").last ?? "") }
    }

    @Test func exportedControllersRunLockedDownWithProbesOnTheHealthPort() async throws {
        let docs = try await export(["--image", "registry.example/ferry:v9"])
        let deployment = try object(docs, "Deployment", "ferry-controllers")
        #expect(deployment.metadataNamespace == "ferry-system")
        let pod = try #require(deployment[path: "spec", "template", "spec"])
        let container = try #require(pod["containers"]?[0])
        #expect(container["image"]?.stringValue == "registry.example/ferry:v9")
        let args = container["args"]?.arrayValue?.compactMap(\.stringValue) ?? []

        // Non-root, read-only root filesystem, nothing to escalate to, the runtime's seccomp profile.
        #expect(pod[path: "securityContext", "runAsNonRoot"]?.boolValue == true)
        #expect(pod[path: "securityContext", "runAsUser"]?.intValue == 65532)
        let security = try #require(container["securityContext"])
        #expect(security["runAsNonRoot"]?.boolValue == true)
        #expect(security["readOnlyRootFilesystem"]?.boolValue == true)
        #expect(security["allowPrivilegeEscalation"]?.boolValue == false)
        #expect(security[path: "capabilities", "drop"] == ["ALL"])
        #expect(security[path: "capabilities", "add"] == nil)
        #expect(security[path: "seccompProfile", "type"]?.stringValue == "RuntimeDefault")
        #expect(security["privileged"]?.boolValue != true)

        // The probes ask the health server, on the port it is told to listen on.
        let ports = container["ports"]?.arrayValue ?? []
        func containerPort(_ name: String) -> Int? { ports.first { $0["name"]?.stringValue == name }?["containerPort"]?.intValue }
        #expect(container[path: "livenessProbe", "httpGet", "path"]?.stringValue == "/healthz")
        #expect(container[path: "readinessProbe", "httpGet", "path"]?.stringValue == "/readyz")
        for probe in ["livenessProbe", "readinessProbe"] {
            let named = container[path: probe, "httpGet", "port"]?.stringValue ?? ""
            #expect(containerPort(named) != nil && containerPort(named) == port(args, "--health-addr"), "\(probe) port \(named)")
        }
        #expect(args.contains("--leader-elect=true"))
        #expect(args.contains("--leader-election-namespace=ferry-system"))
        #expect(container[path: "resources", "requests", "cpu"] != nil && container[path: "resources", "requests", "memory"] != nil)
        #expect(container[path: "resources", "limits", "cpu"] != nil && container[path: "resources", "limits", "memory"] != nil)

        // What the pod writes lands in emptyDirs: /tmp, and the artifact storage.
        let volumes = pod["volumes"]?.arrayValue ?? []
        let mounts = container["volumeMounts"]?.arrayValue ?? []
        func emptyDirMount(_ path: String) -> Bool {
            guard let mount = mounts.first(where: { path == $0["mountPath"]?.stringValue || path.hasPrefix(($0["mountPath"]?.stringValue ?? "") + "/") }),
                  let volume = volumes.first(where: { $0["name"] == mount["name"] }) else { return false }
            return volume["emptyDir"] != nil
        }
        #expect(emptyDirMount("/tmp"))
        let storagePath = try #require(args.first { $0.hasPrefix("--storage-path=") }?.split(separator: "=").last.map(String.init))
        #expect(emptyDirMount(storagePath), "\(storagePath)")

        // The artifact server is reached through the Service, whose name is in artifact URLs.
        let service = try object(docs, "Service", "source-controller")
        let servicePort = try #require(service[path: "spec", "ports"]?[0])
        #expect(servicePort["port"]?.intValue == 80)
        #expect(containerPort(servicePort["targetPort"]?.stringValue ?? "") == port(args, "--storage-addr"))
        #expect(service[path: "spec", "selector"] == deployment[path: "spec", "selector", "matchLabels"])
        #expect(args.contains("--storage-adv-addr=source-controller.ferry-system.svc.cluster.local."))

        // Flux's NetworkPolicies: egress anywhere, ingress from the namespace, metrics from anywhere.
        let egress = try object(docs, "NetworkPolicy", "allow-egress")
        #expect(egress[path: "spec", "egress"] == [[:]])
        #expect(egress[path: "spec", "ingress"] == [["from": [["podSelector": [:]]]]])
        let scraping = try object(docs, "NetworkPolicy", "allow-scraping")
        #expect(scraping[path: "spec", "ingress"]?[0]?["ports"]?[0]?["port"]?.intValue == port(args, "--metrics-addr"))

        // The identity: the Deployment's ServiceAccount, bound to the two roles.
        let account = pod["serviceAccountName"]?.stringValue ?? ""
        _ = try object(docs, "ServiceAccount", account)
        let subject: JSONValue = ["kind": "ServiceAccount", "name": .string(account), "namespace": "ferry-system"]
        let crdController = try object(docs, "ClusterRoleBinding", "crd-controller-ferry-system")
        #expect(crdController["subjects"] == [subject])
        #expect(crdController[path: "roleRef", "name"]?.stringValue == "crd-controller-ferry-system")
        let reconciler = try object(docs, "ClusterRoleBinding", "cluster-reconciler-ferry-system")
        #expect(reconciler[path: "roleRef", "name"]?.stringValue == "cluster-admin")
        #expect(reconciler["subjects"] == [subject])
        // crd-controller writes nothing of the core API but events; it has no wildcard group.
        for rule in try object(docs, "ClusterRole", "crd-controller-ferry-system")["rules"]?.arrayValue ?? [] {
            let groups = rule["apiGroups"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(!groups.contains("*"))
            if groups == [""] {
                let verbs = Set(rule["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                let resources = rule["resources"]?.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(verbs.isSubset(of: ["get", "list", "watch"]) || resources == ["events"] || resources == ["serviceaccounts/token"], "\(rule)")
            }
        }
        // Every namespaced object is in the install namespace.
        for doc in docs where !["Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"].contains(doc.kind ?? "") {
            #expect(doc.metadataNamespace == "ferry-system", "\(doc.kind ?? "")/\(doc.metadataName ?? "")")
        }
    }

    @Test func componentsMapOntoTheControllersFlagsAndTheirRights() async throws {
        let docs = try await export(["--components", "source-controller", "-n", "sources", "--network-policy=false"])
        let args = try object(docs, "Deployment", "ferry-controllers")[path: "spec", "template", "spec", "containers"]?[0]?["args"]?
            .arrayValue?.compactMap(\.stringValue) ?? []
        #expect(args.contains("--enable-source-controller=true"))
        for off in ["kustomize-controller", "helm-controller", "image-reflector-controller", "image-automation-controller"] {
            #expect(args.contains("--enable-\(off)=false"), "\(off)")
        }
        // Nothing that applies objects, so no cluster-admin; no policies when asked for none.
        #expect(!docs.contains { $0.metadataName == "cluster-reconciler-sources" })
        #expect(docs.contains { $0.kind == "ClusterRoleBinding" && $0.metadataName == "crd-controller-sources" })
        #expect(!docs.contains { $0.kind == "NetworkPolicy" })
        #expect(args.contains("--storage-adv-addr=source-controller.sources.svc.cluster.local."))

        let unknown = try await FerryCLI.run(["install", "--export", "--components", "source-controller,notification-controller"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("--components: unknown component 'notification-controller'"), "\(unknown.stderr)")
    }

    // MARK: - against a control plane

    /// A kubeconfig acting as `account` with a token from the TokenRequest API, as a pod's
    /// projected token would.
    func serviceAccountKubeconfig(_ plane: LocalControlPlane, _ client: KubernetesClient, namespace: String,
                                  account: String = "ferry-controllers") async throws -> String {
        let answer = try await client.requestJSON(.POST, "/api/v1/namespaces/\(namespace)/serviceaccounts/\(account)/token", body: [
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": ["expirationSeconds": 3600],
        ])
        let token = try #require(answer[path: "status", "token"]?.stringValue)
        let path = NSTemporaryDirectory() + "ferry-sa-\(UUID().uuidString).kubeconfig"
        try """
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster: {server: "\(plane.server)", certificate-authority: "\(plane.caCertificate)"}
            users:
            - name: \(account)
              user: {token: "\(token)"}
            contexts:
            - name: local
              context: {cluster: local, user: \(account)}
            current-context: local

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A repository with a namespace, a ConfigMap in it and a ClusterRole: the last only
    /// cluster-admin (the cluster-reconciler binding) may apply.
    func repository(_ git: GitServer, target: String) async throws -> GitRepoFixture {
        let repo = try await GitRepoFixture.create("install-sa", on: git)
        _ = try await repo.commit(files: [
            "deploy/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(target)\n",
            "deploy/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: \(target)\ndata:\n  greeting: hello\n",
            "deploy/role.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: \(target)-reader\nrules: []\n",
        ], message: "app")
        try await repo.push()
        return repo
    }

    func sync(_ repo: GitRepoFixture, namespace: String, kubeconfig: String) async throws {
        let kc = ["--kubeconfig", kubeconfig, "-n", namespace]
        let source = try await FerryCLI.run(["create", "source", "git", "app", "--url", repo.url(.http), "--branch", "main", "--timeout", "90s"] + kc)
        #expect(source.status == 0, "\(source.stdout)\(source.stderr)")
        let sync = try await FerryCLI.run(["create", "kustomization", "app", "--source", "app", "--path", "./deploy", "--prune=true",
                                           "--interval", "1m", "--timeout", "90s"] + kc)
        #expect(sync.status == 0, "\(sync.stdout)\(sync.stderr)")
    }

    @Test func theInstalledServiceAccountReconcilesAndIsConfinedToItsRoles() async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        let ns = "ferry-sa-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let target = ns + "-apps"
        let sourcesOnly = ns + "-src"
        var controllers: FerryControllers?
        do {
            let install = try await FerryCLI.run(["install", "--kubeconfig", plane.adminKubeconfig, "-n", ns, "--wait=false"])
            #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
            let kubeconfig = try await serviceAccountKubeconfig(plane, client, namespace: ns)
            controllers = try await FerryControllers.start(plane: plane, namespace: ns, kubeconfig: kubeconfig)
            let repo = try await repository(try await GitServer.shared(), target: target)
            try await sync(repo, namespace: ns, kubeconfig: plane.adminKubeconfig)
            // Applied as the ServiceAccount: the ConfigMap, and the ClusterRole cluster-admin allows.
            let ready = await eventually(timeout: .seconds(90)) {
                Self.ready(try? await client.get(Self.kustomization, name: "app", namespace: ns))
            }
            #expect(ready, "\(controllers?.log.suffix(3000) ?? "")")
            #expect(try await client.get(Self.configMap, name: "app", namespace: target)[path: "data", "greeting"] == "hello")
            #expect(try await client.get(Self.clusterRole, name: target + "-reader").metadataName == target + "-reader")

            // Installed with the source controllers only: crd-controller and no cluster-reconciler.
            let sources = try await FerryCLI.run(["install", "--kubeconfig", plane.adminKubeconfig, "-n", sourcesOnly, "--wait=false",
                                                  "--components", "source-controller"])
            #expect(sources.status == 0, "\(sources.stdout)\(sources.stderr)")
            let confinedKubeconfig = try await serviceAccountKubeconfig(plane, client, namespace: sourcesOnly)
            let confined = try KubernetesClient(config: ClientConfig.load(kubeconfig: confinedKubeconfig))
            defer { Task { try? await confined.shutdown() } }
            let gitRepositories = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")
            #expect(try await confined.list(gitRepositories, namespace: ns).items.map(\.metadataName) == ["app"])
            #expect(try await confined.get(Self.configMap, name: "app", namespace: target).metadataName == "app")
            for attempt: JSONValue in [
                ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": .string(sourcesOnly + "-escalate")],
                 "rules": [["apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]]]],
                ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "intruder", "namespace": .string(target)]],
                ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "intruder", "namespace": .string(target)]],
            ] {
                do {
                    _ = try await confined.create(attempt)
                    Issue.record("\(attempt.kind ?? "") was created by the source controllers' identity")
                } catch let error as APIError {
                    #expect(error.isForbidden, "\(error)")
                }
            }
            // crd-controller is enough for the source controllers: a GitRepository gets its artifact.
            let sourceControllers = try await FerryControllers.start(
                plane: plane, namespace: sourcesOnly, arguments: ["kustomize", "helm", "image-reflector", "image-automation"].map { "--enable-\($0)-controller=false" },
                kubeconfig: confinedKubeconfig)
            let fetched = try await FerryCLI.run(["create", "source", "git", "app", "--url", repo.url(.http), "--branch", "main", "--timeout", "90s",
                                                  "--kubeconfig", plane.adminKubeconfig, "-n", sourcesOnly])
            #expect(fetched.status == 0, "\(fetched.stdout)\(fetched.stderr)\n\(sourceControllers.log.suffix(3000))")
            await sourceControllers.stop()
        } catch {
            Issue.record(error)
        }
        if let controllers { await controllers.stop() }
        // The shared plane keeps its CRDs: remove only this test's objects.
        for namespace in [ns, sourcesOnly] {
            for name in ["crd-controller-\(namespace)", "cluster-reconciler-\(namespace)"] {
                _ = try? await client.delete(Self.clusterRoleBinding, name: name)
                _ = try? await client.delete(Self.clusterRole, name: name)
            }
        }
        for namespace in [ns, sourcesOnly, target] {
            _ = try? await client.delete(GroupVersionKind(group: "", version: "v1", kind: "Namespace"), name: namespace)
        }
        _ = try? await client.delete(Self.clusterRole, name: target + "-reader")
        try? await client.shutdown()
    }

    @Test func uninstallWithTheControllersRunningLeavesWhatTheKustomizationApplied() async throws {
        let plane = try await LocalControlPlane.start(name: "uninstall-keeps")
        let client = try plane.adminClient()
        defer { Task { try await client.shutdown(); try await plane.stop() } }
        let install = try await FerryCLI.run(["install", "--kubeconfig", plane.adminKubeconfig, "--wait=false"])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        let kubeconfig = try await serviceAccountKubeconfig(plane, client, namespace: "ferry-system")
        let controllers = try await FerryControllers.start(plane: plane, namespace: "ferry-system", kubeconfig: kubeconfig)
        let repo = try await repository(try await GitServer.shared(), target: "apps")
        try await sync(repo, namespace: "ferry-system", kubeconfig: plane.adminKubeconfig)
        #expect(await eventually(timeout: .seconds(90)) { (try? await client.get(Self.configMap, name: "app", namespace: "apps")) != nil },
                "\(controllers.log.suffix(3000))")

        // Uninstall while the controllers (prune: true, a finalizer on the Kustomization) still run.
        let uninstall = try await FerryCLI.run(["uninstall", "--silent", "--kubeconfig", plane.adminKubeconfig])
        #expect(uninstall.status == 0, "\(uninstall.stdout)\(uninstall.stderr)")
        for line in ["✔ Deployment/ferry-controllers deleted", "✔ ClusterRoleBinding/cluster-reconciler-ferry-system deleted",
                     "✔ ClusterRole/crd-controller-ferry-system deleted", "✔ ServiceAccount/ferry-controllers deleted",
                     "✔ Kustomization/ferry-system/app finalizers removed"] {
            #expect(uninstall.stdout.contains(line + "\n"), "\(line)\n\(uninstall.stdout)")
        }
        let crd = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")
        #expect(await eventually(timeout: .seconds(60)) { (try? await client.get(crd, name: "kustomizations.kustomize.toolkit.fluxcd.io")) == nil })
        await controllers.stop()
        #expect(try await client.get(Self.configMap, name: "app", namespace: "apps")[path: "data", "greeting"] == "hello")
        #expect(try await client.get(Self.clusterRole, name: "apps-reader").metadataName == "apps-reader")
        let left = try await client.listAll(Self.clusterRoleBinding, options: ListOptions(labelSelector: "app.kubernetes.io/managed-by=ferry"))
        #expect(left.items.isEmpty)
        #expect((try? await client.get(Self.deploymentKind, name: "ferry-controllers", namespace: "ferry-system")) == nil)
    }
}
