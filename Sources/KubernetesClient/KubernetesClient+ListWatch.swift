import Logging
import Manifests

/// What a resilient list-and-watch delivers.
public enum ListWatchEvent: Sendable {
    /// The complete current set after a (re)list: replace whatever you held.
    case synced([JSONValue])
    case added(JSONValue)
    case modified(JSONValue)
    case deleted(JSONValue)
}

extension KubernetesClient {
    /// List, then watch from the list's version, forever (until the task is cancelled):
    /// reconnects from the last version seen when the stream ends or the server goes away
    /// (with backoff up to 30 s), and re-lists when the server says the version is gone (410).
    /// Nothing is missed: every reconnect resumes exactly where the last event left off, and a
    /// re-list hands over the whole current set.
    ///
    /// `resumeFrom` starts by watching from a version the caller already holds the state of
    /// (no initial list); if that version is gone the stream re-lists as usual.
    public func listWatch(_ gvk: GroupVersionKind, namespace: String? = nil, labelSelector: String? = nil,
                          fieldSelector: String? = nil, resumeFrom: String? = nil,
                          watchTimeoutSeconds: Int = 300) -> AsyncStream<ListWatchEvent> {
        let client = self
        let logger = transport.logger
        return AsyncStream { continuation in
            let task = Task {
                var version: String? = resumeFrom
                var failures = 0
                while !Task.isCancelled {
                    do {
                        if version == nil {
                            let list = try await client.listAll(gvk, namespace: namespace,
                                                                options: ListOptions(labelSelector: labelSelector, fieldSelector: fieldSelector))
                            continuation.yield(.synced(list.items))
                            version = list.resourceVersion
                        }
                        let stream = try await client.watch(gvk, namespace: namespace, resourceVersion: version,
                                                            labelSelector: labelSelector, fieldSelector: fieldSelector,
                                                            timeoutSeconds: watchTimeoutSeconds)
                        failures = 0  // connected: the next outage starts its backoff afresh
                        for try await event in stream {
                            switch event {
                            case .bookmark(let rv): version = rv
                            case .added(let o): version = o.resourceVersion ?? version; continuation.yield(.added(o))
                            case .modified(let o): version = o.resourceVersion ?? version; continuation.yield(.modified(o))
                            case .deleted(let o): version = o.resourceVersion ?? version; continuation.yield(.deleted(o))
                            }
                        }
                    } catch let error as APIError where error.isGone {
                        logger.debug("watch expired; re-listing", metadata: ["kind": "\(gvk.kind)"])
                        version = nil
                    } catch is CancellationError {
                        break
                    } catch {
                        failures += 1
                        let delay = min(30.0, 0.2 * Double(1 << min(failures, 8)))
                        logger.debug("watch failed; retrying", metadata: ["kind": "\(gvk.kind)", "error": "\(error)", "delay": "\(delay)"])
                        try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
