import FerryAPI
import Manifests

/// `status.conditions` of one object, with Kubernetes' rules for changing them.
///
/// The one rule that matters to users: `lastTransitionTime` moves only when `status` flips, so
/// `kubectl wait` and dashboards can tell how long an object has been Ready or failing.
public struct Conditions: Sendable, Equatable {
    public enum Status: String, Sendable {
        case `true` = "True", `false` = "False", unknown = "Unknown"
    }

    public private(set) var all: [Condition]

    public init(_ conditions: [Condition] = []) {
        all = conditions
    }

    /// Reads `status.conditions` of an object (entries it cannot read are skipped).
    public init(of object: JSONValue) {
        self.init(json: object[path: "status", "conditions"])
    }

    public init(json: JSONValue?) {
        all = (json?.arrayValue ?? []).compactMap { c in
            guard let type = c["type"]?.stringValue, let status = c["status"]?.stringValue else { return nil }
            return Condition(type: type, status: status, observedGeneration: c["observedGeneration"]?.intValue,
                             lastTransitionTime: c["lastTransitionTime"]?.stringValue ?? "",
                             reason: c["reason"]?.stringValue ?? "", message: c["message"]?.stringValue ?? "")
        }
    }

    public subscript(type: String) -> Condition? { all.first { $0.type == type } }

    public func isTrue(_ type: String) -> Bool { self[type]?.status == Status.true.rawValue }
    public func isFalse(_ type: String) -> Bool { self[type]?.status == Status.false.rawValue }

    /// Sets a condition; keeps its `lastTransitionTime` when the status does not change.
    public mutating func set(_ type: String, _ status: Status, reason: String, message: String,
                             observedGeneration: Int?, now: Timestamp = .now) {
        var condition = Condition(type: type, status: status.rawValue, observedGeneration: observedGeneration,
                                  lastTransitionTime: now.rfc3339, reason: reason, message: Self.bounded(message))
        if let index = all.firstIndex(where: { $0.type == type }) {
            if all[index].status == condition.status { condition.lastTransitionTime = all[index].lastTransitionTime }
            all[index] = condition
        } else {
            all.append(condition)
        }
    }

    /// The longest message kept (Flux trims condition messages too; the CRD refuses more than
    /// 32768 characters, which would fail the whole status write).
    public static let maximumMessageLength = 20_000

    /// `message`, cut at ``maximumMessageLength`` characters with a marker saying so.
    static func bounded(_ message: String) -> String {
        guard message.count > maximumMessageLength else { return message }
        return String(message.prefix(maximumMessageLength)) + " … (message truncated)"
    }

    public mutating func remove(_ type: String) {
        all.removeAll { $0.type == type }
    }

    /// Ready/Reconciling/Stalled first (in that order), then the kind-specific ones as they came:
    /// the order `kubectl describe` shows and Flux writes.
    public var ordered: [Condition] {
        let head = [ConditionType.ready, ConditionType.reconciling, ConditionType.stalled]
        return head.compactMap { self[$0] } + all.filter { !head.contains($0.type) }
    }

    /// The JSON array for `status.conditions`.
    public var json: JSONValue {
        .array(ordered.map { c in
            var o: JSONValue = ["type": .string(c.type), "status": .string(c.status)]
            if let g = c.observedGeneration { o["observedGeneration"] = .int(g) }
            o["lastTransitionTime"] = .string(c.lastTransitionTime)
            o["reason"] = .string(c.reason)
            o["message"] = .string(c.message)
            return o
        })
    }
}
