import Yams

extension YAML {
    /// One document as block-style YAML (the shape `kubectl get -o yaml` prints).
    public static func string(_ value: JSONValue) -> String {
        // Serialising a tree we built ourselves cannot fail; libyaml errors only on invalid events.
        (try? Yams.serialize(node: node(value), indent: 2, width: -1, allowUnicode: true)) ?? ""
    }

    /// Several documents separated by `---`.
    public static func string(documents: [JSONValue]) -> String {
        documents.map { string($0) }.joined(separator: "---\n")
    }

    static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node.scalar(.init("null", Tag(.null), .plain))
        case .bool(let b): return Node.scalar(.init(b ? "true" : "false", Tag(.bool), .plain))
        case .int(let i): return Node.scalar(.init(String(i), Tag(.int), .plain))
        case .double(let d):
            let text: String
            if d.isNaN { text = ".nan" } else if d.isInfinite { text = d > 0 ? ".inf" : "-.inf" } else { text = "\(d)" }
            return Node.scalar(.init(text, Tag(.float), .plain))
        case .string(let s): return Node.scalar(.init(s, Tag(.str), stringStyle(s)))
        case .array(let a): return Node.sequence(.init(a.map(node), Tag(.seq), .block))
        case .object(let o):
            return Node.mapping(.init(o.map { (Node.scalar(.init($0.key, Tag(.str), stringStyle($0.key))), node($0.value)) },
                                      Tag(.map), .block))
        }
    }

    /// Plain where a plain scalar reads back as the same string; literal for multi-line text;
    /// double-quoted otherwise (the style go-yaml uses for `"true"`, `"123"`).
    static func stringStyle(_ s: String) -> Node.Scalar.Style {
        if s.contains("\n") {
            let printable = s.unicodeScalars.allSatisfy { $0 == "\n" || ($0.value >= 0x20 && $0.value != 0x7F) }
            let trailingSpace = s.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.hasSuffix(" ") }
            return printable && !trailingSpace ? .literal : .doubleQuoted
        }
        if case .string = resolvePlain(s) {} else { return .doubleQuoted }
        return .any
    }
}
