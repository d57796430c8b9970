import Manifests

/// An object and the objects it manages: what `ferry tree` prints. A plain value, rendered
/// exactly as flux's `internal/tree` printer does.
struct InventoryTree: Equatable {
    var object: ObjectID
    var children: [InventoryTree] = []

    /// `Kind/namespace/name` (or `Kind/name`) on the first line, then each child behind
    /// `├── ` / `└── `, deeper levels indented by `│   ` or four spaces. Ends with a newline.
    func render() -> String {
        "\(object)\n" + Self.render(children, prefix: "")
    }

    private static func render(_ items: [InventoryTree], prefix: String) -> String {
        var out = ""
        for (i, item) in items.enumerated() {
            let last = i == items.count - 1
            out += prefix + (last ? "└── " : "├── ") + "\(item.object)\n"
            out += render(item.children, prefix: prefix + (last ? "    " : "│   "))
        }
        return out
    }

    /// flux's `-o json` shape: `{"resource": {Namespace, Name, GroupKind: {Group, Kind}},
    /// "resources": [...]}`, `resources` left out when empty. `sortedKeys` gives the key
    /// order of flux's `-o yaml` (sigs.k8s.io/yaml sorts keys).
    func json(sortedKeys: Bool = false) -> JSONValue {
        let groupKind: JSONValue = ["Group": .string(object.group), "Kind": .string(object.kind)]
        let resource: JSONValue = sortedKeys
            ? ["GroupKind": groupKind, "Name": .string(object.name), "Namespace": .string(object.namespace)]
            : ["Namespace": .string(object.namespace), "Name": .string(object.name), "GroupKind": groupKind]
        var out: JSONObject = ["resource": resource]
        if !children.isEmpty { out["resources"] = .array(children.map { $0.json(sortedKeys: sortedKeys) }) }
        return .object(out)
    }
}
