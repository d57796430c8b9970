/// An RE2-syntax regular expression matched whole, in time linear in the input.
///
/// Shared by the selectors that take Go `regexp` patterns matched anchored as `^(?:…)$`:
/// kustomize patch and replacement `target`s (`name`, `namespace`, `group`, `version`, `kind`)
/// and Flux's drift-ignore rule targets. Go's engine is RE2, whose matching time is linear;
/// ICU's backtracking could spend forever on `(a+)+$` from a tenant's repository. This is a
/// Thompson construction run as a Pike-style simulation instead: each step advances every
/// live instruction once, so the work is at most `input length × program size`.
///
/// Supported: literals and escapes (`\.`, `\n`, `\t`), `.`, classes (`[a-z]`, `[^…]`, `\d`,
/// `\w`, `\s` and their negations), groups (`(…)`, `(?:…)`, `(?P<n>…)`), alternation,
/// `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}` (lazy forms too, which cannot change a yes/no
/// answer) with RE2's repeat cap of 1000, and `^`/`$`. Backreferences and lookaround (which
/// RE2 refuses too), flags and word boundaries are errors naming the pattern.
public struct RE2Pattern: Sendable {
    /// A pattern this engine refuses, with why; `description` names the pattern.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public var pattern: String
        public var reason: String
        public init(pattern: String, reason: String) {
            self.pattern = pattern
            self.reason = reason
        }
        public var description: String { "invalid regular expression '\(pattern)': \(reason)" }
    }

    /// RE2's limit on `{m,n}` counts.
    public static let maximumRepeat = 1000
    /// Instructions one pattern may compile to (repeats multiply: `(a{1000}){1000}`).
    public static let maximumProgram = 50_000
    /// Group nesting a pattern may use, so parsing (recursive) cannot exhaust the stack.
    public static let maximumNesting = 200

    enum Inst: Sendable {
        case set(ScalarSet)
        case split(Int, Int)
        case jump(Int)
        case begin, end
        case match
    }

    indirect enum Node {
        case set(ScalarSet)
        case begin, end
        case concat([Node])
        case alternate([Node])
        case repeatNode(Node, min: Int, max: Int?)
    }

    private let program: [Inst]

    /// Compiles `pattern`; throws when it is not RE2 syntax this engine supports or is too large.
    public init(_ pattern: String) throws(SyntaxError) {
        var parser = Parser(pattern: pattern, scalars: Array(pattern.unicodeScalars))
        let node = try parser.parseAlternation(depth: 0)
        guard parser.index == parser.scalars.count else { throw parser.fail("unexpected ')'") }
        var program: [Inst] = []
        try Self.emit(node, into: &program, pattern: pattern)
        program.append(.match)
        self.program = program
    }

    /// Whether the whole of `text` matches.
    public func matches(_ text: String) -> Bool {
        let input = Array(text.unicodeScalars)
        var current = SparseSet(capacity: program.count)
        var next = SparseSet(capacity: program.count)
        var stack: [Int] = []
        func add(_ pc: Int, at position: Int, to set: inout SparseSet) {
            stack.append(pc)
            while let pc = stack.popLast() {
                guard set.insert(pc) else { continue }
                switch program[pc] {
                case .split(let a, let b): stack.append(b); stack.append(a)
                case .jump(let a): stack.append(a)
                case .begin: if position == 0 { stack.append(pc + 1) }
                case .end: if position == input.count { stack.append(pc + 1) }
                case .set, .match: break
                }
            }
        }
        add(0, at: 0, to: &current)
        for (i, scalar) in input.enumerated() {
            next.removeAll()
            for pc in current.elements {
                if case .set(let set) = program[pc], set.contains(scalar) { add(pc + 1, at: i + 1, to: &next) }
            }
            swap(&current, &next)
            if current.elements.isEmpty { return false }
        }
        return current.elements.contains { if case .match = program[$0] { return true } else { return false } }
    }
}

/// A set of Unicode scalars as sorted ranges.
struct ScalarSet: Sendable {
    var ranges: [(Unicode.Scalar, Unicode.Scalar)]

    func contains(_ s: Unicode.Scalar) -> Bool { ranges.contains { $0.0 <= s && s <= $0.1 } }

    static let digit = ScalarSet(ranges: [("0", "9")])
    static let word = ScalarSet(ranges: [("0", "9"), ("A", "Z"), ("_", "_"), ("a", "z")])
    static let space = ScalarSet(ranges: [("\t", "\n"), ("\u{C}", "\r"), (" ", " ")])

    var inverted: ScalarSet {
        let sorted = ranges.sorted { $0.0 < $1.0 }
        var out: [(Unicode.Scalar, Unicode.Scalar)] = []
        var next: UInt32 = 0
        for (low, high) in sorted {
            if low.value > next, let a = Unicode.Scalar(next), let b = Self.scalar(below: low.value) { out.append((a, b)) }
            next = max(next, high.value + 1)
        }
        if next <= 0x10FFFF, let a = Self.scalar(atOrAbove: next) { out.append((a, "\u{10FFFF}")) }
        return ScalarSet(ranges: out)
    }

    private static func scalar(below value: UInt32) -> Unicode.Scalar? {
        var v = value - 1
        if (0xD800...0xDFFF).contains(v) { v = 0xD7FF }
        return Unicode.Scalar(v)
    }

    private static func scalar(atOrAbove value: UInt32) -> Unicode.Scalar? {
        (0xD800...0xDFFF).contains(value) ? Unicode.Scalar(0xE000) : Unicode.Scalar(value)
    }
}

/// Instruction indexes with O(1) insert, membership and clear, in insertion order.
struct SparseSet {
    private var dense: [Int] = []
    private var sparse: [Int]

    init(capacity: Int) { sparse = [Int](repeating: 0, count: capacity) }

    var elements: [Int] { dense }

    /// False when already present.
    mutating func insert(_ x: Int) -> Bool {
        let i = sparse[x]
        if i < dense.count, dense[i] == x { return false }
        sparse[x] = dense.count
        dense.append(x)
        return true
    }

    mutating func removeAll() { dense.removeAll(keepingCapacity: true) }
}
