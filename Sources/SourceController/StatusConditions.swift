import FerryAPI
import Foundation

/// Editing a status' conditions the way Flux's `conditions` helpers do: setting a condition keeps
/// its `lastTransitionTime` unless its status changes.
struct StatusConditions: Sendable {
    var list: [Condition]
    var generation: Int?
    var now: String

    init(_ list: [Condition]?, generation: Int?, now: String) {
        self.list = list ?? []
        self.generation = generation
        self.now = now
    }

    func get(_ type: String) -> Condition? { list.first { $0.type == type } }
    func isTrue(_ type: String) -> Bool { get(type)?.status == "True" }
    func isFalse(_ type: String) -> Bool { get(type)?.status == "False" }

    mutating func mark(_ type: String, _ status: Bool?, reason: String, message: String) {
        let statusText = status.map { $0 ? "True" : "False" } ?? "Unknown"
        var condition = Condition(type: type, status: statusText, observedGeneration: generation, lastTransitionTime: now,
                                  reason: reason, message: message)
        if let index = list.firstIndex(where: { $0.type == type }) {
            if list[index].status == statusText { condition.lastTransitionTime = list[index].lastTransitionTime }
            list[index] = condition
        } else {
            list.append(condition)
        }
    }

    mutating func markTrue(_ type: String, reason: String, message: String) { mark(type, true, reason: reason, message: message) }
    mutating func markFalse(_ type: String, reason: String, message: String) { mark(type, false, reason: reason, message: message) }
    mutating func delete(_ type: String) { list.removeAll { $0.type == type } }

    /// Ready first, then Reconciling and Stalled, then the rest in Flux's order.
    var sorted: [Condition] {
        let order = [ConditionType.ready, ConditionType.reconciling, ConditionType.stalled, SourceCondition.fetchFailed,
                     SourceCondition.includeUnavailable, SourceCondition.storageOperationFailed, SourceCondition.artifactOutdated,
                     SourceCondition.sourceVerified, SourceCondition.artifactInStorage]
        return list.sorted { (order.firstIndex(of: $0.type) ?? order.count) < (order.firstIndex(of: $1.type) ?? order.count) }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
