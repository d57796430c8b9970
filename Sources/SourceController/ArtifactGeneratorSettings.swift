import ControllerRuntime
import FerryAPI

/// The checks of an ArtifactGenerator spec made once before anything is read (the rules of
/// source-watcher's CRD and `validateSpec`), each violation a stall with Ready=False /
/// ValidationFailed naming the field:
///
/// - `spec.sources` and `spec.artifacts` are not empty; aliases are lower-case alphanumerics,
///   `_` and `-` (starting and ending alphanumeric, at most 63) and unique;
/// - a source's kind is GitRepository, OCIRepository, HelmChart or ExternalArtifact (`Bucket`
///   is refused as not supported by Ferry yet: there is no Bucket source);
/// - artifact names are DNS-1123 names, unique; `revision` and `originRevision` are `@<alias>`
///   of a declared source; every copy has `from: @<declared alias>/…`, `to: @artifact/…`
///   without `..`, a known strategy and exclude patterns that parse.
struct ArtifactGeneratorSettings: Equatable {
    static let sourceKinds = [GitRepository.kind, OCIRepository.kind, HelmChart.kind, ExternalArtifact.kind]

    /// Source aliases in spec order.
    var aliases: [String]

    init(spec: ArtifactGeneratorSpec) throws(ReconcileError) {
        guard !spec.sources.isEmpty else { throw Self.invalid("spec.sources must list at least one source") }
        guard !spec.artifacts.isEmpty else { throw Self.invalid("spec.artifacts must list at least one artifact") }
        var aliases: [String] = []
        for (index, source) in spec.sources.enumerated() {
            let field = "spec.sources[\(index)]"
            guard Self.isAlias(source.alias) else {
                throw Self.invalid("\(field).alias '\(source.alias)' must be lower-case alphanumerics, '_' or '-', starting and ending alphanumeric")
            }
            guard !aliases.contains(source.alias) else { throw Self.invalid("\(field).alias '\(source.alias)' is used twice") }
            aliases.append(source.alias)
            if source.kind == "Bucket" {
                throw ReconcileError.stalled(reason: ArtifactGeneratorReason.validationFailed,
                                             "\(field).kind 'Bucket' is not supported by Ferry yet: there is no Bucket source")
            }
            guard Self.sourceKinds.contains(source.kind) else {
                throw Self.invalid("\(field).kind '\(source.kind)' must be one of \(Self.sourceKinds.joined(separator: ", "))")
            }
            guard !source.name.isEmpty else { throw Self.invalid("\(field).name must not be empty") }
        }
        var names: Set<String> = []
        for (index, artifact) in spec.artifacts.enumerated() {
            let field = "spec.artifacts[\(index)]"
            guard Self.isName(artifact.name) else { throw Self.invalid("\(field).name '\(artifact.name)' is not a valid object name") }
            guard names.insert(artifact.name).inserted else { throw Self.invalid("\(field).name '\(artifact.name)' is used twice") }
            for (key, value) in [("revision", artifact.revision), ("originRevision", artifact.originRevision)] {
                guard let value, !value.isEmpty else { continue }
                guard value.hasPrefix("@"), aliases.contains(String(value.dropFirst())) else {
                    throw Self.invalid("\(field).\(key) '\(value)' must be '@<alias>' of a source in spec.sources")
                }
            }
            guard !artifact.copy.isEmpty else { throw Self.invalid("\(field).copy must list at least one operation") }
            for (opIndex, operation) in artifact.copy.enumerated() {
                let spec: CopyOperationSpec
                do throws(ArtifactGeneratorBuild.Failure) { spec = try CopyOperationSpec(operation) } catch {
                    throw Self.invalid("\(field).copy[\(opIndex)]: \(error.description)")
                }
                guard aliases.contains(spec.alias) else {
                    throw Self.invalid("\(field).copy[\(opIndex)].from '\(operation.from)' names no source alias in spec.sources")
                }
            }
        }
        self.aliases = aliases
    }

    static func invalid(_ message: String) -> ReconcileError {
        .stalled(reason: ArtifactGeneratorReason.validationFailed, message)
    }

    static func isAlias(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        guard (1...63).contains(chars.count), let first = chars.first, let last = chars.last,
              isLowerAlnum(first), isLowerAlnum(last) else { return false }
        return chars.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    static func isName(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        guard (1...253).contains(chars.count), let first = chars.first, let last = chars.last,
              isLowerAlnum(first), isLowerAlnum(last) else { return false }
        return chars.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    private static func isLowerAlnum(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
    }
}
