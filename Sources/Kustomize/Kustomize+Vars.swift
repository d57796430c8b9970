import Manifests

/// `vars`: `$(NAME)` substitution (deprecated in kustomize, still supported).
///
/// A var is bound to its object when the kustomization declaring it is accumulated (by any
/// name the object has had so far); its value is read at the very end, after all names are
/// final, and expanded into the `varReference` fields.
enum Vars {
    static func objrefGVK(_ objref: JSONValue) -> GVK {
        var gvk = GVK(apiVersion: objref["apiVersion"]?.stringValue ?? "", kind: objref["kind"]?.stringValue ?? "")
        if let g = objref["group"]?.stringValue { gvk.group = g }
        if let v = objref["version"]?.stringValue { gvk.version = v }
        return gvk
    }

    /// kustomize's `MergeVars`: binds each var to the one resource its objref names.
    static func bind(_ vars: [JSONValue], in resources: inout [Resource], kfile: String) throws {
        for v in vars {
            let name = v["name"]?.stringValue ?? ""
            let objref = v["objref"] ?? .null
            let gvk = objrefGVK(objref)
            let refName = objref["name"]?.stringValue ?? ""
            let ns = objref["namespace"]?.stringValue ?? ""
            let matched = resources.indices.filter { i in
                resources[i].anyIDs.contains { id in
                    id.gvk.isSelected(by: gvk) && id.name == refName
                        && (ns.isEmpty || id.effectiveNamespace == (ns.isEmpty ? "default" : ns))
                }
            }
            if matched.count > 1 {
                throw KustomizeError.conflict(file: kfile, field: "vars",
                                              reason: "found \(matched.count) resId matches for var \(name) (unable to disambiguate)")
            }
            if let i = matched.first, !resources[i].varNames.contains(name) { resources[i].varNames.append(name) }
        }
    }

    /// Expands the vars; returns the names of vars that were never referenced (kustomize
    /// logs "well-defined vars that were never replaced").
    @discardableResult
    static func resolve(_ vars: [JSONValue], config: TransformerConfig, in resources: inout [Resource],
                        kfile: String) throws -> [String] {
        guard !vars.isEmpty else { return [] }
        var values: [String: JSONValue] = [:]
        for v in vars {
            let name = v["name"]?.stringValue ?? ""
            let fieldPath = v["fieldref"]?["fieldpath"]?.stringValue ?? v["fieldref"]?["fieldPath"]?.stringValue ?? "metadata.name"
            guard let r = resources.first(where: { $0.varNames.contains(name) }) else {
                throw KustomizeError.invalidField(file: kfile, field: "vars",
                                                  reason: "var '\(name)' cannot be mapped to a field in the set of known resources")
            }
            guard let value = FieldPath.get(r.object, FieldPath.parse(fieldPath)[...]).first else {
                throw KustomizeError.invalidField(file: kfile, field: "vars", reason: "field \(fieldPath) of var '\(name)' not found in \(r.id)")
            }
            values[name] = value
        }
        var used = Set<String>()
        for i in resources.indices {
            var obj = resources[i].object
            for spec in config.varReference where spec.matches(resources[i]) {
                FieldWalk.visit(&obj, spec.segments[...], create: false, leaf: .null) { node in
                    node = expandNode(node, values, used: &used)
                }
            }
            resources[i].object = obj
        }
        return vars.compactMap { $0["name"]?.stringValue }.filter { !used.contains($0) }
    }

    static func expandNode(_ node: JSONValue, _ values: [String: JSONValue], used: inout Set<String>) -> JSONValue {
        switch node {
        case .string(let s):
            let whole = String(s.dropFirst(2).dropLast())
            if s.hasPrefix("$("), s.hasSuffix(")"), let v = values[whole] {
                if case .string = v {} else { used.insert(whole); return v }
            }
            return .string(expand(s, values, used: &used))
        case .array(let a): return .array(a.map { expandNode($0, values, used: &used) })
        case .object(let o):
            var out = o
            for (k, v) in o { out[k] = expandNode(v, values, used: &used) }
            return .object(out)
        default: return node
        }
    }

    /// Kubernetes' `$(VAR)` expansion: `$$` escapes, unknown references stay as written.
    static func expand(_ s: String, _ values: [String: JSONValue], used: inout Set<String>) -> String {
        var out = ""
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count {
                if chars[i + 1] == "$" { out.append("$"); i += 2; continue }
                if chars[i + 1] == "(", let close = chars[(i + 2)...].firstIndex(of: ")") {
                    let name = String(chars[(i + 2)..<close])
                    if let v = values[name] {
                        used.insert(name)
                        out += Kustomization.scalarString(v)
                    } else {
                        out += String(chars[i...close])
                    }
                    i = close + 1
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }
}
