/// Duplicate mapping keys in kustomization files.
///
/// kustomize reads a kustomization through `sigs.k8s.io/yaml` (go-yaml v2), where a repeated
/// key silently replaces the earlier one; resources, read with go-yaml v3, reject duplicates.
/// Yams always rejects them, so for kustomization files the earlier occurrences are renamed
/// textually (to keys that are dropped after parsing) before parsing again.
extension KYAML {
    static let droppedKeyPrefix = "__ferry_duplicate_"

    static func renameDuplicateKeys(_ text: String) -> String {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        struct Scope { var indent: Int; var keys: [String: Int] }
        var scopes: [Scope] = [Scope(indent: 0, keys: [:])]
        var counter = 0
        for i in lines.indices {
            let line = lines[i]
            let stripped = line.drop(while: { $0 == " " })
            if stripped.isEmpty || stripped.hasPrefix("#") { continue }
            var indent = line.count - stripped.count
            var body = Substring(stripped)
            var newItem = false
            while body.hasPrefix("- ") {
                body = body.dropFirst(2).drop(while: { $0 == " " })
                indent = line.count - body.count
                newItem = true
            }
            guard let colon = body.firstIndex(of: ":"),
                  body[body.index(after: colon)...].first.map({ $0 == " " }) ?? true else { continue }
            let key = String(body[..<colon])
            if key.contains(" ") || key.hasPrefix("\"") || key.hasPrefix("'") || key.isEmpty { continue }
            while let last = scopes.last, last.indent > indent, scopes.count > 1 { scopes.removeLast() }
            if newItem || scopes.last!.indent < indent {
                if newItem, scopes.last!.indent == indent, scopes.count > 1 { scopes.removeLast() }
                scopes.append(Scope(indent: indent, keys: [:]))
            }
            if let previous = scopes[scopes.count - 1].keys[key] {
                counter += 1
                lines[previous] = lines[previous].replacingOccurrences(of: key + ":", with: "\(droppedKeyPrefix)\(counter):")
            }
            scopes[scopes.count - 1].keys[key] = i
        }
        return lines.joined(separator: "\n")
    }
}
