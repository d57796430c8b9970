import Manifests

/// A minimal object for planner tests: identity plus optional labels and annotations.
func makeObject(
    _ apiVersion: String, _ kind: String, _ name: String, namespace: String? = nil,
    labels: [String: String] = [:], annotations: [String: String] = [:]
) -> JSONValue {
    var object: JSONValue = ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": ["name": .string(name)]]
    if let namespace { object[path: "metadata", "namespace"] = .string(namespace) }
    for (k, v) in labels.sorted(by: { $0.key < $1.key }) { object[path: "metadata", "labels", k] = .string(v) }
    for (k, v) in annotations.sorted(by: { $0.key < $1.key }) { object[path: "metadata", "annotations", k] = .string(v) }
    return object
}

/// `Kind/namespace/name` of each object, for readable order assertions.
func describe(_ objects: [JSONValue]) -> [String] {
    objects.map { $0.objectID?.description ?? "?" }
}
