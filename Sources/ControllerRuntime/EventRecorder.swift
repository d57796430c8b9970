#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KubernetesClient
import Logging
import Manifests
import Synchronization

/// Records `core/v1` Events about the objects a controller reconciles — Flux emits one per
/// change and per failure, and notification-controller and `flux events` read them.
///
/// Repeats are aggregated like client-go's recorder: the same object, type, reason and message
/// within ``aggregationWindow`` bump `count` and `lastTimestamp` of the existing Event instead
/// of creating a new one, so a failing object that retries every few seconds leaves one Event
/// with a growing count rather than a flood.
///
/// Recording never throws: an event that cannot be written is logged (at debug) and dropped,
/// because a reconcile must not fail for want of an event.
public final class EventRecorder: Sendable {
    public enum EventType: String, Sendable {
        case normal = "Normal", warning = "Warning"
    }

    /// The controller name (`source-controller`): `source.component` and `reportingComponent`.
    public let component: String
    /// This process (pod name or hostname): `reportingInstance`.
    public let instance: String
    public let aggregationWindow: Double
    private let client: KubernetesClient
    private let logger: Logger
    private let clock: @Sendable () -> Timestamp
    private let recent = Mutex<[AggregationKey: Recent]>([:])

    struct AggregationKey: Hashable {
        var uid: String
        var objectKey: String
        var type: String
        var reason: String
        var message: String
    }

    struct Recent {
        var namespace: String
        var name: String
        var count: Int
        var lastSeen: Timestamp
    }

    /// `clock` stamps events and measures the aggregation window; tests pass one they advance
    /// by hand to cross the window without waiting for it.
    public init(client: KubernetesClient, component: String, instance: String = EventRecorder.hostname(),
                aggregationWindow seconds: Double = 600, logger: Logger = Logger(label: "ferry.events"),
                clock: @escaping @Sendable () -> Timestamp = { Timestamp.now }) {
        self.client = client
        self.component = component
        self.instance = instance
        self.aggregationWindow = seconds
        self.logger = logger
        self.clock = clock
    }

    /// Records an event about `object`. `reason` is CamelCase (`ReconciliationSucceeded`,
    /// `BuildFailed`); `message` is shown to users and must not contain secrets.
    public func record(_ object: JSONValue, type: EventType, reason: String, message: String) async {
        let now = clock()
        let namespace = object.metadataNamespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let key = AggregationKey(uid: object.uid ?? "", objectKey: "\(object.kind ?? "")/\(namespace)/\(object.metadataName ?? "")",
                                 type: type.rawValue, reason: reason, message: message)
        let window = aggregationWindow
        // Claim the aggregate (bumping its count) under the lock, write outside it.
        let existing: Recent? = recent.withLock { table in
            table = table.filter { now.secondsSince1970 - $0.value.lastSeen.secondsSince1970 < window }
            guard var hit = table[key] else { return nil }
            hit.count += 1
            hit.lastSeen = now
            table[key] = hit
            return hit
        }
        if let existing {
            do {
                _ = try await client.patch(GroupVersionKind(group: "", version: "v1", kind: "Event"), name: existing.name,
                                           namespace: existing.namespace, type: .merge,
                                           patch: ["count": .int(existing.count), "lastTimestamp": .string(now.rfc3339)])
                return
            } catch {
                // Gone (expired by the server's event TTL) or unwritable: start a new one.
                logger.debug("cannot update event; creating a new one", metadata: ["event": "\(existing.name)", "error": "\(error)"])
            }
        }
        let event = makeEvent(object, namespace: namespace, type: type, reason: reason, message: message, now: now)
        do {
            let created = try await client.create(event)
            recent.withLock { $0[key] = Recent(namespace: namespace, name: created.metadataName ?? "", count: 1, lastSeen: now) }
        } catch {
            logger.debug("cannot record event", metadata: ["reason": "\(reason)", "error": "\(error)"])
        }
    }

    func makeEvent(_ object: JSONValue, namespace: String, type: EventType, reason: String, message: String,
                   now: Timestamp) -> JSONValue {
        var involved: JSONValue = ["apiVersion": .string(object.apiVersion ?? ""), "kind": .string(object.kind ?? ""),
                                   "name": .string(object.metadataName ?? "")]
        if let ns = object.metadataNamespace, !ns.isEmpty { involved["namespace"] = .string(ns) }
        if let uid = object.uid { involved["uid"] = .string(uid) }
        if let rv = object.resourceVersion { involved["resourceVersion"] = .string(rv) }
        // client-go's naming: object name + a unique hex suffix.
        let suffix = String(UInt64(now.secondsSince1970 * 1e9), radix: 16) + String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string("\(object.metadataName ?? "object").\(suffix)"), "namespace": .string(namespace)],
            "involvedObject": involved,
            "reason": .string(reason),
            "message": .string(String(message.prefix(1024))),
            "type": .string(type.rawValue),
            "source": ["component": .string(component)],
            "reportingComponent": .string(component),
            "reportingInstance": .string(instance),
            "firstTimestamp": .string(now.rfc3339),
            "lastTimestamp": .string(now.rfc3339),
            "count": 1,
        ]
    }

    /// The host name, which in a pod is the pod name.
    public static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "ferry" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
