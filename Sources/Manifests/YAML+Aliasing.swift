internal import CYaml

/// A first pass over a YAML stream's events, before anything is composed into nodes.
///
/// Yams composes an alias as the anchored node itself, and everything after it (hashing keys
/// for duplicates, converting to ``JSONValue``) walks the expanded tree: nine levels of
/// `&a [*b, *b, …]` make that exponential. This pass counts what decoding would cost without
/// expanding anything (each anchor's expanded size is remembered, an alias adds it) and
/// refuses the stream as go-yaml v3 does — which is what kustomize and the Kubernetes API
/// machinery decode with — with its message "document contains excessive aliasing":
/// more than 100 nodes decoded through aliases, more than 1,000 in all, and a share of
/// aliased nodes above 99% (up to 400,000 nodes), falling linearly to 10% (4,000,000 and
/// more). Unlike go-yaml the count runs over the whole stream, so many small bombs in one
/// file do not add up unnoticed.
///
/// It also refuses what would make composing itself expensive or deep: a collection (or an
/// alias of one) used as a mapping key, which Yams hashes in full and no manifest uses, and
/// nesting past libyaml's limit of 1,000 levels, reported in words.
enum AliasBudget {
    /// go-yaml v3's `allowedAliasRatio`.
    static func allowedAliasRatio(_ decodeCount: Int) -> Double {
        let low = 400_000, high = 4_000_000
        if decodeCount <= low { return 0.99 }
        if decodeCount >= high { return 0.10 }
        return 0.99 - 0.89 * (Double(decodeCount - low) / Double(high - low))
    }

    static func isExcessive(aliasCount: Int, decodeCount: Int) -> Bool {
        aliasCount > 100 && decodeCount > 1000 && Double(aliasCount) / Double(decodeCount) > allowedAliasRatio(decodeCount)
    }

    /// libyaml's nesting limit (its `MAX_NESTING_LEVEL`), which bounds the recursion of Yams'
    /// composer and of every converter after it.
    static let maximumNesting = 1000

    enum Failure: Error, Equatable {
        case excessiveAliasing(line: Int, column: Int)
        case collectionKey(line: Int, column: Int)
        case tooDeep(line: Int, column: Int)

        var reason: String {
            switch self {
            case .excessiveAliasing: return "document contains excessive aliasing"
            case .collectionKey: return "mapping keys must be scalars"
            case .tooDeep: return "YAML nests deeper than \(AliasBudget.maximumNesting) levels"
            }
        }

        var line: Int {
            switch self { case .excessiveAliasing(let l, _), .collectionKey(let l, _), .tooDeep(let l, _): return l }
        }

        var column: Int {
            switch self { case .excessiveAliasing(_, let c), .collectionKey(_, let c), .tooDeep(_, let c): return c }
        }
    }

    private struct Frame {
        var isMapping: Bool
        var anchor: String?
        var size = 1
        var expectingKey = true
    }

    /// Checks `text`; a syntax error is left for the composer to report in its usual words.
    static func check(_ text: String) throws(Failure) {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return }
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(Failure) in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            try walk(&parser)
        }
    }

    private static func walk(_ parser: inout yaml_parser_t) throws(Failure) {
        var stack: [Frame] = []
        // Expanded size of each anchor, and whether it is a collection (an alias of one may not be a key).
        var anchors: [String: (size: Int, isCollection: Bool)] = [:]
        var decodeCount = 0
        var aliasCount = 0

        func place(_ mark: yaml_mark_t) -> (Int, Int) { (Int(mark.line) + 1, Int(mark.column) + 1) }
        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
        /// Records a finished node of `size` in its parent; a mapping alternates key and value.
        func finish(size: Int) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].size = stack[stack.count - 1].size.addingSaturating(size)
            if stack[stack.count - 1].isMapping { stack[stack.count - 1].expectingKey.toggle() }
        }
        var isKeyPosition: Bool { stack.last.map { $0.isMapping && $0.expectingKey } ?? false }

        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                if let problem = parser.problem, String(cString: problem).hasPrefix("Maximum nesting level") {
                    let (line, column) = place(parser.problem_mark)
                    throw .tooDeep(line: line, column: column)
                }
                return
            }
            defer { yaml_event_delete(&event) }
            let (line, column) = place(event.start_mark)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_SCALAR_EVENT:
                decodeCount = decodeCount.addingSaturating(1)
                if let anchor = string(event.data.scalar.anchor) { anchors[anchor] = (1, false) }
                finish(size: 1)
            case YAML_ALIAS_EVENT:
                guard let name = string(event.data.alias.anchor), let target = anchors[name] else { return }
                if target.isCollection && isKeyPosition { throw .collectionKey(line: line, column: column) }
                // The alias node itself, then everything decoded through it.
                decodeCount = decodeCount.addingSaturating(1).addingSaturating(target.size)
                aliasCount = aliasCount.addingSaturating(target.size)
                if isExcessive(aliasCount: aliasCount, decodeCount: decodeCount) {
                    throw .excessiveAliasing(line: line, column: column)
                }
                finish(size: 1.addingSaturating(target.size))
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if isKeyPosition { throw .collectionKey(line: line, column: column) }
                if stack.count >= maximumNesting { throw .tooDeep(line: line, column: column) }
                decodeCount = decodeCount.addingSaturating(1)
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? string(event.data.mapping_start.anchor) : string(event.data.sequence_start.anchor)
                stack.append(Frame(isMapping: isMapping, anchor: anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { return }
                if let anchor = frame.anchor { anchors[anchor] = (frame.size, true) }
                finish(size: frame.size)
            default:
                break  // stream, document start and end
            }
        }
    }
}

extension Int {
    fileprivate func addingSaturating(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}

extension YAML {
    /// Refuses alias bombs, collection keys and nesting too deep before Yams composes `text`
    /// (see ``AliasBudget``); for readers built on Yams outside this module (kustomize's).
    public static func checkComposable(_ text: String, source: String?) throws(ManifestError) {
        do {
            try AliasBudget.check(text)
        } catch {
            throw ManifestError(source: source, line: error.line, column: error.column, reason: error.reason)
        }
    }
}
