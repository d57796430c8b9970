import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

/// `ferry uninstall`: removes what `ferry install` made — the controllers, their Service,
/// NetworkPolicies, RBAC and ServiceAccount, the CRDs (and so every Ferry object) and the
/// namespace. What Ferry's Kustomizations and HelmReleases applied stays, as with Flux.
///
/// The order is what keeps it so: the controllers are stopped and lose their rights first, so
/// nothing is left running that could act on a Kustomization's deletion (and prune what it
/// applied); then the objects' finalizers are taken off, and only then are the CRDs deleted.
struct UninstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall", abstract: "Remove Ferry's controllers, CRDs, objects, RBAC and namespace; leave applied workloads.")

    @OptionGroup var cluster: ClusterOptions
    @Flag(name: [.short, .long], help: "Do not ask for confirmation.") var silent = false
    @Flag(name: .customLong("keep-namespace"), help: "Leave the ferry-system namespace.") var keepNamespace = false

    /// How long to wait for the controllers' pods to go: their grace period and some.
    static let stopLimit: Duration = .seconds(90)

    func run() async throws {
        let namespace = cluster.ferryNamespace
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                if !silent {
                    guard isatty(0) != 0 else { throw CLIMessage("refusing to uninstall without confirmation; pass --silent") }
                    print("Are you sure you want to delete Ferry and its custom resource definitions? [y/N] ", terminator: "")
                    Say.flush()
                    guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else { throw CLIMessage("aborted") }
                }
                // Everything a full install would make here, and whatever an earlier one left.
                let full = try InstallManifests.all(InstallSpec(namespace: namespace)).filter {
                    $0.kind != "CustomResourceDefinition" && $0.kind != "Namespace"
                }
                let live = try await InstallCommand.installed(kube, namespace: namespace)
                let objects = InstallPrunePlan.obsolete(desired: [], live: full + live, namespace: namespace)
                for object in objects {
                    if try await InstallCommand.delete(object, kube), object.kind == "Deployment" {
                        try await waitForPodsToStop(kube, namespace: namespace)
                    }
                }
                try await removeFinalizers(kube)
                var rest = try InstallManifests.crds()
                if !keepNamespace { rest.append(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]]) }
                for object in rest { try await InstallCommand.delete(object, kube) }
                Say.success("uninstall finished")
            }
        }
    }

    /// Waits (up to ``stopLimit``) until no controller pod is left, so none acts on what follows.
    func waitForPodsToStop(_ kube: KubernetesClient, namespace: String) async throws {
        let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")
        let selector = "app=\(InstallSpec.deployment)"
        Say.waiting("waiting for the controllers to stop")
        Say.flush()
        try await InstallCommand.poll(Self.stopLimit, shown: "90s", what: "the controllers' pods in \(namespace) did not stop") {
            try await kube.list(pod, namespace: namespace, options: ListOptions(labelSelector: selector)).items.isEmpty
        }
    }

    /// Without controllers running nobody would remove the objects' finalizers, and the CRDs'
    /// deletion would hang on them: take the finalizers off first (as flux does).
    func removeFinalizers(_ kube: KubernetesClient) async throws {
        for crd in try InstallManifests.crds() {
            guard let group = crd[path: "spec", "group"]?.stringValue, let kind = crd[path: "spec", "names", "kind"]?.stringValue,
                  let version = crd[path: "spec", "versions"]?[0]?["name"]?.stringValue else { continue }
            let gvk = GroupVersionKind(group: group, version: version, kind: kind)
            guard let list = try? await kube.listAll(gvk) else { continue }
            for object in list.items where !(object[path: "metadata", "finalizers"]?.arrayValue ?? []).isEmpty {
                _ = try await kube.patch(gvk, name: object.metadataName ?? "", namespace: object.metadataNamespace,
                                         type: .merge, patch: ["metadata": ["finalizers": nil]])
                Say.success("\(kind)/\(object.metadataNamespace ?? "")/\(object.metadataName ?? "") finalizers removed")
            }
        }
    }
}
