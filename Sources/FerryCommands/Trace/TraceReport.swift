import Foundation
import Manifests

/// What `ferry trace` prints for one object: the object, the Kustomization that applied it,
/// that Kustomization's source — flux's trace layout (a blank first line, `---` between
/// sections, values aligned at column 18). A pure function of the three objects.
enum TraceReport {
    static func render(object: JSONValue, kustomization: JSONValue, source: JSONValue?) -> String {
        var lines = objectSection(object)
        func add(_ label: String, _ value: String) { lines.append(line(label, value)) }

        lines.append("---")
        add("Kustomization", kustomization.metadataName ?? "")
        add("Namespace", kustomization.metadataNamespace ?? "")
        if let target = kustomization[path: "spec", "targetNamespace"]?.stringValue, !target.isEmpty { add("Target", target) }
        add("Path", kustomization[path: "spec", "path"]?.stringValue ?? "")
        add("Revision", kustomization[path: "status", "lastAppliedRevision"]?.stringValue ?? "")
        status(kustomization, add)

        if let source { sourceSection(source, &lines) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The opening lines: a blank line, then the object and that Ferry manages it.
    static func objectSection(_ object: JSONValue) -> [String] {
        var lines = ["", line("Object", "\(object.kind ?? "")/\(object.metadataName ?? "")")]
        if let namespace = object.metadataNamespace, !namespace.isEmpty { lines.append(line("Namespace", namespace)) }
        lines.append(line("Status", "Managed by Ferry"))
        return lines
    }

    /// A source's section: kind and name, namespace, URL, the ref it follows, revision, status.
    static func sourceSection(_ source: JSONValue, _ lines: inout [String]) {
        func add(_ label: String, _ value: String) { lines.append(line(label, value)) }
        lines.append("---")
        add(source.kind ?? "", source.metadataName ?? "")
        add("Namespace", source.metadataNamespace ?? "")
        add("URL", source[path: "spec", "url"]?.stringValue ?? "")
        if let ref = source[path: "spec", "ref"] {
            if let tag = ref["tag"]?.stringValue {
                add("Tag", tag)
            } else if let semver = ref["semver"]?.stringValue {
                add("Tag", semver)
            } else if let branch = ref["branch"]?.stringValue {
                add("Branch", branch)
            }
        }
        if let revision = source[path: "status", "artifact", "revision"]?.stringValue { add("Revision", revision) }
        status(source, add)
    }

    /// `Label:` padded to column 18, then the value.
    static func line(_ label: String, _ value: String) -> String {
        (label + ":").padding(toLength: 17, withPad: " ", startingAt: 0) + value
    }

    /// `Status:` and `Message:` from the Ready condition, or `Status: Unknown` without one.
    static func status(_ object: JSONValue, _ add: (String, String) -> Void) {
        guard let ready = object.condition("Ready") else {
            add("Status", "Unknown")
            return
        }
        let at = goTime(ready["lastTransitionTime"]?.stringValue)
        add("Status", ready["status"]?.stringValue == "False" ? "Last reconciliation failed at \(at)" : "Last reconciled at \(at)")
        add("Message", ready["message"]?.stringValue ?? "")
    }

    /// An RFC 3339 time as Go's `time.Time.String()` prints it in UTC: `2026-01-01 00:00:00 +0000 UTC`.
    static func goTime(_ text: String?) -> String {
        guard let text, let date = ISO8601DateFormatter().date(from: text) else { return text ?? "" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date) + " +0000 UTC"
    }
}
