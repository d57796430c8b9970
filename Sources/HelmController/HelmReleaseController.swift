import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import ServiceLifecycle

/// The HelmRelease controller as `ferry controllers run` starts it, with the watch that wakes
/// a HelmRelease when its HelmChart has a new artifact (a new chart version) instead of
/// waiting for its interval.
public struct HelmReleaseController: Sendable {
    public let controller: Controller<StepReconcilerRuntime<HelmReleaseReconciler>>
    public let services: [any Service]

    public init(client: KubernetesClient, namespace: String?, requeueDependency: Duration, defaultServiceAccount: String? = nil,
                noCrossNamespaceRefs: Bool = false, kubeConfigAllowances: KubeConfigAllowances = KubeConfigAllowances(),
                controllerOptions: ControllerOptions,
                metrics: ControllerMetrics?, events: EventRecorder?, leader: LeaderElector?, localArtifacts: LocalArtifacts? = nil) {
        let cache = ObjectCache()
        var reconciler = HelmReleaseReconciler(client: client, values: KubernetesValuesReader(client: client),
                                               requeueDependency: requeueDependency)
        reconciler.defaultServiceAccount = defaultServiceAccount
        reconciler.noCrossNamespaceRefs = noCrossNamespaceRefs
        reconciler.fetcher.local = localArtifacts
        reconciler.remoteClusters = RemoteClusters(userAgent: "ferry-helm-controller", allowances: kubeConfigAllowances)
        controller = Controller(client: client, kind: HelmReleaseReconciler.gvk, namespace: namespace,
                                reconciler: reconciler.runtime(client: client, events: events), cache: cache,
                                options: controllerOptions, metrics: metrics, events: events, leader: leader)
        var services: [any Service] = [controller]
        services.append(controller.watching(HelmReleaseReconciler.helmChartKind, namespace: namespace, when: Self.chartChanged) { chart in
            Self.using(chart, in: cache)
        })
        // A `chartRef` OCIRepository or ExternalArtifact with a new artifact (or a new verdict);
        // a watch retries quietly while its kind's CRD is not installed.
        for kind in [OCIRepository.kind, ExternalArtifact.kind] {
            services.append(controller.watching(HelmReleaseReconciler.chartSourceKind(kind), namespace: namespace,
                                                when: Self.chartChanged) { source in
                Self.referencing(source, kind: kind, in: cache)
            })
        }
        // A dependency turning Ready wakes the HelmReleases that wait for it (`dependsOn`: other
        // HelmReleases, or Kustomizations named with `kind: Kustomization`).
        for kind in [HelmRelease.kind, Kustomization.kind] {
            guard let gvk = HelmReleaseReconciler.dependencyKinds[kind] else { continue }
            services.append(controller.watching(gvk, namespace: namespace, when: DependencyKey.readinessChanged) { dependency in
                DependencyKey.dependents(of: dependency, kind: kind, in: cache, ownKind: HelmRelease.kind)
            })
        }
        self.services = services
    }

    /// A new artifact — or a new verdict on the chart (Ready flipped or its message changed, a
    /// version that cannot be found): a waiting release then says why with the HelmChart's own
    /// words instead of what it saw before the HelmChart got to it.
    @Sendable static func chartChanged(_ old: JSONValue?, _ new: JSONValue) -> Bool {
        guard let old else { return true }
        let before = Conditions(of: old)[ConditionType.ready], after = Conditions(of: new)[ConditionType.ready]
        return SourceReferences.artifactChanged(old, new) || before?.status != after?.status || before?.message != after?.message
            || old[path: "status", "observedGeneration"] != new[path: "status", "observedGeneration"]
    }

    /// The HelmReleases whose `spec.chartRef` names `source` of `kind`.
    static func referencing(_ source: JSONValue, kind: String, in cache: ObjectCache) -> [ObjectKey] {
        guard let key = ObjectKey(source) else { return [] }
        return cache.list().compactMap { object in
            guard let own = ObjectKey(object), let ref = object[path: "spec", "chartRef"], ref["kind"]?.stringValue == kind,
                  ref["name"]?.stringValue == key.name, (ref["namespace"]?.stringValue ?? own.namespace) == key.namespace else { return nil }
            return own
        }
    }

    /// The HelmReleases whose `status.helmChart` (or `spec.chartRef`) is this HelmChart.
    static func using(_ chart: JSONValue, in cache: ObjectCache) -> [ObjectKey] {
        guard let key = ObjectKey(chart) else { return [] }
        let qualified = "\(key.namespace)/\(key.name)"
        return cache.list().compactMap { object in
            guard let own = ObjectKey(object) else { return nil }
            if object[path: "status", "helmChart"]?.stringValue == qualified { return own }
            if let ref = object[path: "spec", "chartRef"], ref["kind"]?.stringValue == HelmChart.kind, ref["name"]?.stringValue == key.name,
               (ref["namespace"]?.stringValue ?? own.namespace) == key.namespace { return own }
            // A HelmChart made from the template before the status says so.
            if object[path: "spec", "chart"] != nil, key.name == "\(own.namespace)-\(own.name)" { return own }
            return nil
        }
    }
}

/// `valuesFrom` ConfigMaps and Secrets over the API server.
public struct KubernetesValuesReader: ValuesSourceReader {
    public let client: KubernetesClient

    public init(client: KubernetesClient) { self.client = client }

    public func data(kind: String, name: String, namespace: String) async throws -> [String: [UInt8]]? {
        let object: JSONValue
        do { object = try await client.get(GroupVersionKind(group: "", version: "v1", kind: kind), name: name, namespace: namespace) } catch let error as APIError where error.isNotFound {
            return nil
        }
        var result: [String: [UInt8]] = [:]
        for (key, value) in object["data"]?.objectValue ?? [:] {
            guard let text = value.stringValue else { continue }
            if kind == "Secret" {
                guard let bytes = Data(base64Encoded: text) else { throw DecodeFailure(key: key) }
                result[key] = [UInt8](bytes)
            } else {
                result[key] = Array(text.utf8)
            }
        }
        return result
    }

    struct DecodeFailure: Error, CustomStringConvertible {
        var key: String
        var description: String { "key '\(key)' is not valid base64" }
    }
}
