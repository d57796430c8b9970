import ArgumentParser
import FerryAPI
import HelmController
import KubernetesClient
import Manifests

/// `ferry trace`: from an object on the cluster back to the Kustomization that applied it
/// (its `kustomize.toolkit.fluxcd.io/name|namespace` labels) and that Kustomization's source,
/// or to the HelmRelease that released it (`helm.toolkit.fluxcd.io/name|namespace`), its
/// HelmChart and the chart's source (`TraceCommand+HelmRelease.swift`).
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace", abstract: "Trace an object on the cluster back to the Kustomization and source that applied it.",
        discussion: """
        Examples:
          ferry trace -n apps deployment/web
          ferry trace -n apps deployment web
          ferry trace web --kind Deployment --api-version apps/v1 -n apps
        """)

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "<resource>/<name> (repeatable), <resource> <name>, or <name> with --kind and --api-version.") var objects: [String]
    @Option(help: "The object's kind, e.g. Deployment (with --api-version).") var kind: String?
    @Option(name: .customLong("api-version"), help: "The object's API version, e.g. apps/v1 (with --kind).") var apiVersion: String?

    func validate() throws { _ = try targets() }

    /// What to look up: (resource or kind as typed, name).
    func targets() throws -> [(resource: String, name: String)] {
        if kind != nil || apiVersion != nil {
            guard let kind, apiVersion != nil else { throw ValidationError("give both --kind and --api-version, or neither") }
            guard objects.count == 1 else { throw ValidationError("with --kind and --api-version, name exactly one object") }
            return [(kind, objects[0])]
        }
        guard let first = objects.first else { throw ValidationError("name an object as <resource>/<name> or <resource> <name>") }
        if first.contains("/") {
            return try objects.map { arg in
                let parts = arg.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw ValidationError("name an object as <resource>/<name> or <resource> <name>, not \(arg)")
                }
                return (parts[0], parts[1])
            }
        }
        guard objects.count >= 2 else { throw ValidationError("name an object as <resource>/<name> or <resource> <name>") }
        return objects.dropFirst().map { (first, $0) }
    }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                for (i, target) in try targets().enumerated() {
                    if i > 0 { print("---") }
                    let mapping = try await resolve(target.resource, kube: kube)
                    let namespace = mapping.namespaced ? cluster.ferryNamespace : nil
                    let object = try await kube.getFound(mapping.gvk, name: target.name, namespace: namespace)
                    print(try await Self.trace(object, kube: kube), terminator: "")
                }
            }
        }
    }

    /// The kind to read: `--kind`/`--api-version` as given, else what kubectl would make of the
    /// resource argument (`deployment`, `deploy`, `deployments.apps`).
    func resolve(_ resource: String, kube: KubernetesClient) async throws -> ResourceMapping {
        if let apiVersion {
            let gvk = GroupVersionKind(apiVersion: apiVersion, kind: resource)
            if let exact = try? await kube.mapping(for: gvk) { return exact }
            let mapping = try await kube.restMapping()
            if let match = mapping.byGVK.values.first(where: { $0.gvk.apiVersion == apiVersion && $0.gvk.kind.lowercased() == resource.lowercased() }) {
                return match
            }
            throw CLIMessage("the server doesn't serve kind \(resource) in \(apiVersion)")
        }
        if let mapping = try await kube.restMapping().resolve(resource) { return mapping }
        // A CRD installed a moment ago is not in the first snapshot yet.
        guard let mapping = try await kube.refreshDiscovery().resolve(resource) else {
            throw CLIMessage("the server doesn't have a resource type \"\(resource)\"")
        }
        return mapping
    }

    /// The report for one object, or one sentence when Ferry did not apply it.
    static func trace(_ object: JSONValue, kube: KubernetesClient) async throws -> String {
        let labels = object[path: "metadata", "labels"]
        let id = "\(object.kind ?? "")/\(object.metadataNamespace.map { "\($0)/" } ?? "")\(object.metadataName ?? "")"
        guard let name = labels?["kustomize.toolkit.fluxcd.io/name"]?.stringValue,
              let namespace = labels?["kustomize.toolkit.fluxcd.io/namespace"]?.stringValue else {
            if let name = labels?[ReleaseObjects.nameLabel]?.stringValue, let namespace = labels?[ReleaseObjects.namespaceLabel]?.stringValue {
                return try await traceHelmRelease(object, id: id, name: name, namespace: namespace, kube: kube)
            }
            throw CLIMessage("\(id) is not managed by Ferry: it has no kustomize.toolkit.fluxcd.io or helm.toolkit.fluxcd.io name and namespace labels")
        }
        let kustomization: JSONValue
        do {
            kustomization = try await kube.get(Kustomization.gvk, name: name, namespace: namespace)
        } catch let error as APIError where error.isNotFound {
            throw CLIMessage("\(id) was applied by Kustomization \(namespace)/\(name), which no longer exists")
        }
        var source: JSONValue?
        if let ref = kustomization[path: "spec", "sourceRef"], ref["kind"]?.stringValue == FluxKind.gitRepository.gvk.kind {
            source = try await kube.getFound(FluxKind.gitRepository.gvk, name: ref["name"]?.stringValue ?? "",
                                             namespace: ref["namespace"]?.stringValue ?? namespace)
        }
        return TraceReport.render(object: object, kustomization: kustomization, source: source)
    }
}
