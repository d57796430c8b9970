import ControllerRuntime
import FerryAPI
import Foundation
import OCI

/// The choices of an OCIRepository spec, checked once before anything runs.
///
/// - `spec.interval` must be a Go duration (floored at 1 s); `spec.timeout` defaults to 60 s
///   (Flux's `GetTimeout`) and bounds each registry request.
/// - `spec.url` must be `oci://HOST[:PORT]/REPOSITORY` without a tag or digest (those go in
///   `spec.ref`): anything else stalls with URLInvalid.
/// - `spec.ref` is read in Flux's order: `digest` (must be `sha256:`/`sha512:` and hex), then
///   `semver` (a valid range; `semverFilter` a valid regular expression), then `tag`; `latest`
///   when none is set.
/// - `spec.layerSelector.operation` is `extract` (default) or `copy`.
/// - Refused as not supported by Ferry yet (Stalled, InvalidSpec): `spec.provider` `aws`,
///   `azure`, `gcp` (no cloud registry logins), `spec.verify` (no signature verification: an
///   artifact asked to be verified must not be handed out unverified) and `spec.serviceAccountName`
///   (image pull secrets of a service account are not read).
///
/// Violations stall with FetchFailed=True and InvalidSpec (or URLInvalid) naming the field.
struct OCIRepositorySettings: Equatable {
    /// What `spec.ref` asks for.
    enum Target: Equatable {
        case digest(String)
        case semver(String, filter: String?)
        case tag(String)
    }

    var interval: Duration
    var timeout: Duration
    var registry: String
    var repository: String
    var target: Target
    /// The effective layer selector (Flux's defaults: first layer, `extract`).
    var mediaType: String?
    var operation: String

    static let defaultTimeout: Duration = .seconds(60)

    init(spec: OCIRepositorySpec) throws(SourceError) {
        interval = max(GitRepositorySettings.minimumInterval, try GitRepositorySettings.duration(spec.interval, field: "spec.interval"))
        timeout = try spec.timeout.map { text throws(SourceError) in try GitRepositorySettings.duration(text, field: "spec.timeout") }
            ?? Self.defaultTimeout
        (registry, repository) = try Self.location(spec.url)
        target = try Self.target(spec.ref)
        mediaType = spec.layerSelector?.mediaType.flatMap { $0.isEmpty ? nil : $0 }
        operation = spec.layerSelector?.operation.flatMap { $0.isEmpty ? nil : $0 } ?? OCIRepository.operationExtract
        guard [OCIRepository.operationExtract, OCIRepository.operationCopy].contains(operation) else {
            throw GitRepositorySettings.invalid("spec.layerSelector.operation", operation, because: "must be extract or copy")
        }
        switch spec.provider ?? "generic" {
        case "generic", "": break
        case let cloud where ["aws", "azure", "gcp"].contains(cloud):
            throw HelmChartSettings.unsupported("spec.provider '\(cloud)'", because: "registry logins of cloud providers are not implemented; "
                                                + "use provider 'generic' with spec.secretRef")
        case let other:
            throw GitRepositorySettings.invalid("spec.provider", other, because: "must be generic, aws, azure or gcp")
        }
        if spec.verify != nil {
            throw HelmChartSettings.unsupported("spec.verify", because: "artifact signatures (cosign, notation) cannot be verified")
        }
        if let account = spec.serviceAccountName, !account.isEmpty {
            throw HelmChartSettings.unsupported("spec.serviceAccountName", because: "image pull secrets of service accounts are not read; "
                                                + "use spec.secretRef")
        }
    }

    /// `extract` when the layer's files are unpacked and archived again (with `spec.ignore`);
    /// `copy` stores the layer's bytes as they are.
    var extracts: Bool { operation == OCIRepository.operationExtract }

    /// The registry and repository of `oci://…`; URLInvalid otherwise.
    static func location(_ url: String) throws(SourceError) -> (registry: String, repository: String) {
        func invalid(_ why: String) -> SourceError {
            SourceError(.stalled, SourceCondition.fetchFailed, reason: SourceReason.urlInvalid,
                        message: "invalid OCI repository URL '\(url)': \(why)")
        }
        guard url.hasPrefix("oci://") else { throw invalid("scheme must be oci") }
        let reference: OCIReference
        do { reference = try OCIReference.parse(url) } catch {
            throw invalid(error.message.components(separatedBy: "': ").dropFirst().joined(separator: "': "))
        }
        guard reference.tag == nil, reference.digest == nil else {
            throw invalid("a tag or digest goes in spec.ref, not in the URL")
        }
        return (reference.registry, reference.repository)
    }

    /// `spec.ref` in Flux's precedence.
    static func target(_ ref: OCIRepositoryRef?) throws(SourceError) -> Target {
        if let digest = ref?.digest, !digest.isEmpty {
            guard OCIReference.isDigest(digest) else {
                throw GitRepositorySettings.invalid("spec.ref.digest", digest, because: "must be 'sha256:' and 64 hex digits or 'sha512:' and 128")
            }
            return .digest(digest)
        }
        if let range = ref?.semver, !range.isEmpty {
            do { _ = try SemverConstraint(range) } catch {
                throw GitRepositorySettings.invalid("spec.ref.semver", range, because: "\(error)")
            }
            let filter = ref?.semverFilter.flatMap { $0.isEmpty ? nil : $0 }
            if let filter {
                do { _ = try NSRegularExpression(pattern: filter) } catch {
                    throw GitRepositorySettings.invalid("spec.ref.semverFilter", filter, because: "not a valid regular expression")
                }
            }
            return .semver(range, filter: filter)
        }
        if let tag = ref?.tag, !tag.isEmpty {
            guard (try? OCIReference.parse("host/repo:" + tag)) != nil else {
                throw GitRepositorySettings.invalid("spec.ref.tag", tag, because: "must be 1–128 of [A-Za-z0-9_.-], not starting with '.' or '-'")
            }
            return .tag(tag)
        }
        return .tag("latest")
    }

    /// The whole reconcile's bound: the registry requests (each within the timeout), then storing.
    var reconcileDeadline: ReconcileDeadline {
        let format = { (d: Duration) in GoDuration.format(seconds: d / .seconds(1)) }
        return ReconcileDeadline(timeout * 2 + GitRepositorySettings.deadlineGrace,
                                 origin: "2 × spec.timeout \(format(timeout)) + \(format(GitRepositorySettings.deadlineGrace))")
    }
}
