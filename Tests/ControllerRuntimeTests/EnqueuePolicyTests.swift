import ControllerRuntime
import Manifests
import Testing

@Suite struct EnqueuePolicyTests {
    static let base: JSONValue = [
        "apiVersion": "example.com/v1", "kind": "Widget",
        "metadata": ["name": "w", "namespace": "ns", "generation": 1, "resourceVersion": "10"],
        "spec": ["size": 1],
    ]

    static func edited(_ change: (inout JSONValue) -> Void) -> JSONValue {
        var o = base
        change(&o)
        return o
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var old: JSONValue?
        var new: JSONValue
        var enqueue: Bool
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "first sight", old: nil, new: base, enqueue: true),
        Row(name: "generation change", old: base, new: edited { $0[path: "metadata", "generation"] = 2; $0[path: "spec", "size"] = 2 }, enqueue: true),
        Row(name: "status only (our own patch)", old: base,
            new: edited { $0["status"] = ["observedGeneration": 1]; $0[path: "metadata", "resourceVersion"] = "11" }, enqueue: false),
        Row(name: "label only", old: base, new: edited { $0[path: "metadata", "labels"] = ["a": "b"] }, enqueue: false),
        Row(name: "requestedAt set", old: base,
            new: edited { $0[path: "metadata", "annotations"] = ["reconcile.fluxcd.io/requestedAt": "2026-11-25T10:00:00Z"] }, enqueue: true),
        Row(name: "requestedAt unchanged", old: edited { $0[path: "metadata", "annotations"] = ["reconcile.fluxcd.io/requestedAt": "x"] },
            new: edited { $0[path: "metadata", "annotations"] = ["reconcile.fluxcd.io/requestedAt": "x"]; $0["status"] = [:] }, enqueue: false),
        Row(name: "deletion started", old: base,
            new: edited { $0[path: "metadata", "deletionTimestamp"] = "2026-11-25T10:00:00Z" }, enqueue: true),
        Row(name: "kind without generation: data change", old: ["kind": "ConfigMap", "metadata": ["name": "c", "resourceVersion": "1"], "data": ["a": "1"]],
            new: ["kind": "ConfigMap", "metadata": ["name": "c", "resourceVersion": "2"], "data": ["a": "2"]], enqueue: true),
        Row(name: "kind without generation: nothing but resourceVersion", old: ["kind": "ConfigMap", "metadata": ["name": "c", "resourceVersion": "1"]],
            new: ["kind": "ConfigMap", "metadata": ["name": "c", "resourceVersion": "2"]], enqueue: false),
    ]

    @Test(arguments: rows)
    func decides(row: Row) {
        #expect(EnqueuePolicy.shouldEnqueue(old: row.old, new: row.new) == row.enqueue)
    }
}
