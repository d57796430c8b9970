/// The text Go's `String()` methods give each node: the executor names a failing node with it
/// (`at <index .Values.list 5>`), so it must match byte for byte. Literals print their source
/// text (`"80"`, `0x1F`), parenthesized pipelines print in parentheses, declarations as
/// `$x := …` (Go writes `:=` even for `=`).
extension Node: CustomStringConvertible {
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .text(let n): out += n.text
        case .action(let n):
            out += "{{"
            n.pipe.write(to: &out)
            out += "}}"
        case .comment(let n): out += "{{" + n.text + "}}"
        case .if(let n): n.write(to: &out, keyword: "if")
        case .range(let n): n.write(to: &out, keyword: "range")
        case .with(let n): n.write(to: &out, keyword: "with")
        case .template(let n): out += n.description
        case .break: out += "{{break}}"
        case .continue: out += "{{continue}}"
        case .list(let n): n.write(to: &out)
        }
    }
}

extension ListNode: CustomStringConvertible {
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        for node in nodes { node.write(to: &out) }
    }
}

extension BranchNode {
    func write(to out: inout String, keyword: String) {
        out += "{{" + keyword + " "
        pipe.write(to: &out)
        out += "}}"
        list.write(to: &out)
        if let elseList {
            out += "{{else}}"
            elseList.write(to: &out)
        }
        out += "{{end}}"
    }
}

extension TemplateNode: CustomStringConvertible {
    public var description: String {
        var out = "{{template " + GoFormat.quote(name)
        if let pipe {
            out += " "
            pipe.write(to: &out)
        }
        return out + "}}"
    }
}

extension PipeNode: CustomStringConvertible {
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        if !decl.isEmpty {
            for (i, v) in decl.enumerated() {
                if i > 0 { out += ", " }
                out += v.description
            }
            out += " := "
        }
        for (i, c) in cmds.enumerated() {
            if i > 0 { out += " | " }
            c.write(to: &out)
        }
    }
}

extension CommandNode: CustomStringConvertible {
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        for (i, arg) in args.enumerated() {
            if i > 0 { out += " " }
            arg.writeOperand(to: &out)
        }
    }
}

extension Argument: CustomStringConvertible {
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .identifier(_, let name): out += name
        case .variable(let v): out += v.description
        case .dot: out += "."
        case .nil: out += "nil"
        case .field(_, let ident):
            for id in ident { out += "." + id }
        case .chain(_, let node, let fields):
            node.writeOperand(to: &out)
            for f in fields { out += "." + f }
        case .bool(_, let value): out += value ? "true" : "false"
        case .number(let n): out += n.text
        case .string(_, let quoted, _): out += quoted
        case .pipe(let p): p.write(to: &out)
        }
    }
}

extension Argument {
    /// An argument of a command, or the head of a chain: a pipeline there is parenthesized.
    func writeOperand(to out: inout String) {
        guard case .pipe(let p) = self else { return write(to: &out) }
        out += "("
        p.write(to: &out)
        out += ")"
    }
}

extension VariableNode: CustomStringConvertible {
    public var description: String { ident.joined(separator: ".") }
}

extension NumberNode: CustomStringConvertible {
    public var description: String { text }
}
