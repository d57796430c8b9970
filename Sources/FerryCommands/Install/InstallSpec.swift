import ArgumentParser
import Foundation

/// A controller `ferry install` can deploy, under Flux's component name, and the
/// `ferry controllers run` flag that switches it (all of them run in one process in Ferry).
enum InstallComponent: String, CaseIterable, Comparable, Sendable {
    case sourceController = "source-controller"
    case kustomizeController = "kustomize-controller"
    case helmController = "helm-controller"
    case imageReflectorController = "image-reflector-controller"
    case imageAutomationController = "image-automation-controller"

    /// The `ferry controllers run` option that turns this controller on or off.
    var enableFlag: String { "--enable-\(rawValue)" }

    /// Whether it applies what repositories hold, so needs Flux's `cluster-reconciler` binding
    /// (cluster-admin): Flux gives it to kustomize-controller and helm-controller only.
    var appliesObjects: Bool { self == .kustomizeController || self == .helmController }

    static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    /// `source-controller,kustomize-controller`; an unknown name (Flux's notification-controller
    /// among them: Ferry has none) fails naming it and the flag.
    static func parse(_ list: String, flag: String) throws -> Set<InstallComponent> {
        var result: Set<InstallComponent> = []
        for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let component = InstallComponent(rawValue: name) else {
                throw ValidationError("\(flag): unknown component '\(name)'; Ferry has \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result.insert(component)
        }
        return result
    }
}

/// What `ferry install` puts in the cluster, decided from its flags: the input of the pure
/// ``InstallManifests`` builder.
struct InstallSpec: Equatable, Sendable {
    var namespace = defaultFerryNamespace
    /// The controllers' image; the default is what `scripts/ferry-image build` tags.
    var image = InstallSpec.defaultImage
    var components: Set<InstallComponent> = Set(InstallComponent.allCases)
    /// False for `ferry bootstrap git --local-controllers`, whose controllers run on the machine: then no Deployment,
    /// Service or NetworkPolicy, only the CRDs, the namespace and the controllers' identity.
    var deployControllers = true
    /// False: the controllers watch their own namespace only (`--watch-namespace`).
    var watchAllNamespaces = true
    var networkPolicy = true
    var logLevel = "info"
    var clusterDomain = "cluster.local"

    static var defaultImage: String { "ferry.local/ferry:v\(FerryVersion.current)" }

    /// The ServiceAccount the controllers run as.
    static let serviceAccount = "ferry-controllers"
    /// The Deployment, and the `app` label of its pods.
    static let deployment = "ferry-controllers"
    /// The Service in front of the artifact server: Flux's name, so artifact URLs read alike.
    static let artifactService = "source-controller"

    static let metricsPort = 8080
    static let healthPort = 9440
    static let storagePort = 9090

    /// Where other pods fetch artifacts: the Service's fully qualified name (the trailing dot
    /// skips the resolver's search list, as Flux's `--storage-adv-addr` does).
    var storageAdvertisedAddress: String { "\(Self.artifactService).\(namespace).svc.\(clusterDomain)." }

    /// Whether any enabled controller applies objects (and so is bound to cluster-admin).
    var needsClusterReconciler: Bool { components.contains { $0.appliesObjects } }
}
