import Foundation

/// Why `FluxBuild.build` failed. Messages name the file (and line, for YAML) and the cause,
/// with every path relative to the artifact root: the temporary directory it was unpacked
/// into never shows, so the message is stable across reconciles and means something to the
/// author of the repository.
public struct FluxBuildError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `spec.path` does not exist in the artifact, is not a directory, or leaves it —
        /// Flux reports this as `ArtifactFailed` rather than `BuildFailed`.
        case path
        /// A kustomization.yaml could not be generated or merged (a file in a plain
        /// directory that is not Kubernetes YAML, a remote component…).
        case generate
        /// The kustomize build failed.
        case build
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// `message` with absolute paths under `roots` (spelled as given, and canonical)
    /// rewritten relative to the artifact: `<root>/apps/x.yaml` → `apps/x.yaml`, `<root>` → `.`.
    /// A longer path that merely starts with the same characters (`<root>2/x`) is left alone.
    static func relative(_ message: String, roots: [String]) -> String {
        var out = message
        for root in Set(roots).sorted(by: { $0.count > $1.count }) where root.count > 1 {
            var result = ""
            var rest = out[...]
            while let range = rest.range(of: root) {
                let after = rest[range.upperBound...]
                result += rest[..<range.lowerBound]
                if after.first == "/" {
                    rest = after.dropFirst()
                } else if after.first.map({ $0.isLetter || $0.isNumber || "-_.~".contains($0) }) == true {
                    result += root
                    rest = after
                } else {
                    result += "."
                    rest = after
                }
            }
            out = result + rest
        }
        return out
    }
}
