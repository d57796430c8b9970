import ArgumentParser
import KubernetesClient
import Manifests

/// `ferry check`: is this cluster one Ferry can run against, with the rights its controllers need?
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that the Kubernetes API is reachable, its version supported, and Ferry's permissions granted.")

    @OptionGroup var cluster: ClusterOptions

    @Flag(name: .long, help: "Only check the prerequisites (API reachable, version), not the permissions.")
    var pre = false

    /// Oldest Kubernetes Ferry supports (the API features it relies on: server-side apply GA,
    /// watch bookmarks, status subresources).
    static let minimumVersion = (major: 1, minor: 20)

    /// What the controllers do: (verb, group, resource, why).
    static let requiredPermissions: [(String, String, String, String)] = [
        ("create", "apiextensions.k8s.io", "customresourcedefinitions", "install Ferry's CRDs"),
        ("list", "", "namespaces", "find reconciled namespaces"),
        ("create", "", "namespaces", "create namespaces from Git"),
        ("watch", "source.toolkit.fluxcd.io", "gitrepositories", "watch GitRepositories"),
        ("watch", "kustomize.toolkit.fluxcd.io", "kustomizations", "watch Kustomizations"),
        ("get", "", "secrets", "read Git credentials and substitution values"),
        ("create", "", "events", "record events"),
        ("create", "coordination.k8s.io", "leases", "elect a leader"),
        ("patch", "*", "*", "apply any object from Git (server-side apply)"),
        ("delete", "*", "*", "prune objects removed from Git"),
        ("impersonate", "", "serviceaccounts", "reconcile as a tenant's service account"),
    ]

    func run() async throws {
        let ok = try await CLIError.reporting {
            try await withClient(cluster) { kube in try await check(kube) }
        }
        if !ok { throw ExitCode(1) }
    }

    func check(_ kube: KubernetesClient) async throws -> Bool {
        print("► checking prerequisites")
        let version: ServerVersion
        do {
            version = try await kube.serverVersion()
        } catch {
            print("✗ Kubernetes API at \(kube.config.server) is not reachable: \(error)")
            return false
        }
        let minor = Int(version.minor.filter(\.isNumber)) ?? 0
        let major = Int(version.major.filter(\.isNumber)) ?? 0
        let required = "\(Self.minimumVersion.major).\(Self.minimumVersion.minor).0"
        guard (major, minor) >= (Self.minimumVersion.major, Self.minimumVersion.minor) else {
            print("✗ Kubernetes \(version.gitVersion) is older than the oldest supported version, \(required)")
            return false
        }
        print("✔ Kubernetes \(version.gitVersion.drop { $0 == "v" }) >=\(required)")
        if pre {
            print("✔ prerequisites checks passed")
            return true
        }
        print("► checking permissions")
        var missing: [String] = []
        for (verb, group, resource, why) in Self.requiredPermissions {
            let allowed = try await kube.canI(verb: verb, group: group, resource: resource)
            let what = group.isEmpty ? resource : "\(resource).\(group)"
            if allowed {
                print("✔ can \(verb) \(what)")
            } else {
                print("✗ cannot \(verb) \(what) (needed to \(why))")
                missing.append("\(verb) \(what)")
            }
        }
        if !missing.isEmpty {
            print("✗ the current user lacks \(missing.count) permission\(missing.count == 1 ? "" : "s") Ferry's controllers need: \(missing.joined(separator: ", "))")
            return false
        }
        print("✔ all checks passed")
        return true
    }
}
