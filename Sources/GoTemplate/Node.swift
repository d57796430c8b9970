/// The parse tree of Go's `text/template/parse`, node for node, so that the executor's errors
/// name nodes as Go prints them (`at <.Values.x>`). `pos` is the byte offset of the node in
/// its tree's text (Go's `Pos`), from which `Tree.errorContext` derives `name:line:col`.
public indirect enum Node: Sendable {
    case text(TextNode)
    case action(ActionNode)
    case comment(CommentNode)
    case `if`(BranchNode)
    case range(BranchNode)
    case with(BranchNode)
    case template(TemplateNode)
    case `break`(pos: Int, line: Int)
    case `continue`(pos: Int, line: Int)
    case list(ListNode)

    public var pos: Int {
        switch self {
        case .text(let n): return n.pos
        case .action(let n): return n.pos
        case .comment(let n): return n.pos
        case .if(let n), .range(let n), .with(let n): return n.pos
        case .template(let n): return n.pos
        case .break(let pos, _), .continue(let pos, _): return pos
        case .list(let n): return n.pos
        }
    }
}

public struct ListNode: Sendable {
    public var pos: Int
    public var nodes: [Node]
    public init(pos: Int, nodes: [Node] = []) { self.pos = pos; self.nodes = nodes }
}

public struct TextNode: Sendable {
    public var pos: Int
    /// The bytes of the text, trimmed as `{{-`/`-}}` asked.
    public var text: String
    public init(pos: Int, text: String) { self.pos = pos; self.text = text }
}

public struct CommentNode: Sendable {
    public var pos: Int
    public var text: String
    public init(pos: Int, text: String) { self.pos = pos; self.text = text }
}

/// `{{ pipeline }}`
public struct ActionNode: Sendable {
    public var pos: Int
    /// The line the action starts on (Go keeps it for error messages).
    public var line: Int
    public var pipe: PipeNode
    public init(pos: Int, line: Int, pipe: PipeNode) { self.pos = pos; self.line = line; self.pipe = pipe }
}

/// `$x := a | b c` — optional declarations, then commands joined by `|`.
public struct PipeNode: Sendable {
    public var pos: Int
    public var line: Int
    /// `=` instead of `:=`.
    public var isAssign: Bool
    /// The variables declared (or assigned), in order (`$i, $v := range …`).
    public var decl: [VariableNode]
    public var cmds: [CommandNode]
    public init(pos: Int, line: Int, isAssign: Bool = false, decl: [VariableNode] = [], cmds: [CommandNode] = []) {
        self.pos = pos; self.line = line; self.isAssign = isAssign; self.decl = decl; self.cmds = cmds
    }
}

/// One command of a pipeline: an operand followed by arguments (`printf "%d" 3`).
public struct CommandNode: Sendable {
    public var pos: Int
    public var args: [Argument]
    public init(pos: Int, args: [Argument] = []) { self.pos = pos; self.args = args }
}

/// What may appear as a command's operand or argument.
public indirect enum Argument: Sendable {
    /// A function name (`printf`).
    case identifier(pos: Int, name: String)
    /// `$` or `$x`, optionally followed by fields (`$x.a.b`): `ident[0]` is the variable name.
    case variable(VariableNode)
    /// `.`
    case dot(pos: Int)
    /// `nil`
    case `nil`(pos: Int)
    /// `.a.b` — the field names, without dots.
    case field(pos: Int, ident: [String])
    /// `(pipeline).a.b` or `$x.a` after a parenthesis: the node, then its fields.
    case chain(pos: Int, node: Argument, fields: [String])
    case bool(pos: Int, value: Bool)
    case number(NumberNode)
    /// A quoted string: `quoted` is the source text with its quotes, `text` the value.
    case string(pos: Int, quoted: String, text: String)
    /// `( pipeline )`
    case pipe(PipeNode)

    public var pos: Int {
        switch self {
        case .identifier(let pos, _), .dot(let pos), .nil(let pos), .field(let pos, _),
             .chain(let pos, _, _), .bool(let pos, _), .string(let pos, _, _):
            return pos
        case .variable(let v): return v.pos
        case .number(let n): return n.pos
        case .pipe(let p): return p.pos
        }
    }
}

public struct VariableNode: Sendable {
    public var pos: Int
    /// `["$x", "field", "sub"]` for `$x.field.sub`.
    public var ident: [String]
    public init(pos: Int, ident: [String]) { self.pos = pos; self.ident = ident }
}

/// A number literal, with every interpretation Go's parser found valid for it (`1` is an int,
/// a uint and a float; `1.5` only a float; `'a'` a char constant that is an int too).
public struct NumberNode: Sendable {
    public var pos: Int
    public var isInt: Bool
    public var isUint: Bool
    public var isFloat: Bool
    public var isComplex: Bool
    public var int64: Int64
    public var uint64: UInt64
    public var float64: Double
    /// The source text (`0x1F`, `1_000`, `'a'`, `1e3`).
    public var text: String
    public init(pos: Int, isInt: Bool, isUint: Bool, isFloat: Bool, isComplex: Bool = false,
                int64: Int64, uint64: UInt64, float64: Double, text: String) {
        self.pos = pos; self.isInt = isInt; self.isUint = isUint; self.isFloat = isFloat
        self.isComplex = isComplex; self.int64 = int64; self.uint64 = uint64; self.float64 = float64
        self.text = text
    }
}

/// `if`, `range` and `with`: the pipeline, the body and the `else` body (an `else if`/
/// `else with` chain is an else list holding one nested branch node).
public struct BranchNode: Sendable {
    public var pos: Int
    public var line: Int
    public var pipe: PipeNode
    public var list: ListNode
    public var elseList: ListNode?
    public init(pos: Int, line: Int, pipe: PipeNode, list: ListNode, elseList: ListNode?) {
        self.pos = pos; self.line = line; self.pipe = pipe; self.list = list; self.elseList = elseList
    }
}

/// `{{ template "name" pipeline }}` (and the invocation half of `block`).
public struct TemplateNode: Sendable {
    public var pos: Int
    public var line: Int
    public var name: String
    public var pipe: PipeNode?
    public init(pos: Int, line: Int, name: String, pipe: PipeNode?) {
        self.pos = pos; self.line = line; self.name = name; self.pipe = pipe
    }
}

/// One parsed template: Go's `parse.Tree`. `parseName` is the name of the top-level template
/// whose text held it (a `define` inside `a.yaml` has name `x` and parseName `a.yaml`), and
/// `text` that whole text, so positions map to `parseName:line:col`.
public struct Tree: Sendable {
    public var name: String
    public var parseName: String
    public var root: ListNode
    public var text: String
    public init(name: String, parseName: String, root: ListNode, text: String) {
        self.name = name; self.parseName = parseName; self.root = root; self.text = text
    }

    /// Go's `Tree.ErrorContext`: `parseName:line:col` of a byte offset (col counts bytes from
    /// the line's start; on the first line it is the offset itself).
    public func location(of pos: Int) -> String {
        let bytes = Array(text.utf8.prefix(pos))
        let newlines = bytes.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        let col: Int
        if let last = bytes.lastIndex(of: 10) { col = pos - (last + 1) } else { col = pos }
        return "\(parseName):\(1 + newlines):\(col)"
    }
}
