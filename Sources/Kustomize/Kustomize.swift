import Foundation
import Manifests

/// Native `kustomize build` (kustomize v5.5 semantics). See docs/kustomize-compatibility.md.
public enum Kustomize {
    /// Which files a kustomization may read (`--load-restrictor`).
    public enum LoadRestrictor: Sendable { case rootOnly, none }
    /// Final ordering of resources (`--reorder`); `nil` in options means "not given on the
    /// command line", letting a kustomization's `sortOptions` decide.
    public enum Reorder: Sendable { case legacy, none }

    /// The `kubectl kustomize` flags that change a build.
    public struct Options: Sendable {
        /// `--load-restrictor`: `rootOnly` (default) keeps every file a kustomization reads in
        /// or below its own directory.
        public var loadRestrictor: LoadRestrictor
        /// `--reorder`; a kustomization's `sortOptions` wins over it, as in kustomize.
        public var reorder: Reorder?
        /// `--enable-alpha-plugins`. Accepted for parity; exec/container KRM functions are out
        /// of scope, so plugins beyond kustomize's builtin ones fail either way.
        public var enableAlphaPlugins: Bool
        /// `--enable-managedby-label`: adds `app.kubernetes.io/managed-by` to every resource.
        public var enableManagedByLabel: Bool
        /// Receives kustomize's warnings (deprecated fields, conflicting sort settings), worded
        /// as kustomize words them; `kubectl kustomize` prints them on stderr.
        public var warningHandler: (@Sendable (String) -> Void)?
        /// Confines the whole build to this directory (Flux's `SecureBuild`): no file, base,
        /// component or symlink target outside it is read, even with `loadRestrictor: .none`.
        /// A reference that leaves it fails with `KustomizeError.loadRestriction` naming it.
        /// `nil` (the default, as `kubectl kustomize`): no such confinement.
        public var fileSystemRoot: String?
        /// Value of `app.kubernetes.io/managed-by` (kubectl's embedded kustomize says
        /// `kustomize-(devel)`; a released kustomize binary says e.g. `kustomize-v5.5.0`).
        public var managedByLabelValue = "kustomize-(devel)"
        /// Whether `resources`/`components` may name remote Git bases
        /// (`https://host/org/repo.git//dir?ref=v1`, `github.com/org/repo//dir`, `git@host:…`).
        /// `true` (the default, as kustomize and Flux): they are cloned with the git CLI for
        /// the build. `false` (Flux's `--no-remote-bases`): such an entry fails the build with
        /// `KustomizeError.remote` naming it.
        public var allowRemoteBases = true
        /// Contents read instead of the file at a path (absolute, symlink-resolved), after the
        /// same existence and load-restriction checks: how Flux's SOPS-encrypted generator and
        /// patch files are fed to the build decrypted, without plaintext ever touching the disk.
        public var fileContents: [String: Data] = [:]

        public init(loadRestrictor: LoadRestrictor = .rootOnly, reorder: Reorder? = nil,
                    enableAlphaPlugins: Bool = false, enableManagedByLabel: Bool = false,
                    warningHandler: (@Sendable (String) -> Void)? = nil, fileSystemRoot: String? = nil) {
            self.loadRestrictor = loadRestrictor
            self.fileSystemRoot = fileSystemRoot
            self.reorder = reorder
            self.enableAlphaPlugins = enableAlphaPlugins
            self.enableManagedByLabel = enableManagedByLabel
            self.warningHandler = warningHandler
        }
    }

    /// Builds the kustomization in `directory` into its final list of resources, in output
    /// order. Throws `KustomizeError`, naming the file (and line) and the field at fault.
    public static func build(directory: String, options: Options = Options()) throws -> [Resource] {
        var builder = Builder(options: options)
        defer { builder.fetcher.removeAll() }
        return try builder.buildTop(directory: directory)
    }

    /// Exactly what `kubectl kustomize` prints for these resources: each one as go-yaml v2
    /// writes it after kustomize's JSON round trip, separated by `---`.
    public static func render(_ resources: [Resource]) -> String {
        resources.map { KYAML.marshal($0.object) }.joined(separator: "---\n")
    }

    /// `build` then `render`.
    public static func buildYAML(directory: String, options: Options = Options()) throws -> String {
        render(try build(directory: directory, options: options))
    }
}
