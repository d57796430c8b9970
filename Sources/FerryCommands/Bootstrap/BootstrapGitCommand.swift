import ArgumentParser
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

struct BootstrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap", abstract: "Make a cluster manage itself from a Git repository.", subcommands: [BootstrapGitCommand.self])
}

/// `ferry bootstrap git`: commits Ferry's components (what `ferry install --export` prints for
/// the same flags, the controllers' Deployment included) and the sync objects to `--path` of the
/// repository, applies them, and waits for the controllers and the sync Kustomization — from then
/// on the cluster follows the repository, Ferry included: a new `--image` committed (by bootstrap
/// or by hand) is an upgrade through Git. Running it again changes nothing that is already right.
///
/// `--local-controllers` keeps the controllers out of the cluster: no Deployment is committed and
/// `ferry controllers run` is started on this machine (detached, one per cluster).
struct BootstrapGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git", abstract: "Bootstrap from any Git server (SSH key, or user name and password/token over HTTP(S)).")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var install: InstallOptions

    @Option(help: "Repository URL: ssh://git@host/org/repo or http(s)://host/org/repo.") var url: String
    @Option(help: "Branch to commit to and follow.") var branch = "main"
    @Option(help: "Directory of this cluster in the repository, e.g. clusters/production.") var path: String
    @Option(name: .customLong("private-key-file"), help: "SSH private key for ssh:// URLs.") var privateKeyFile: String?
    @Option(name: .customLong("known-hosts-file"), help: "known_hosts for the SSH server (default: trust the host key seen on first use).")
    var knownHostsFile: String?
    @Option(name: [.customShort("u"), .long], help: "User name for HTTP(S) URLs.") var username: String?
    @Option(name: [.customShort("p"), .long], help: "Password or token for HTTP(S) URLs (or $FERRY_GIT_PASSWORD).") var password: String?
    @Option(help: "How often the cluster checks the repository.") var interval = "1m"
    @Option(name: .customLong("author-name"), help: "Commit author name.") var authorName = "Ferry"
    @Option(name: .customLong("author-email"), help: "Commit author e-mail.") var authorEmail = "ferry@localhost"
    @Option(name: .customLong("commit-message"), help: "Message of the commit with the manifests.")
    var commitMessage = "Add Ferry sync manifests"
    @Flag(name: .customLong("local-controllers"), help: "Run the controllers on this machine (`ferry controllers run`), not as a Deployment in the cluster.")
    var localControllers = false
    @Option(name: .customLong("run-controllers"), help: "With --local-controllers: start `ferry controllers run` here when none runs for this cluster (true|false, default true).")
    var runControllers: Bool?
    @Option(help: "Wait for the controllers' Deployment and the sync Kustomization to be ready (true|false).") var wait = true
    @Option(help: "How long to wait for the cluster to reconcile itself, e.g. 5m.") var timeout = "5m"

    func validate() throws {
        guard url.hasPrefix("ssh://") || url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ValidationError("--url must be an ssh://, http:// or https:// URL")
        }
        if url.hasPrefix("ssh://") && privateKeyFile == nil { throw ValidationError("--private-key-file is required for ssh:// URLs") }
        guard !BootstrapManifests.clean(path).isEmpty else { throw ValidationError("--path must name a directory, e.g. clusters/my-cluster") }
        guard GoDuration.parse(interval) != nil, GoDuration.parse(timeout) != nil else { throw ValidationError("--interval and --timeout take durations such as 1m") }
        if runControllers != nil && !localControllers {
            throw ValidationError("--run-controllers applies to --local-controllers only: without it the controllers run in the cluster")
        }
    }

    /// The components to commit and apply: the controllers' Deployment unless they run here.
    func spec() throws -> InstallSpec {
        var spec = try install.spec(namespace: cluster.ferryNamespace)
        spec.deployControllers = !localControllers
        return spec
    }

    func run() async throws {
        try await CLIError.reporting {
            let namespace = cluster.ferryNamespace
            let password = self.password ?? ProcessInfo.processInfo.environment["FERRY_GIT_PASSWORD"]
            let secretName: String? = (privateKeyFile != nil || username != nil || password != nil) ? namespace : nil
            let spec = try spec()
            let manifests = BootstrapManifests(spec: spec, url: url, branch: branch, path: path, interval: interval, secretName: secretName)
            let repository = BootstrapRepository(
                url: url, branch: branch, directory: NSTemporaryDirectory() + "ferry-bootstrap-" + UUID().uuidString,
                privateKeyFile: privateKeyFile, knownHostsFile: knownHostsFile, username: username, password: password,
                authorName: authorName, authorEmail: authorEmail)
            defer { repository.cleanUp() }
            if spec.deployControllers && wait { try await withClient(cluster) { try await refuseWithoutNodes($0, namespace: namespace) } }

            Say.action("cloning branch \"\(branch)\" from Git repository \"\(url)\"")
            Say.flush()
            try await repository.clone()
            Say.success("cloned repository")
            Say.action("generating component manifests in \"\(manifests.directory)\"")
            let files = try manifests.files()
            if try repository.write(files) {
                let commit = try await repository.commitAndPush(files.map(\.path), message: commitMessage)
                Say.success("committed component manifests to \"\(branch)\" (\"\(commit)\")")
                Say.success("pushed component manifests")
            } else {
                Say.success("component manifests are up to date")
            }

            try await withClient(cluster) { kube in
                Say.action("installing components in \"\(namespace)\" namespace")
                for object in try InstallManifests.all(spec) {
                    _ = try await kube.apply(object, fieldManager: "ferry", force: true)
                }
                try await waitForCRDs(kube)
                Say.success("installed components")
                if let secretName {
                    _ = try await kube.apply(try secret(named: secretName, namespace: namespace, password: password), fieldManager: "ferry", force: true)
                    Say.success("source secret \"\(namespace)/\(secretName)\" up to date")
                }
                for object in manifests.syncObjects() {
                    _ = try await kube.apply(object, fieldManager: "ferry", force: true)
                }
                Say.success("reconciled sync configuration")

                if localControllers {
                    try startLocalControllers(kube, namespace: namespace)
                } else if !wait {
                    Say.waiting("not waiting (--wait=false): the cluster reconciles the repository once Deployment "
                                + "\(namespace)/\(InstallSpec.deployment) runs, which needs a node that can pull \(spec.image)")
                    Say.success("bootstrap finished")
                    return
                } else {
                    Say.waiting("waiting for the controllers (Deployment \(namespace)/\(InstallSpec.deployment)) to be ready")
                    Say.flush()
                    try await InstallCommand.poll(ControllersRunCommand.duration(timeout), shown: timeout,
                                                  what: "Deployment \(namespace)/\(InstallSpec.deployment) was not ready (does the cluster have a node that can pull \(spec.image)?)") {
                        InstallCommand.rolledOut(try await kube.get(InstallPrunePlan.deployment, name: InstallSpec.deployment, namespace: namespace))
                    }
                    Say.success("\(InstallSpec.deployment): deployment ready")
                }
                if wait {
                    Say.waiting("waiting for Kustomization \"\(namespace)/\(namespace)\" to be reconciled")
                    Say.flush()
                    try await waitReady(kube, namespace: namespace)
                } else {
                    Say.waiting("not waiting (--wait=false) for Kustomization \"\(namespace)/\(namespace)\"")
                }
                Say.success("bootstrap finished")
            }
        }
    }

    /// Waiting for the Deployment on a cluster without a node would only time out: refused
    /// before anything is committed, naming the two ways that work there.
    func refuseWithoutNodes(_ kube: KubernetesClient, namespace: String) async throws {
        let nodes = try await kube.list(GroupVersionKind(group: "", version: "v1", kind: "Node"), options: ListOptions(limit: 1))
        guard nodes.items.isEmpty else { return }
        throw CLIMessage("the cluster has no node, so Deployment \(namespace)/\(InstallSpec.deployment) can never run and --wait would only time out: "
                         + "use --wait=false (commit and apply, the controllers start once a node joins) or --local-controllers (run them on this machine)")
    }

    /// `--local-controllers`: `ferry controllers run` on this machine, unless one already runs
    /// for this cluster (or `--run-controllers=false`).
    func startLocalControllers(_ kube: KubernetesClient, namespace: String) throws {
        guard runControllers ?? true else {
            Say.waiting("the controllers run on this machine (--local-controllers) and --run-controllers=false: start `ferry controllers run` yourself")
            return
        }
        let local = LocalControllers(server: kube.config.server)
        let (pid, started) = try local.start(kubeconfig: cluster.kubeconfig, context: cluster.context, namespace: namespace)
        Say.waiting("the controllers run on this machine (--local-controllers), not in the cluster: "
                    + "\(started ? "started" : "already running as") pid \(pid), log \(local.logFile)")
    }

    /// The Git credentials Secret in the format the source controller reads.
    func secret(named name: String, namespace: String, password: String?) throws -> JSONValue {
        var data: [String: String] = [:]
        if let privateKeyFile {
            data["identity"] = try String(contentsOfFile: privateKeyFile, encoding: .utf8)
            if let knownHostsFile { data["known_hosts"] = try String(contentsOfFile: knownHostsFile, encoding: .utf8) }
        }
        if let username { data["username"] = username }
        if let password { data["password"] = password }
        var encoded: JSONObject = [:]
        for (key, value) in data { encoded[key] = .string(Data(value.utf8).base64EncodedString()) }
        return ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": .string(name), "namespace": .string(namespace)],
                "type": "Opaque", "data": .object(encoded)]
    }

    func waitForCRDs(_ kube: KubernetesClient) async throws {
        let crdKind = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")
        for crd in try InstallManifests.crds() {
            let deadline = Date().addingTimeInterval(60)
            while try await kube.get(crdKind, name: crd.metadataName ?? "").condition("Established")?["status"]?.stringValue != "True" {
                guard Date() < deadline else { throw CLIMessage("CustomResourceDefinition \(crd.metadataName ?? "") was not established within 60s") }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        _ = try await kube.refreshDiscovery()
    }

    /// Waits until the sync Kustomization is Ready at its generation, printing each new phase.
    func waitReady(_ kube: KubernetesClient, namespace: String) async throws {
        let kind = GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: "Kustomization")
        let deadline = Date().addingTimeInterval(GoDuration.parse(timeout) ?? 300)
        var last = ""
        while true {
            let object = try? await kube.get(kind, name: namespace, namespace: namespace)
            let ready = object?.condition("Ready")
            let message = ready?["message"]?.stringValue ?? ""
            if let object, ready?["status"]?.stringValue == "True",
               object[path: "status", "observedGeneration"] == object[path: "metadata", "generation"] {
                Say.success(message)
                return
            }
            if !message.isEmpty && message != last {
                Say.waiting(message)
                Say.flush()
                last = message
            }
            if ready?["status"]?.stringValue == "False", object?.condition("Stalled")?["status"]?.stringValue == "True" {
                throw CLIMessage("Kustomization \(namespace)/\(namespace) failed: \(message)")
            }
            guard Date() < deadline else {
                throw CLIMessage("Kustomization \(namespace)/\(namespace) was not ready within \(timeout): \(message.isEmpty ? "no status yet (are the controllers running?)" : message)")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}
