import KubernetesClient
import Manifests

/// Flux's drift rules (`hasDrifted` in `fluxcd/pkg/ssa/manager_diff.go`): pure functions of
/// the live object and the server-side dry-run result of applying the desired object over it.
public enum Drift {
    /// Whether applying would change `live`: the dry-run has no resourceVersion (the object
    /// would be created), or its labels, annotations, or anything outside `metadata` and
    /// `status` differ from the live copy. Comparison is semantic like Go's
    /// `apiequality.Semantic.DeepEqual`: key order is irrelevant, `1` equals `1.0`, and a
    /// missing, null or empty map or list are the same.
    public static func hasDrifted(live: JSONValue?, dryRun: JSONValue) -> Bool {
        guard let rv = dryRun.resourceVersion, !rv.isEmpty, let live else { return true }
        for section in ["labels", "annotations"] {
            if !semanticallyEqual(dryRun[path: "metadata", section], live[path: "metadata", section]) { return true }
        }
        return !semanticallyEqual(stripped(dryRun), stripped(live))
    }

    static func stripped(_ object: JSONValue) -> JSONValue {
        var copy = object
        copy["metadata"] = nil
        copy["status"] = nil
        return copy
    }

    /// Order-insensitive equality with Go's semantic rules for empty values and numbers.
    public static func semanticallyEqual(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        // `Optional.none`, not `nil`: JSONValue is nil-literal-expressible (as `.null`).
        let a: JSONValue? = a.flatMap { isEmpty($0) ? Optional.none : $0 }
        let b: JSONValue? = b.flatMap { isEmpty($0) ? Optional.none : $0 }
        switch (a, b) {
        case (nil, nil): return true
        case (nil, _), (_, nil): return false
        case (.object(let x)?, .object(let y)?):
            let keys = Set(x.keys).union(y.keys)
            return keys.allSatisfy { semanticallyEqual(x[$0], y[$0]) }
        case (.array(let x)?, .array(let y)?):
            return x.count == y.count && zip(x, y).allSatisfy { semanticallyEqual($0, $1) }
        case (let x?, let y?):
            if let dx = x.doubleValue, let dy = y.doubleValue { return dx == dy }
            return x == y
        }
    }

    private static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .object(let o): return o.isEmpty
        case .array(let a): return a.isEmpty
        default: return false
        }
    }
}

/// Recognising and describing the API server's answers to a dry-run.
enum APIErrorText {
    /// An Invalid (422) answer that rejects a change to an immutable field: core validation's
    /// `field is immutable`, CEL's `... is immutable`, a Service's `spec.clusterIPs[0]: ...
    /// may not change once set`, and StatefulSet's
    /// `Forbidden: updates to statefulset spec for fields other than ... are forbidden`.
    ///
    /// Flux's `IsImmutableError` accepts *any* Invalid or Conflict answer, so with `force` it
    /// deletes an object whose new version is merely invalid, and then cannot re-create it.
    /// Ferry recreates only on a real immutable-field answer; other errors fail the stage.
    static func isImmutable(_ error: APIError) -> Bool {
        guard error.isInvalid else { return false }
        let texts = [error.message] + error.causes.map(\.message)
        return texts.contains { text in
            text.contains("immutable") || text.contains("may not change once set")
                || (text.contains("updates to") && text.contains("are forbidden"))
        }
    }

    /// `Kind/ns/name dry-run failed (Reason): message`, or Flux's `... not found: ...` and
    /// `... namespace not specified: ...` for NotFound answers.
    static func dryRunFailure(subject: String, error: any Error, namespaced: Bool, desired: JSONValue) -> String {
        guard let api = error as? APIError else { return "\(subject) dry-run failed: \(error)" }
        let text = masked(api.description, secret: desired)
        if api.isNotFound {
            if namespaced && (desired.metadataNamespace ?? "").isEmpty {
                return "\(subject) namespace not specified: \(text)"
            }
            return "\(subject) not found: \(text)"
        }
        return "\(subject) dry-run failed (\(api.reason)): \(text)"
    }

    /// Flux's NoMatch text for a kind the API server does not serve.
    static func noMatch(subject: String, gvk: GroupVersionKind) -> String {
        "\(subject) dry-run failed: no matches for kind \"\(gvk.kind)\" in version \"\(gvk.apiVersion)\""
    }

    static func immutable(subject: String, error: APIError, desired: JSONValue) -> String {
        "\(subject) dry-run failed (\(error.reason)): \(masked(error.description, secret: desired)); "
            + "the change touches an immutable field: set spec.force or annotate the object with "
            + "'\(FluxAnnotation.force): enabled' to recreate it"
    }

    /// Removes a Secret's values from a server message: the API server quotes offending values
    /// (`Invalid value: "..."`), and a Secret's data must never reach an event or a condition.
    static func masked(_ text: String, secret object: JSONValue) -> String {
        guard object.groupVersionKind?.group == "", object.kind == "Secret" else { return text }
        var out = text
        for section in ["data", "stringData"] {
            for (_, value) in object[section]?.objectValue ?? [:] {
                guard let s = value.stringValue, !s.isEmpty else { continue }
                out = s.count >= 3 ? out.replacingAll(s, with: "***") : out.replacingAll("\"\(s)\"", with: "\"***\"")
            }
        }
        return out
    }
}
