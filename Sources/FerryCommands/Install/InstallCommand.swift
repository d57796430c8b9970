import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

/// `ferry install`: the CRDs, the ferry-system namespace and RBAC, by server-side apply
/// (re-running it upgrades in place). `--export` prints them instead.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "Install or upgrade Ferry's CRDs, namespace and RBAC (the controllers run with `ferry controllers run`).")

    @OptionGroup var cluster: ClusterOptions
    @Flag(help: "Print the manifests instead of applying them.") var export = false

    func run() async throws {
        let manifests = try InstallManifests.all(namespace: cluster.ferryNamespace)
        if export {
            print(manifests.map { "---\n" + YAML.string($0) }.joined(), terminator: "")
            return
        }
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                Say.action("installing components in \(cluster.ferryNamespace) namespace")
                for object in manifests {
                    _ = try await kube.apply(object, fieldManager: "ferry", force: true)
                    Say.success("\(object.kind ?? "")/\(object.metadataName ?? "") applied")
                }
                Say.waiting("waiting for the CRDs to be established")
                Say.flush()
                let crdKind = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")
                for crd in try InstallManifests.crds() {
                    let deadline = Date().addingTimeInterval(60)
                    while true {
                        let live = try await kube.get(crdKind, name: crd.metadataName ?? "")
                        if live.condition("Established")?["status"]?.stringValue == "True" { break }
                        guard Date() < deadline else { throw CLIMessage("CustomResourceDefinition \(crd.metadataName ?? "") was not established within 60s") }
                        try await Task.sleep(for: .milliseconds(200))
                    }
                }
                Say.success("install finished")
            }
        }
    }
}

/// `ferry uninstall`: removes the CRDs (and so every Ferry object), the RBAC and the
/// namespace. Objects that Ferry applied to the cluster are left alone.
struct UninstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall", abstract: "Remove Ferry's CRDs, objects, RBAC and namespace; leave applied workloads.")

    @OptionGroup var cluster: ClusterOptions
    @Flag(name: [.short, .long], help: "Do not ask for confirmation.") var silent = false
    @Flag(name: .customLong("keep-namespace"), help: "Leave the ferry-system namespace.") var keepNamespace = false

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                if !silent {
                    guard isatty(0) != 0 else { throw CLIMessage("refusing to uninstall without confirmation; pass --silent") }
                    print("Are you sure you want to delete Ferry and its custom resource definitions? [y/N] ", terminator: "")
                    Say.flush()
                    guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else { throw CLIMessage("aborted") }
                }
                // Without controllers running nobody would remove the objects' finalizers, and the
                // CRDs' deletion would hang on them: take the finalizers off first (as flux does).
                let crds = try InstallManifests.crds()
                for crd in crds {
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
                var objects = try InstallManifests.all(namespace: cluster.ferryNamespace).reversed().map { $0 }
                if keepNamespace { objects.removeAll { $0.kind == "Namespace" } }
                for object in objects {
                    guard let gvk = object.groupVersionKind, let name = object.metadataName else { continue }
                    do {
                        try await kube.delete(gvk, name: name, namespace: object.metadataNamespace, options: DeleteOptions(propagationPolicy: .background))
                        Say.success("\(gvk.kind)/\(name) deleted")
                    } catch let error as APIError where error.isNotFound {
                        continue
                    }
                }
                Say.success("uninstall finished")
            }
        }
    }
}
