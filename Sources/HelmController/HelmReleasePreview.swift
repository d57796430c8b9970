import ControllerRuntime
import FerryAPI
import Foundation
import GoTemplate
import Helm
import KubernetesClient
import Manifests

/// A HelmRelease rendered as its reconciler would render it, with nothing released: the same
/// spec check (``HelmReleaseSettings``: a field the controller refuses is refused here, with
/// the same sentence), the same values (``ReleaseValues``), the same `Helm.renderRelease`
/// with the next revision and the cluster's capabilities, and the same ownership marks
/// (``ReleaseObjects``). `ferry build|diff helmrelease` show what this returns, so what they
/// print is what an install or upgrade would apply.
///
/// With a client, values come from the cluster's `valuesFrom` objects, the revision from
/// Helm's storage and namespaces from discovery. Without one (offline), `valuesFrom` is
/// skipped and named in ``Values/skipped``, the revision is 1, and a manifest object without a
/// namespace is taken as namespaced unless its kind is one of Kubernetes' built-in
/// cluster-scoped kinds (``clusterScopedKinds``).
public struct HelmReleasePreview: Sendable {
    public let release: HelmRelease
    let object: JSONValue
    let settings: HelmReleaseSettings
    let client: KubernetesClient?

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// What a render used: the revision and action it stands for, and what it produced.
    public struct Rendered: Sendable {
        public var revision: Int
        public var isUpgrade: Bool
        /// Helm's release manifest (non-hook documents in install order).
        public var manifest: String
        /// The manifest's objects as the controller applies them, in the same order.
        public var objects: [JSONValue]
        public var notes: String
    }

    public struct Values: Sendable {
        public var values: GoMap
        /// `valuesFrom` references left out because there was no cluster to read them from.
        public var skipped: [String]
    }

    public init(_ object: JSONValue, client: KubernetesClient?) throws(Failure) {
        do { release = try APIConversion.decode(HelmRelease.self, from: object) } catch {
            throw Failure("HelmRelease \(object.metadataNamespace ?? "")/\(object.metadataName ?? ""): \(error)")
        }
        do { settings = try HelmReleaseSettings(release) } catch { throw Failure(error.message) }
        if client != nil, release.spec.kubeConfig != nil {
            throw Failure("HelmRelease \(release.metadata.namespace ?? "")/\(release.metadata.name) releases into a remote cluster (spec.kubeConfig): the CLI does not preview remote releases yet")
        }
        self.object = object
        self.client = client
    }

    public var releaseName: String { settings.releaseName }
    public var targetNamespace: String { settings.targetNamespace }
    public var storageNamespace: String { settings.storageNamespace }
    var namespace: String { release.metadata.namespace ?? "default" }

    /// The HelmChart the release takes its chart from: `status.helmChart` when the controller
    /// recorded one, else where the controller puts it (the template's `<namespace>-<name>` in
    /// the source's namespace, or the `chartRef`).
    public var helmChart: (namespace: String, name: String) {
        if let recorded = release.status?.helmChart, let slash = recorded.firstIndex(of: "/") {
            return (String(recorded[..<slash]), String(recorded[recorded.index(after: slash)...]))
        }
        if let ref = release.spec.chartRef { return (ref.namespace ?? namespace, ref.name) }
        let sourceNamespace = release.spec.chart?.spec.sourceRef.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? namespace
        return (sourceNamespace, "\(namespace)-\(release.metadata.name)")
    }

    /// `valuesFrom` then `spec.values`, as the controller composes them — over the last
    /// deployed release's values under `upgrade.preserveValues`, as the controller's upgrade
    /// does — then each of `extra` merged over the result in order (later wins, as Helm's `-f`).
    public func values(extra: [GoMap] = [], history: [Release] = []) async throws(Failure) -> Values {
        let references = release.spec.valuesFrom ?? []
        var composed: GoMap
        var skipped: [String] = []
        do {
            if let client {
                composed = try await ReleaseValues.compose(references: references, inline: object[path: "spec", "values"],
                                                           namespace: namespace, reader: KubernetesValuesReader(client: client))
            } else {
                skipped = references.map { "\($0.kind)/\($0.name)" }
                composed = try await ReleaseValues.compose(references: [], inline: object[path: "spec", "values"],
                                                           namespace: namespace, reader: NoValues())
            }
        } catch {
            throw Failure("could not resolve values: \(error)")
        }
        if release.spec.upgrade?.preserveValues == true, let deployed = ReleaseStorage.lastDeployed(history) {
            composed = ValuesFilesMerge.mergeMaps(deployed.config ?? GoMap(), composed)
        }
        for values in extra { composed = ValuesFilesMerge.mergeMaps(composed, values) }
        return Values(values: composed, skipped: skipped)
    }

    /// The release's stored history (empty offline), read as the controller reads it.
    public func history() async throws(Failure) -> [Release] {
        guard let client else { return [] }
        do { return try await ReleaseStore(client: settings.client(client), namespace: storageNamespace).history(releaseName) } catch {
            throw Failure("failed to get last release revision: \(error)")
        }
    }

    /// Renders `chart` with `values` as the next release after `history`, passes the manifest
    /// through `spec.postRenderers` (``HelmReleaseRender``) and prepares its objects.
    public func render(chart: Chart, values: GoMap, history: [Release]) async throws(Failure) -> Rendered {
        let isUpgrade = ReleaseStorage.lastDeployed(history) != nil
        let revision = ReleaseStorage.nextVersion(history)
        var capabilities = Capabilities()
        if let client { capabilities = await HelmReleaseReconciler(client: client, values: NoValues()).capabilities() }
        let options = ReleaseRenderOptions(releaseName: releaseName, namespace: targetNamespace, revision: revision,
                                           isUpgrade: isUpgrade, capabilities: capabilities)
        var rendered: RenderedRelease
        let failure = "Helm \(isUpgrade ? "upgrade" : "install") failed for release \(targetNamespace)/\(releaseName) with chart \(chart.name)@\(chart.metadata.version)"
        do throws(HelmError) {
            rendered = try Helm.renderRelease(chart: chart, userValues: values, options: options)
        } catch {
            throw Failure("\(failure): \(error.message)")
        }
        do { rendered.manifest = try HelmReleaseRender.postRender(manifest: rendered.manifest, renderers: release.spec.postRenderers ?? []) } catch {
            throw Failure("\(failure): \(error)")
        }
        return Rendered(revision: revision, isUpgrade: isUpgrade, manifest: rendered.manifest,
                        objects: try await prepare(rendered.manifest), notes: rendered.notes)
    }

    /// A manifest's objects with namespaces filled in and the ownership marks set.
    public func prepare(_ manifest: String) async throws(Failure) -> [JSONValue] {
        let parsed: [JSONValue]
        do { parsed = try ReleaseObjects.parse(manifest) } catch { throw Failure("could not parse the release manifest: \(error)") }
        var objects = ReleaseObjects(releaseName: releaseName, releaseNamespace: targetNamespace,
                                     ownerName: release.metadata.name, ownerNamespace: namespace)
        objects.commonLabels = release.spec.commonMetadata?.labels ?? [:]
        objects.commonAnnotations = release.spec.commonMetadata?.annotations ?? [:]
        let client = self.client
        return await objects.prepare(parsed) { gvk in
            if let client { return (try? await client.mapping(for: gvk))?.namespaced }
            return !(gvk.group.isEmpty || gvk.group.hasSuffix(".k8s.io")) || !Self.clusterScopedKinds.contains(gvk.kind)
        }
    }

    /// Kubernetes' built-in cluster-scoped kinds: what an offline preview leaves without a namespace.
    public static let clusterScopedKinds: Set<String> = [
        "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        "StorageClass", "PriorityClass", "IngressClass", "RuntimeClass", "CSIDriver", "CSINode", "VolumeAttachment",
        "APIService", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding", "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration",
    ]
}

/// Offline: composing without references reads nothing.
private struct NoValues: ValuesSourceReader {
    func data(kind: String, name: String, namespace: String) async throws -> [String: [UInt8]]? { nil }
}
