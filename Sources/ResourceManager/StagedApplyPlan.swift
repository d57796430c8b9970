import Manifests

/// The stages of Flux's `ApplyAllStaged`. Each stage is applied, and the first two waited
/// on, before the next starts: custom resources need their CRD established, namespaced
/// objects need their Namespace, and objects naming a class need the class.
public enum ApplyStage: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// CustomResourceDefinitions, Namespaces and ClusterRoles (`IsClusterDefinition`).
    case clusterDefinitions = 1
    /// Any kind whose name ends in `Class` (StorageClass, IngressClass, GatewayClass, …).
    case classDefinitions = 2
    /// Group-kinds named by `--custom-apply-stage-kinds`; applied without waiting.
    case customKinds = 3
    /// Everything else.
    case resources = 4

    public static func < (a: ApplyStage, b: ApplyStage) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .clusterDefinitions: return "cluster definitions"
        case .classDefinitions: return "class definitions"
        case .customKinds: return "custom kinds"
        case .resources: return "resources"
        }
    }

    /// Whether Flux waits for this stage's objects to become ready before the next stage.
    public var waitsForReadiness: Bool { self == .clusterDefinitions || self == .classDefinitions }

    /// The stage of one object, with `fluxcd/pkg/ssa/utils` `Is*` rules: CRDs and ClusterRoles
    /// match on kind (case-insensitive) and their API group; a Namespace only as core `v1`;
    /// the `Class` suffix is case-sensitive.
    public static func of(_ object: JSONValue, customKinds: Set<GroupKind> = []) -> ApplyStage {
        let kind = object.kind ?? ""
        let apiVersion = object.apiVersion ?? ""
        let lower = kind.lowercased()
        if (lower == "customresourcedefinition" && apiVersion.hasPrefix("apiextensions.k8s.io/"))
            || (lower == "namespace" && apiVersion == "v1")
            || (lower == "clusterrole" && apiVersion.hasPrefix("rbac.authorization.k8s.io/"))
        {
            return .clusterDefinitions
        }
        if kind.hasSuffix("Class") { return .classDefinitions }
        if let gvk = object.groupVersionKind, customKinds.contains(gvk.groupKind) { return .customKinds }
        return .resources
    }
}

/// Desired objects split into apply stages, each in ``ReconcileOrder``: the plan the apply
/// step carries out with server-side apply, stage by stage.
public struct StagedApplyPlan: Sendable {
    public struct Stage: Sendable {
        public var stage: ApplyStage
        public var objects: [JSONValue]
    }

    /// Non-empty stages in apply order.
    public var stages: [Stage]

    public init(objects: [JSONValue], customKinds: Set<GroupKind> = []) {
        var buckets: [ApplyStage: [JSONValue]] = [:]
        for object in objects { buckets[ApplyStage.of(object, customKinds: customKinds), default: []].append(object) }
        stages = ApplyStage.allCases.compactMap { stage in
            guard let objects = buckets[stage], !objects.isEmpty else { return nil }
            return Stage(stage: stage, objects: ReconcileOrder.sorted(objects))
        }
    }

    /// The objects of one stage (empty when the stage has none).
    public func objects(in stage: ApplyStage) -> [JSONValue] {
        stages.first { $0.stage == stage }?.objects ?? []
    }

    /// Every object in the order it will be applied.
    public var applyOrder: [JSONValue] { stages.flatMap(\.objects) }
}
