import Foundation
import KubernetesClient
import Manifests

/// `ferry logs` from the controllers' Pods, as `flux logs` reads them: the `manager` container's
/// log through the API server (`pods/NAME/log`), every Pod labelled
/// `app.kubernetes.io/part-of=ferry` in `--ferry-namespace` (shards included), through the same
/// filters and layout as the local log.
extension LogsCommand {
    static let podKind = GroupVersionKind(group: "", version: "v1", kind: "Pod")
    static let podSelector = "app.kubernetes.io/part-of=ferry"

    /// The controllers' Pods (names, sorted), or nil when there are none — or the cluster does
    /// not answer — so that the local log is read instead.
    func controllerPods(_ client: KubernetesClient) async -> [String]? {
        guard let pods = try? await client.list(Self.podKind, namespace: ferryNamespace,
                                                options: ListOptions(labelSelector: Self.podSelector)).items else { return nil }
        // A Pod whose container has not started yet has no log to read.
        let started = pods.filter { $0[path: "status", "containerStatuses"]?.arrayValue?.isEmpty == false }
        let names = started.compactMap(\.metadataName).sorted()
        return names.isEmpty ? nil : names
    }

    func logPath(pod: String) -> String {
        "/api/v1/namespaces/\(ferryNamespace)/pods/\(pod)/log"
    }

    func printPodLogs(_ pods: [String], client: KubernetesClient) async throws {
        guard follow else {
            // Each Pod's whole log, filtered; with several Pods (shards, a rollout) merged by time.
            var lines: [(String, String)] = []
            for pod in pods {
                let answer = try await client.send(.GET, logPath(pod: pod), query: [("container", "manager")])
                guard answer.status == 200 else {
                    throw CLIMessage("cannot read the log of Pod \(ferryNamespace)/\(pod): \(answer.status) \(String(buffer: answer.body).prefix(300))")
                }
                for line in String(buffer: answer.body).split(separator: "\n") {
                    guard let formatted = format(String(line)) else { continue }
                    lines.append((formatted.prefix { $0 != " " }.description, formatted))
                }
            }
            let sorted = pods.count > 1 ? lines.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
                                        : lines.map(\.1)
            let shown = tail > 0 ? Array(sorted.suffix(tail)) : sorted
            print(shown.joined(separator: "\n"), terminator: shown.isEmpty ? "" : "\n")
            return
        }
        // Followed: each Pod's stream as it comes (`--tail` is the server's, as in `flux logs`).
        let query: [(String, String)] = [("container", "manager"), ("follow", "true")] + (tail > 0 ? [("tailLines", String(tail))] : [])
        let (lines, sink) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let readers = pods.map { pod in
            Task { [path = logPath(pod: pod)] in
                do {
                    for try await line in try await client.streamLines(path, query: query) { sink.yield(line) }
                } catch {
                    sink.finish(throwing: error)
                }
            }
        }
        let all = Task {
            for reader in readers { await reader.value }
            sink.finish()
        }
        defer { all.cancel(); readers.forEach { $0.cancel() } }
        for try await line in lines {
            guard let formatted = format(String(decoding: line, as: UTF8.self)) else { continue }
            print(formatted)
            Say.flush()
        }
    }
}
