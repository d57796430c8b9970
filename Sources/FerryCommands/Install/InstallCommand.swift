import ArgumentParser
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// `ferry install`: the CRDs, the namespace, the controllers' identity and rights, and the
/// controllers themselves as a Deployment (``InstallManifests``), by server-side apply — so
/// re-running it, with a new `--image` say, upgrades in place — then deletes what an earlier
/// install made that this one no longer wants (``InstallPrunePlan``). `--export` prints the
/// same list instead of applying it.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "Install or upgrade Ferry in a cluster: CRDs, namespace, RBAC and the controllers' Deployment.")

    @OptionGroup var cluster: ClusterOptions
    @Flag(help: "Print the manifests instead of applying them.") var export = false

    @OptionGroup var options: InstallOptions

    @Option(help: "Wait for the controllers' Deployment to be ready (true|false).")
    var wait = true

    @Option(help: "How long to wait for the CRDs and the controllers, such as 5m.")
    var timeout = "5m"

    func validate() throws {
        guard let seconds = GoDuration.parse(timeout), seconds.isFinite, seconds > 0, seconds <= ControllersRunCommand.maximumFlagSeconds else {
            throw ValidationError("--timeout \(timeout) is not a duration such as 5m")
        }
        _ = try spec()
    }

    func spec() throws -> InstallSpec { try options.spec(namespace: cluster.ferryNamespace) }

    func run() async throws {
        let spec = try spec()
        let manifests = try InstallManifests.all(spec)
        if export {
            print(manifests.map { "---\n" + YAML.string($0) }.joined(), terminator: "")
            return
        }
        let limit = ControllersRunCommand.duration(timeout)
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                Say.action("installing components in \(spec.namespace) namespace")
                for object in manifests {
                    _ = try await kube.apply(object, fieldManager: "ferry", force: true)
                    Say.success("\(object.kind ?? "")/\(object.metadataName ?? "") applied")
                }
                for object in InstallPrunePlan.obsolete(desired: manifests, live: try await Self.installed(kube, namespace: spec.namespace),
                                                        namespace: spec.namespace) {
                    try await Self.delete(object, kube)
                }
                Say.waiting("waiting for the CRDs to be established")
                Say.flush()
                let crdKind = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")
                for crd in try InstallManifests.crds() {
                    try await Self.poll(limit, shown: timeout, what: "CustomResourceDefinition \(crd.metadataName ?? "") was not established") {
                        try await kube.get(crdKind, name: crd.metadataName ?? "").condition("Established")?["status"]?.stringValue == "True"
                    }
                }
                if spec.deployControllers && wait {
                    Say.waiting("waiting for the controllers to be ready")
                    Say.flush()
                    try await Self.poll(limit, shown: timeout, what: "Deployment \(spec.namespace)/\(InstallSpec.deployment) was not ready") {
                        Self.rolledOut(try await kube.get(InstallPrunePlan.deployment, name: InstallSpec.deployment, namespace: spec.namespace))
                    }
                    Say.success("\(InstallSpec.deployment): deployment ready")
                }
                Say.success("install finished")
            }
        }
    }

    /// Install's objects in the cluster: the kinds it makes, under its labels (and the legacy ones').
    static func installed(_ kube: KubernetesClient, namespace: String) async throws -> [JSONValue] {
        var live: [JSONValue] = []
        for gvk in InstallPrunePlan.kinds {
            let scope = InstallPrunePlan.namespacedKinds.contains(gvk.kind) ? namespace : nil
            for selector in InstallPrunePlan.selectors(namespace: namespace) {
                live += try await kube.listAll(gvk, namespace: scope, options: ListOptions(labelSelector: selector)).items.map { item in
                    var item = item
                    item["apiVersion"] = .string(gvk.group.isEmpty ? gvk.version : "\(gvk.group)/\(gvk.version)")
                    item["kind"] = .string(gvk.kind)
                    return item
                }
            }
        }
        return live
    }

    /// Deletes `object` if it is there; whether it was.
    @discardableResult
    static func delete(_ object: JSONValue, _ kube: KubernetesClient) async throws -> Bool {
        guard let gvk = object.groupVersionKind, let name = object.metadataName else { return false }
        do {
            _ = try await kube.delete(gvk, name: name, namespace: object.metadataNamespace, options: DeleteOptions(propagationPolicy: .background))
            Say.success("\(gvk.kind)/\(name) deleted")
            return true
        } catch let error as APIError where error.isNotFound {
            return false
        }
    }

    /// kstatus's rule for a Deployment: the controller saw this generation and every replica is
    /// updated and available.
    static func rolledOut(_ deployment: JSONValue) -> Bool {
        let replicas = deployment[path: "spec", "replicas"]?.intValue ?? 1
        let status = deployment["status"]
        return (status?["observedGeneration"]?.intValue ?? 0) >= (deployment[path: "metadata", "generation"]?.intValue ?? 1)
            && (status?["updatedReplicas"]?.intValue ?? 0) == replicas
            && (status?["availableReplicas"]?.intValue ?? 0) == replicas
            && (status?["replicas"]?.intValue ?? 0) == replicas
    }

    /// Asks `done` until it says yes; past `limit` fails with "`what` within `shown`".
    static func poll(_ limit: Duration, shown: String, what: String, _ done: () async throws -> Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while try await !done() {
            guard clock.now < deadline else { throw CLIMessage("\(what) within \(shown)") }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
