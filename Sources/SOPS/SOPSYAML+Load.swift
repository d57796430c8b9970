import Manifests
import Yams

/// Loads a YAML file into SOPS's tree the way its YAML store (go-yaml v3) does: one branch per
/// document, key order kept, scalars typed by YAML 1.2's core schema (go-yaml's resolver), and
/// every comment line kept as a comment item where it stood: before the key or list element it
/// precedes, or at the end of the mapping whose keys it is indented with.
enum SOPSYAMLLoader {
    struct Failure: Error { var reason: String }

    static func load(_ text: String) throws(Failure) -> [SOPSBranch] {
        // Alias bombs and nesting past libyaml's limit are refused before composing (Manifests' checks).
        do { try YAML.checkComposable(text, source: nil) } catch { throw Failure(reason: error.reason) }
        var nodes: [Node] = []
        do {
            var sequence = try Yams.compose_all(yaml: text)
            while let node = sequence.next() { nodes.append(node) }
            // The sequence stops at the first error and keeps it rather than throwing.
            if let error = sequence.error { throw error }
        } catch {
            throw Failure(reason: "not valid YAML (\(String(describing: error).prefix(200)))")
        }
        var comments = CommentLines(text: text)
        var branches: [SOPSBranch] = []
        // A document ends at the `---` that starts the next one: comments after it are the next one's.
        let separators = documentSeparatorLines(text)
        for (index, node) in nodes.enumerated() {
            var limit = index + 1 < nodes.count ? (nodes[index + 1].mark?.line ?? Int.max) : Int.max
            if let start = node.mark?.line, let separator = separators.first(where: { $0 > start && $0 < limit }) { limit = separator }
            switch node {
            case .mapping(let mapping):
                branches.append(try loadMapping(mapping, limit: limit, comments: &comments))
            case .scalar(let scalar) where resolve(scalar) == .null:
                var branch: SOPSBranch = []
                comments.take(before: limit, minColumn: 0).forEach { branch.append(SOPSItem(key: .comment($0), value: .null)) }
                branches.append(branch)
            default:
                throw Failure(reason: "a YAML document that is not a mapping is not supported")
            }
        }
        return branches
    }

    static func documentSeparatorLines(_ text: String) -> [Int] {
        var lines: [Int] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line == "---" || line.hasPrefix("--- ") || line.hasPrefix("---\r") {
            lines.append(index + 1)
        }
        return lines
    }

    static func loadMapping(_ mapping: Node.Mapping, limit: Int, comments: inout CommentLines) throws(Failure) -> SOPSBranch {
        var branch: SOPSBranch = []
        let pairs = Array(mapping)
        var column = Int.max
        for (index, pair) in pairs.enumerated() {
            let line = pair.key.mark?.line ?? 0
            column = min(column, pair.key.mark?.column ?? 1)
            for comment in comments.take(before: line, minColumn: 0) { branch.append(SOPSItem(key: .comment(comment), value: .null)) }
            guard case .scalar(let keyScalar) = pair.key else { throw Failure(reason: "a mapping key that is not a scalar is not supported") }
            let next = index + 1 < pairs.count ? (pairs[index + 1].key.mark?.line ?? limit) : limit
            let value = try loadValue(pair.value, limit: next, keyColumn: pair.key.mark?.column ?? 1, comments: &comments)
            branch.append(SOPSItem(key: .name(keyScalar.string), value: value))
        }
        for comment in comments.take(before: limit, minColumn: column == Int.max ? 0 : column) {
            branch.append(SOPSItem(key: .comment(comment), value: .null))
        }
        return branch
    }

    static func loadValue(_ node: Node, limit: Int, keyColumn: Int, comments: inout CommentLines) throws(Failure) -> SOPSValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .literal || scalar.style == .folded, let line = scalar.mark?.line {
                comments.skipBlock(after: line, until: limit, keyColumn: keyColumn)
            }
            return resolve(scalar)
        case .mapping(let mapping):
            return .branch(try loadMapping(mapping, limit: limit, comments: &comments))
        case .sequence(let sequence):
            var items: [SOPSValue] = []
            let elements = Array(sequence)
            var column = Int.max
            for (index, element) in elements.enumerated() {
                let line = element.mark?.line ?? 0
                column = min(column, max(1, (element.mark?.column ?? 3) - 2))
                for comment in comments.take(before: line, minColumn: 0) { items.append(.comment(comment)) }
                let next = index + 1 < elements.count ? (elements[index + 1].mark?.line ?? limit) : limit
                items.append(try loadValue(element, limit: next, keyColumn: max(1, (element.mark?.column ?? 3) - 2), comments: &comments))
            }
            for comment in comments.take(before: limit, minColumn: column == Int.max ? 0 : column) { items.append(.comment(comment)) }
            return .list(items)
        case .alias:
            throw Failure(reason: "an unresolved YAML alias")
        }
    }

    /// go-yaml v3's typing of a scalar: quoted and block scalars are strings, plain ones are
    /// null, bool, int or float when they read as such (YAML 1.2 core schema), else strings.
    static func resolve(_ scalar: Node.Scalar) -> SOPSValue {
        if scalar.style != .plain && scalar.style != .any { return .string(scalar.string) }
        return YAMLScalarResolver.resolvePlain(scalar.string)
    }
}

/// The comment lines of a YAML text, taken in order as the loader reaches the nodes they precede.
struct CommentLines {
    /// (line number from 1, column from 1, text after `#`)
    var pending: [(line: Int, column: Int, text: String)] = []
    /// The first comment not taken yet (a cursor, so taking stays linear).
    var next = 0

    init(text: String) {
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let indent = line.prefix(while: { $0 == " " || $0 == "\t" }).count
            let rest = line.dropFirst(indent)
            if rest.hasPrefix("#") { pending.append((lineNumber, indent + 1, String(rest.dropFirst()))) }
        }
    }

    /// Removes and returns the comments before `line` indented at least `minColumn`, in order;
    /// stops at the first that is less indented (it belongs to an outer mapping).
    mutating func take(before line: Int, minColumn: Int) -> [String] {
        var end = next
        while end < pending.count, pending[end].line < line, pending[end].column >= minColumn { end += 1 }
        defer { next = end }
        return pending[next..<end].map(\.text)
    }

    /// A block scalar's lines are content, not comments: drops the `#` lines inside it.
    /// Those indented deeper than the key that owns the block are content.
    mutating func skipBlock(after line: Int, until limit: Int, keyColumn: Int) {
        let rest = pending[next...].filter { !($0.line > line && $0.line < limit && $0.column > keyColumn) }
        pending = Array(pending[..<next]) + rest
    }
}
