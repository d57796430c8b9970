import Foundation
import Helm
import KubernetesClient
import Manifests

/// Helm releases in the cluster, through Helm's own `secrets` storage driver
/// (``ReleaseStorage``): what Ferry writes, `helm list`/`history` read, and the reverse.
public struct ReleaseStore: Sendable {
    public let client: KubernetesClient
    /// The namespace the release Secrets live in (`spec.storageNamespace`).
    public let namespace: String

    public init(client: KubernetesClient, namespace: String) {
        self.client = client
        self.namespace = namespace
    }

    static let secretKind = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    /// Every stored version of release `name`, oldest first. A record that cannot be decoded is
    /// an error naming its Secret, never skipped: acting on a partial history could undo a
    /// release Ferry cannot see.
    public func history(_ name: String) async throws -> [Release] {
        let list = try await client.listAll(Self.secretKind, namespace: namespace,
                                            options: ListOptions(labelSelector: ReleaseStorage.selector(name: name)))
        var releases: [Release] = []
        for secret in list.items {
            do { releases.append(try ReleaseStorage.release(fromSecret: secret)) } catch {
                throw StoreError(message: "failed to decode release Secret '\(namespace)/\(secret.metadataName ?? "")': \(error)")
            }
        }
        return ReleaseStorage.history(releases)
    }

    /// Stores a new version (Helm's `Create`).
    public func create(_ release: Release, now: Date = Date()) async throws {
        let secret = try ReleaseStorage.secret(for: release, storageNamespace: namespace, createdAt: Int(now.timeIntervalSince1970))
        _ = try await client.create(secret)
    }

    /// Replaces a stored version (Helm's `Update`: a status change, superseded).
    public func update(_ release: Release, now: Date = Date()) async throws {
        let secret = try ReleaseStorage.secret(for: release, storageNamespace: namespace, modifiedAt: Int(now.timeIntervalSince1970))
        do {
            _ = try await client.apply(secret, fieldManager: HelmReleaseFieldManager.name, force: true)
        } catch {
            throw StoreError(message: "failed to update release '\(release.name).v\(release.version)': \(error)")
        }
    }

    /// Deletes one stored version; one already gone counts as deleted.
    public func delete(_ name: String, version: Int) async throws {
        do {
            _ = try await client.delete(Self.secretKind, name: ReleaseStorage.secretName(release: name, version: version), namespace: namespace)
        } catch let error as APIError where error.isNotFound {
            return
        }
    }

    public struct StoreError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }
}

/// The field manager and labels of objects a HelmRelease applies (Flux's helm-controller's).
public enum HelmReleaseFieldManager {
    public static let name = "helm-controller"
}
