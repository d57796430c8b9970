import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import PostBuild
import ResourceManager

extension KustomizationReconciler {
    static let configMapKind = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let secretKind = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    /// postBuild: variables from `substituteFrom` (in order, later ones win), then
    /// `substitute` (wins over all), applied to every object not marked
    /// `kustomize.toolkit.fluxcd.io/substitute: disabled`. ConfigMaps and Secrets are read as the
    /// Kustomization's service account, like everything else it touches. Values never appear in
    /// messages. `substituteStrategy` `WithVariables` (default) substitutes only when there are
    /// variables; `Always` substitutes regardless. Also `ferry build|diff kustomization`: without a
    /// `reader` (no cluster) `substituteFrom` is skipped and unknown variables are left as they
    /// are instead of failing.
    public static func substitute(_ objects: [JSONValue], _ postBuild: PostBuild, namespace: String, reader: (any ObjectReader)?,
                                  retryInterval: Duration) async throws(ReconcileError) -> [JSONValue] {
        var variables: [String: String] = [:]
        for ref in postBuild.substituteFrom ?? [] {
            guard let reader else { continue }
            let gvk: GroupVersionKind
            switch ref.kind {
            case "ConfigMap": gvk = Self.configMapKind
            case "Secret": gvk = Self.secretKind
            default:
                throw ReconcileError.stalled(reason: KustomizationReason.buildFailed,
                                             "substituteFrom kind '\(ref.kind)' of '\(ref.name)' is not supported: use ConfigMap or Secret")
            }
            let object: JSONValue
            do {
                object = try await reader.object(gvk, name: ref.name, namespace: namespace)
            } catch let error as APIError where error.isNotFound {
                if ref.optional == true { continue }
                throw ReconcileError.retry(after: retryInterval, reason: KustomizationReason.buildFailed,
                                           "substitute from '\(ref.kind)/\(ref.name)' error: \(ref.kind) '\(namespace)/\(ref.name)' not found")
            } catch let error as APIError {
                throw ReconcileError.retry(after: retryInterval, reason: KustomizationReason.buildFailed,
                                           "substitute from '\(ref.kind)/\(ref.name)' error: \(error.reason): \(error.message)")
            } catch {
                throw ReconcileError.retry(after: retryInterval, reason: KustomizationReason.buildFailed,
                                           "substitute from '\(ref.kind)/\(ref.name)' error: \(error)")
            }
            for (key, value) in object["data"]?.objectValue ?? [:] {
                guard let text = value.stringValue else { continue }
                if ref.kind == "Secret" {
                    guard let data = Data(base64Encoded: text) else { continue }
                    variables[key] = String(decoding: data, as: UTF8.self)
                } else {
                    variables[key] = text
                }
            }
        }
        for (key, value) in postBuild.substitute ?? [:] {
            variables[key] = value.replacingOccurrences(of: "\n", with: "")
        }
        let substitution: PostBuildSubstitution
        do {
            // `WithVariables` (the default): no variables, no substitution — `${…}` stays as written.
            // `Always`: substitute anyway, so `${var:=default}` takes its default.
            substitution = try PostBuildSubstitution(variables: variables, strict: reader != nil,
                                                     always: postBuild.substituteStrategy == SubstituteStrategy.always.rawValue)
        } catch {
            throw ReconcileError.stalled(reason: KustomizationReason.buildFailed, "postBuild: \(error)")
        }
        var result: [JSONValue] = []
        result.reserveCapacity(objects.count)
        for object in objects {
            do {
                result.append(try substitution.apply(to: object))
            } catch {
                let subject = object.objectID?.description ?? "object"
                throw ReconcileError.retry(after: retryInterval, reason: KustomizationReason.buildFailed,
                                           "post build failed for '\(subject)': \(error)")
            }
        }
        return result
    }
}
