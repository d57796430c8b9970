/// Writes SOPS's tree as `sops -d` prints YAML: go-yaml v3's encoder with a 4-space indent,
/// block style, comment items as `#` lines before what follows them (or at the end of their
/// mapping), documents separated by `---`.
enum SOPSYAMLEmitter {
    static func emit(_ branches: [SOPSBranch]) -> String {
        var out = ""
        for (index, branch) in branches.enumerated() {
            if index > 0 { out += "---\n" }
            if branch.allSatisfy({ if case .comment = $0.key { true } else { false } }) {
                for item in branch { if case .comment(let text) = item.key { out += "#\(text)\n" } }
                out += "{}\n"
                continue
            }
            emitBranch(branch, indent: 0, into: &out)
        }
        return out
    }

    static func emitBranch(_ branch: SOPSBranch, indent: Int, into out: inout String, firstPrefix: String? = nil) {
        let pad = String(repeating: " ", count: indent)
        var first = true
        func linePrefix() -> String {
            defer { first = false }
            if first, let firstPrefix { return firstPrefix }
            return pad
        }
        for item in branch {
            switch item.key {
            case .comment(let text):
                out += linePrefix() + "#" + text + "\n"
            case .name(let name):
                let key = scalar(.string(name), indent: indent)
                out += linePrefix() + key + ":"
                emitValue(item.value, indent: indent, into: &out)
            }
        }
    }

    /// The value after `key:` — inline for scalars and empty collections, else on the next lines.
    static func emitValue(_ value: SOPSValue, indent: Int, into out: inout String) {
        switch value {
        case .branch(let branch) where branch.contains(where: { if case .name = $0.key { true } else { false } }):
            out += "\n"
            emitBranch(branch, indent: indent + 4, into: &out)
        case .branch:
            out += " {}\n"
        case .list(let items) where items.contains(where: { if case .comment = $0 { false } else { true } }):
            out += "\n"
            emitList(items, indent: indent + 4, into: &out)
        case .list:
            out += " []\n"
        default:
            out += " " + scalar(value, indent: indent) + "\n"
        }
    }

    static func emitList(_ items: [SOPSValue], indent: Int, into out: inout String, firstPrefix: String? = nil) {
        let pad = String(repeating: " ", count: indent)
        var first = true
        for item in items {
            // A list inside a list starts on its parent's dash line: `- - a`.
            let lead = first ? (firstPrefix ?? pad) : pad
            first = false
            switch item {
            case .comment(let text):
                out += lead + "#" + text + "\n"
            case .branch(let branch) where branch.contains(where: { if case .name = $0.key { true } else { false } }):
                emitBranch(branch, indent: indent + 2, into: &out, firstPrefix: lead + "- ")
            case .list(let inner) where inner.contains(where: { if case .comment = $0 { false } else { true } }):
                emitList(inner, indent: indent + 2, into: &out, firstPrefix: lead + "- ")
            case .branch:
                out += lead + "- {}\n"
            case .list:
                out += lead + "- []\n"
            default:
                out += lead + "- " + scalar(item, indent: indent) + "\n"
            }
        }
    }

    /// One scalar as go-yaml v3 writes it; `indent` is the indentation of the line it starts on.
    static func scalar(_ value: SOPSValue, indent: Int) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return GoFloat.formatG(d, yaml: true)
        case .bytes(let bytes): return scalar(.string(String(decoding: bytes, as: UTF8.self)), indent: indent)
        case .comment(let text): return scalar(.string(text), indent: indent)
        case .branch, .list: return "{}"
        case .string(let s): return YAMLScalarStyle.render(s, indent: indent)
        }
    }
}
