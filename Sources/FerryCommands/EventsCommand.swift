import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

/// `ferry events`: the Events Ferry's controllers recorded (and any others), oldest first.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "Show Kubernetes events, e.g. those of Ferry's objects.")
    @OptionGroup var cluster: ClusterOptions
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Across all namespaces.") var allNamespaces = false
    @Option(name: .customLong("for"), help: "Only the events of one object, as Kind/name (e.g. GitRepository/podinfo).") var forObject: String?

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                var selector: String?
                if let forObject {
                    let parts = forObject.split(separator: "/", maxSplits: 1).map(String.init)
                    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw CLIMessage("--for must look like Kind/name") }
                    selector = "involvedObject.kind=\(parts[0]),involvedObject.name=\(parts[1])"
                }
                let events = try await kube.listAll(GroupVersionKind(group: "", version: "v1", kind: "Event"),
                                                    namespace: allNamespaces ? nil : cluster.ferryNamespace,
                                                    options: ListOptions(fieldSelector: selector)).items
                    .sorted { lastSeen($0) < lastSeen($1) }
                guard !events.isEmpty else {
                    FileHandle.standardError.write(Data("no events found\n".utf8))
                    return
                }
                var table = Table(headers: (allNamespaces ? ["NAMESPACE"] : []) + ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"])
                for e in events {
                    let object = "\(e[path: "involvedObject", "kind"]?.stringValue ?? "")/\(e[path: "involvedObject", "name"]?.stringValue ?? "")"
                    let count = e["count"]?.intValue ?? 1
                    let seen = HumanDuration.age(of: lastSeen(e)) + (count > 1 ? " (x\(count))" : "")
                    let message = (e["message"]?.stringValue ?? "").replacingOccurrences(of: "\n", with: " ")
                    table.rows.append((allNamespaces ? [e.metadataNamespace ?? ""] : [])
                                      + [seen, e["type"]?.stringValue ?? "", e["reason"]?.stringValue ?? "", object, message])
                }
                print(table.render(), terminator: "")
            }
        }
    }

    func lastSeen(_ e: JSONValue) -> String {
        e["lastTimestamp"]?.stringValue ?? e["eventTime"]?.stringValue ?? e[path: "metadata", "creationTimestamp"]?.stringValue ?? ""
    }
}
