/// `if`, `with`, `range` and `template` actions (Go's walkIfOrWith, walkRange, walkTemplate).
/// Each body's variables are popped when it ends; `range` consumes `break` and `continue`.
extension Executor {
    mutating func walkIfOrWith(isWith: Bool, _ dot: GoValue, _ branch: BranchNode) throws(TemplateError) -> Flow {
        let mark = vars.count
        defer { pop(to: mark) }
        let value = try evalPipeline(dot, branch.pipe)
        if value.isTrue {
            guard isWith else { return try walkList(dot, branch.list) }
            let saved = dotIsInterface
            dotIsInterface = false
            defer { dotIsInterface = saved }
            return try walkList(value, branch.list)
        }
        if let elseList = branch.elseList { return try walkList(dot, elseList) }
        return .normal
    }

    mutating func walkRange(_ dot: GoValue, _ node: Node, _ branch: BranchNode) throws(TemplateError) -> Flow {
        at(.node(node))
        let outer = vars.count
        defer { pop(to: outer) }
        let value = try evalPipeline(dot, branch.pipe).collectionView
        let mark = vars.count
        let savedBoxed = dotIsInterface
        defer { dotIsInterface = savedBoxed }
        switch value {
        case .list(let list) where !list.items.isEmpty:
            dotIsInterface = list.elementType == "interface {}"
            for (i, item) in list.items.enumerated() {
                if try iterate(branch, mark: mark, index: .integer(i), element: item) { break }
            }
            return .normal
        case .bytes(let bytes) where !bytes.isEmpty:
            dotIsInterface = false
            for (i, byte) in bytes.enumerated() {
                if try iterate(branch, mark: mark, index: .integer(i), element: .uint(UInt(byte), .uint8)) { break }
            }
            return .normal
        case .map(let map) where map.count > 0:
            dotIsInterface = map.elementType == "interface {}"
            // Go sorts the keys (byte order) and takes the values before the first iteration.
            let keys = map.entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let values = keys.map { map.entries[$0] ?? .null }
            for n in keys.indices {
                if try iterate(branch, mark: mark, index: map.keyValues[keys[n]] ?? .string(keys[n]), element: values[n]) { break }
            }
            return .normal
        // Go 1.22 (Helm 3.15's) ranges over no integer: that arrived in Go 1.24.
        case .list, .bytes, .map, .missing, .null:
            break
        default:
            throw error("range can't iterate over \(GoFormat.formatValue(value))")
        }
        dotIsInterface = savedBoxed
        if let elseList = branch.elseList { return try walkList(dot, elseList) }
        return .normal
    }

    /// One pass of a range body; true when the body broke out of the loop.
    private mutating func iterate(_ branch: BranchNode, mark: Int, index: GoValue, element: GoValue) throws(TemplateError) -> Bool {
        let decl = branch.pipe.decl
        let assign = branch.pipe.isAssign
        // With `:=` the element is the top variable and the index the one below (Go's
        // setTopVar); with `=` they are assigned by name, index first.
        if decl.count == 1 {
            try setRangeVariable(fromTop: 1, name: decl[0].ident.first ?? "", assign: assign, element, isInterface: dotIsInterface)
        } else if decl.count > 1 {
            try setRangeVariable(fromTop: 2, name: decl[0].ident.first ?? "", assign: assign, index, isInterface: false)
            try setRangeVariable(fromTop: 1, name: decl[1].ident.first ?? "", assign: assign, element, isInterface: dotIsInterface)
        }
        defer { pop(to: mark) }
        try spend()
        return try walkList(element, branch.list) == .breakLoop
    }

    mutating func walkTemplate(_ dot: GoValue, _ call: TemplateNode) throws(TemplateError) {
        guard let called = template.trees[call.name] else {
            throw error("template \(GoFormat.quote(call.name)) not defined")
        }
        if depth >= Executor.maxExecDepth {
            throw error("exceeded maximum template depth (\(Executor.maxExecDepth))")
        }
        try spend()
        // Variables the pipeline declares persist in the caller's scope.
        let newDot = try evalPipeline(dot, call.pipe)
        let savedVars = vars, savedTree = tree, savedName = name, savedBoxed = dotIsInterface
        // No dynamic scoping: the called template sees only `$`.
        vars = [Variable(name: "$", value: newDot)]
        tree = called
        name = call.name
        depth += 1
        dotIsInterface = false
        defer {
            vars = savedVars
            tree = savedTree
            name = savedName
            depth -= 1
            dotIsInterface = savedBoxed
        }
        try Executor.withStackRoom { () throws(TemplateError) in
            _ = try walkList(newDot, called.root)
        }
    }
}
