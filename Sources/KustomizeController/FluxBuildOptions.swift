import FerryAPI
import Foundation

/// The parts of a Kustomization's spec that change what `FluxBuild` produces: what Flux's
/// generator merges into the kustomization file, plus `commonMetadata`.
public struct FluxBuildOptions: Sendable, Equatable {
    /// Replaces the kustomization's `namespace`.
    public var targetNamespace: String?
    /// Replaces the kustomization's `namePrefix` / `nameSuffix` (not added to them).
    public var namePrefix: String?
    public var nameSuffix: String?
    /// Labels and annotations set on every object's top-level metadata after the build,
    /// overriding equal keys; selectors and pod templates are left alone.
    public var commonMetadata: CommonMetadata?
    /// Appended after the kustomization's own `patches`.
    public var patches: [KustomizePatch]
    /// Each replaces the kustomization's image entry of the same `name`, or is appended.
    public var images: [KustomizeImage]
    /// Appended after the kustomization's own `components`; local relative paths only.
    public var components: [String]
    /// Components that do not exist are left out instead of failing the build.
    public var ignoreMissingComponents: Bool
    /// Whether the build may clone remote bases and components (Git URLs in `resources` or
    /// `components`). A controller setting, not part of the spec: `false` is Flux's
    /// `--no-remote-bases`, which fails such a build naming the remote reference.
    public var allowRemoteBases = true
    /// `spec.buildMetadata` (`originAnnotations`, `transformerAnnotations`): replaces the
    /// kustomization's own list when not empty.
    public var buildMetadata: [String] = []
    /// Files the build reads from memory instead of disk (absolute, symlink-resolved paths):
    /// SOPS-encrypted generator and patch files decrypted by
    /// ``KustomizationDecryptor/decryptSources(root:path:components:)``; plaintext never goes to disk.
    public var fileContents: [String: Data] = [:]

    public init(spec: KustomizationSpec) {
        targetNamespace = spec.targetNamespace
        namePrefix = spec.namePrefix
        nameSuffix = spec.nameSuffix
        commonMetadata = spec.commonMetadata
        patches = spec.patches ?? []
        images = spec.images ?? []
        components = spec.components ?? []
        ignoreMissingComponents = spec.ignoreMissingComponents ?? false
        buildMetadata = spec.buildMetadata ?? []
    }

    /// No options: the directory is built as it is (a kustomization.yaml is still generated
    /// for a plain directory).
    public init() {
        patches = []
        images = []
        components = []
        ignoreMissingComponents = false
    }
}
