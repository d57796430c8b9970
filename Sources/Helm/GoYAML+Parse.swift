internal import CYaml
import GoTemplate

/// One node of a YAML document as go-yaml v2's parser builds it: scalars keep their raw text,
/// whether they were plain (only plain scalars are resolved to bools, numbers and nulls) and
/// their explicit tag; an alias points at the node its anchor named when it was read.
final class GoYAMLNode {
    enum Kind { case scalar, sequence, mapping, alias }
    let kind: Kind
    /// A scalar's text, or an alias's anchor name.
    let value: String
    /// The explicit tag, expanded (`tag:yaml.org,2002:str`); empty when none was written.
    let tag: String
    /// A plain scalar (go-yaml's `implicit`): resolved by its text unless tagged.
    let plain: Bool
    var children: [GoYAMLNode] = []
    /// An alias's target, set when it is read (anchors may be redefined later).
    var target: GoYAMLNode?

    init(kind: Kind, value: String = "", tag: String = "", plain: Bool = false) {
        self.kind = kind
        self.value = value
        self.tag = tag
        self.plain = plain
    }
}

extension GoYAML {
    /// libyaml's nesting limit: the tree (and every walk over it) is at most this deep.
    static let maximumDepth = 1000

    /// Parses the first document of `text` with libyaml (go-yaml v2 is a line-by-line port of
    /// it) into nodes; nil for an empty stream. Later documents are not read, as `Unmarshal`
    /// reads only the first. Errors read as go-yaml's: `yaml: line N: <libyaml's problem>`.
    static func parseFirstDocument(_ text: String) throws(GoFunctionError) -> GoYAMLNode? {
        var documents: [GoYAMLNode?] = []
        try parse(text, limit: 1) { documents.append($0) }
        return documents.first ?? nil
    }

    /// Parses up to `limit` documents, handing each root to `body` (nil for an empty document).
    static func parse(_ text: String, limit: Int, _ body: (GoYAMLNode?) -> Void) throws(GoFunctionError) {
        // go-yaml feeds a lone newline for empty input.
        var bytes = text.isEmpty ? [0x0A] : Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(GoFunctionError) in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { throw GoFunctionError("yaml: out of memory") }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var reader = EventReader()
            var count = 0
            while count < limit {
                guard let document = try reader.readDocument(&parser) else { return }
                body(document)
                count += 1
            }
        }
    }
}

/// Turns libyaml's events into `GoYAMLNode`s without recursion (an explicit stack).
private struct EventReader {
    var anchors: [String: GoYAMLNode] = [:]

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    /// go-yaml v2's `parser.fail`: scanner errors report the line after the problem mark's
    /// zero-based line, other errors the zero-based line itself (which reads as the line
    /// before); with no line the message stands alone.
    private static func failure(_ parser: yaml_parser_t) -> GoFunctionError {
        var line = 0
        if parser.problem_mark.line != 0 {
            line = Int(parser.problem_mark.line)
            if parser.error == YAML_SCANNER_ERROR { line += 1 }
        } else if parser.context_mark.line != 0 {
            line = Int(parser.context_mark.line)
        }
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem parsing YAML content"
        return GoFunctionError("yaml: " + (line != 0 ? "line \(line): " : "") + problem)
    }

    private func next(_ parser: inout yaml_parser_t, _ event: inout yaml_event_t) throws(GoFunctionError) {
        guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.failure(parser) }
    }

    /// The next document's root; nil at the end of the stream. An empty document is a null scalar.
    mutating func readDocument(_ parser: inout yaml_parser_t) throws(GoFunctionError) -> GoYAMLNode?? {
        var event = yaml_event_t()
        // Skip the stream start; stop at its end.
        while true {
            try next(&parser, &event)
            let type = event.type
            yaml_event_delete(&event)
            if type == YAML_STREAM_END_EVENT { return nil }
            if type == YAML_DOCUMENT_START_EVENT { break }
        }
        anchors = [:]
        var stack: [GoYAMLNode] = []
        var root: GoYAMLNode?
        while true {
            try next(&parser, &event)
            defer { yaml_event_delete(&event) }
            var node: GoYAMLNode?
            var anchor: String?
            switch event.type {
            case YAML_DOCUMENT_END_EVENT:
                return .some(root)
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                node = GoYAMLNode(kind: .scalar, value: text, tag: Self.string(scalar.tag) ?? "",
                                  plain: scalar.plain_implicit != 0)
                anchor = Self.string(scalar.anchor)
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard let target = anchors[name] else {
                    throw GoFunctionError("yaml: unknown anchor '\(name)' referenced")
                }
                let alias = GoYAMLNode(kind: .alias, value: name)
                alias.target = target
                node = alias
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                if stack.count >= GoYAML.maximumDepth {
                    throw GoFunctionError("yaml: exceeded max depth of \(GoYAML.maximumDepth)")
                }
                let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
                let collection = GoYAMLNode(kind: isMapping ? .mapping : .sequence, tag: Self.string(tag) ?? "")
                anchor = Self.string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                if let anchor { anchors[anchor] = collection }
                if let parent = stack.last { parent.children.append(collection) } else { root = collection }
                stack.append(collection)
                continue
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                stack.removeLast()
                continue
            default:
                continue
            }
            guard let node else { continue }
            if let anchor { anchors[anchor] = node }
            if let parent = stack.last { parent.children.append(node) } else { root = node }
        }
    }
}
