import GoTemplate
import Sprig

/// `.Capabilities` as `helm template` sees it without a cluster: Helm's default capabilities
/// (Kubernetes v1.30.0, the API versions of client-go's scheme), overridden by
/// `--kube-version` and extended by `--api-versions`.
public struct Capabilities: Sendable {
    public var kubeVersion: KubeVersion
    /// Group versions (`apps/v1`) and, from `--api-versions`, group/version/kind strings.
    public var apiVersions: [String]
    public var helmVersion: HelmBuildInfo

    public init(kubeVersion: KubeVersion = .default, apiVersions: [String] = Capabilities.defaultAPIVersions,
                helmVersion: HelmBuildInfo = .current) {
        self.kubeVersion = kubeVersion
        self.apiVersions = apiVersions
        self.helmVersion = helmVersion
    }

    /// What client-go v0.30's scheme registers (plus the apiextensions groups), in Helm's
    /// order: `chartutil.DefaultVersionSet`.
    public static let defaultAPIVersions: [String] = [
        "v1",
        "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1", "admissionregistration.k8s.io/v1beta1",
        "internal.apiserver.k8s.io/v1alpha1",
        "apps/v1", "apps/v1beta1", "apps/v1beta2",
        "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1",
        "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
        "autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2",
        "batch/v1", "batch/v1beta1",
        "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1", "certificates.k8s.io/v1alpha1",
        "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1",
        "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1",
        "events.k8s.io/v1", "events.k8s.io/v1beta1",
        "extensions/v1beta1",
        "flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1",
        "flowcontrol.apiserver.k8s.io/v1beta2", "flowcontrol.apiserver.k8s.io/v1beta3",
        "networking.k8s.io/v1", "networking.k8s.io/v1alpha1", "networking.k8s.io/v1beta1",
        "node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1",
        "policy/v1", "policy/v1beta1",
        "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1",
        "resource.k8s.io/v1alpha2",
        "scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1",
        "storage.k8s.io/v1beta1", "storage.k8s.io/v1", "storage.k8s.io/v1alpha1",
        "storagemigration.k8s.io/v1alpha1",
        "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1",
    ]

    /// The template object (`chartutil.Capabilities`).
    public var object: GoValue { .object(CapabilitiesObject(self)) }
}

/// `.Capabilities.KubeVersion`.
public struct KubeVersion: Sendable, Equatable {
    public var version: String
    public var major: String
    public var minor: String

    public static let `default` = KubeVersion(version: "v1.30.0", major: "1", minor: "30")

    public init(version: String, major: String, minor: String) {
        self.version = version
        self.major = major
        self.minor = minor
    }

    /// `chartutil.ParseKubeVersion`: a semantic version, `v` optional; the error is Helm's
    /// `invalid kube version 'x': Invalid Semantic Version`.
    public static func parse(_ text: String) throws(HelmError) -> KubeVersion {
        guard let v = try? SemverVersion.parse(text) else {
            throw HelmError("invalid kube version '\(text)': Invalid Semantic Version")
        }
        return KubeVersion(version: "v" + v.string, major: String(v.major), minor: String(v.minor))
    }
}

/// `.Capabilities.HelmVersion` (`version.BuildInfo`): the Helm release Ferry renders as.
public struct HelmBuildInfo: Sendable {
    public var version = "v3.15.4"
    public var gitCommit = "fa9efb07d9d8debbb4306d72af76a383895aa8c4"
    public var gitTreeState = "clean"
    public var goVersion = "go1.22.6"
    public static let current = HelmBuildInfo()
}

final class CapabilitiesObject: GoObject {
    let caps: Capabilities
    init(_ caps: Capabilities) { self.caps = caps }
    var goTypeName: String { "*chartutil.Capabilities" }
    func field(_ name: String) -> GoValue? {
        switch name {
        case "KubeVersion": return .object(KubeVersionObject(caps.kubeVersion))
        case "APIVersions": return .object(VersionSetObject(caps.apiVersions))
        case "HelmVersion": return .object(BuildInfoObject(caps.helmVersion))
        default: return nil
        }
    }
    var goDescription: String {
        "&{\(KubeVersionObject(caps.kubeVersion).structForm) [\(caps.apiVersions.joined(separator: " "))] \(BuildInfoObject(caps.helmVersion).structForm)}"
    }
    var jsonValue: GoValue {
        .dict(["KubeVersion": KubeVersionObject(caps.kubeVersion).jsonValue,
               "APIVersions": .list(GoList(caps.apiVersions.map { .string($0) }, elementType: "string")),
               "HelmVersion": BuildInfoObject(caps.helmVersion).jsonValue])
    }
}

final class KubeVersionObject: GoObject {
    let kube: KubeVersion
    init(_ kube: KubeVersion) { self.kube = kube }
    var goTypeName: String { "chartutil.KubeVersion" }
    func field(_ name: String) -> GoValue? {
        switch name {
        case "Version": return .string(kube.version)
        case "Major": return .string(kube.major)
        case "Minor": return .string(kube.minor)
        default: return nil
        }
    }
    func method(_ name: String) -> GoFunction? {
        let version = kube.version
        switch name {
        case "String": return GoFunction("String", typeName: "func() string") { _ in .string(version) }
        case "GitVersion": return GoFunction("GitVersion", typeName: "func() string") { _ in .string(version) }
        default: return nil
        }
    }
    var goDescription: String { kube.version }
    var structForm: String { "{\(kube.version) \(kube.major) \(kube.minor)}" }
    var jsonValue: GoValue {
        .dict(["version": .string(kube.version), "major": .string(kube.major), "minor": .string(kube.minor)])
    }
}

/// `chartutil.VersionSet`: a `[]string` with `Has`.
final class VersionSetObject: GoObject {
    let versions: [String]
    init(_ versions: [String]) { self.versions = versions }
    var goTypeName: String { "chartutil.VersionSet" }
    var goKind: String { "slice" }
    func field(_ name: String) -> GoValue? { nil }
    func method(_ name: String) -> GoFunction? {
        guard name == "Has" else { return nil }
        let set = Set(versions)
        return GoFunction("Has", [.string], typeName: "func(string) bool") { args in
            .bool(set.contains(args.first?.stringValue ?? ""))
        }
    }
    var goDescription: String { "[" + versions.joined(separator: " ") + "]" }
    var sequence: [GoValue]? { versions.map { .string($0) } }
    var jsonValue: GoValue { .list(GoList(versions.map { .string($0) }, elementType: "string")) }
}

final class BuildInfoObject: GoObject {
    let info: HelmBuildInfo
    init(_ info: HelmBuildInfo) { self.info = info }
    var goTypeName: String { "version.BuildInfo" }
    func field(_ name: String) -> GoValue? {
        switch name {
        case "Version": return .string(info.version)
        case "GitCommit": return .string(info.gitCommit)
        case "GitTreeState": return .string(info.gitTreeState)
        case "GoVersion": return .string(info.goVersion)
        default: return nil
        }
    }
    var goDescription: String { structForm }
    var structForm: String { "{\(info.version) \(info.gitCommit) \(info.gitTreeState) \(info.goVersion)}" }
    var jsonValue: GoValue {
        .dict(["version": .string(info.version), "git_commit": .string(info.gitCommit),
               "git_tree_state": .string(info.gitTreeState), "go_version": .string(info.goVersion)])
    }
}
