import GoTemplate

/// A Go `regexp` (RE2 syntax) compiled for Sprig's regex functions: leftmost-first matching
/// with submatches, in time linear in the input (a Pike VM: every live thread advances once
/// per input scalar), so a pattern from values cannot make a render run for ever.
///
/// Supported syntax is RE2's: literals and escapes (`\n`, `\x41`, `\x{263a}`, octal `\012`,
/// `\Q…\E`, escaped punctuation), `.`, classes with ranges, negation, Perl classes (`\d`, `\w`,
/// `\s`), POSIX classes (`[[:alpha:]]`) and Unicode general categories (`\pL`, `\p{Lu}`),
/// groups (`(…)`, `(?:…)`, `(?P<name>…)`, `(?<name>…)`), flags (`(?i)`, `(?m)`, `(?s)`,
/// `(?U)`, `(?i:…)`), alternation, greedy and lazy `*`, `+`, `?`, `{m,n}` (counts up to 1000),
/// and the assertions `^`, `$`, `\A`, `\z`, `\b`, `\B`. Errors read as Go's
/// (`error parsing regexp: missing closing ): ` + "`(a`").
public struct Regex: Sendable {
    let program: [RegexInst]
    /// Capture groups, not counting the whole match.
    public let groupCount: Int
    /// Each group's name, or "" (index 0 is the whole match), as Go's `SubexpNames`.
    public let groupNames: [String]
    let pattern: String

    /// Instructions a pattern may compile to (RE2 refuses programs much beyond this as
    /// "expression too large").
    static let maximumProgram = 100_000

    public init(_ pattern: String) throws(GoFunctionError) {
        var parser = RegexParser(pattern)
        let node = try parser.parse()
        var compiler = RegexCompiler()
        compiler.emit(.save(0))
        try compiler.compile(node, pattern: pattern)
        compiler.emit(.save(1))
        compiler.emit(.match)
        program = compiler.program
        groupCount = parser.groupCount
        groupNames = parser.groupNames
        self.pattern = pattern
    }

    /// The leftmost-first match at or after scalar `from`: group boundaries as scalar indices
    /// (`-1` for a group that did not take part), `2 * (groupCount + 1)` of them.
    func match(_ input: [Unicode.Scalar], from: Int) -> [Int]? {
        var vm = makeVM()
        return vm.run(input, from: from)
    }

    /// A machine for repeated searches over one input (its buffers are reused).
    func makeVM() -> RegexVM { RegexVM(program: program, slots: 2 * (groupCount + 1)) }
}

/// One instruction of a compiled pattern.
enum RegexInst: Sendable {
    case char(RegexCharSet)
    case split(Int, Int)
    case jump(Int)
    case save(Int)
    case assert(RegexAssertion)
    case match
}

enum RegexAssertion: Sendable {
    case beginText, endText, beginLine, endLine, wordBoundary, notWordBoundary
}

/// What one `.char` instruction accepts: scalar ranges, maybe negated, maybe case-folded.
struct RegexCharSet: Sendable {
    var ranges: [ClosedRange<UInt32>]
    var negated = false
    var fold = false
    /// Scalars of these general categories match too (`\pL`).
    var categories: Set<Unicode.GeneralCategory> = []
    /// Scalars of any category but these match too (`\PL`).
    var excludedCategories: Set<Unicode.GeneralCategory> = []

    init(_ ranges: [ClosedRange<UInt32>], negated: Bool = false, fold: Bool = false) {
        self.ranges = ranges
        self.negated = negated
        self.fold = fold
    }

    static func scalar(_ s: Unicode.Scalar, fold: Bool) -> RegexCharSet { RegexCharSet([s.value...s.value], fold: fold) }

    func containsExactly(_ v: UInt32) -> Bool {
        for r in ranges where r.contains(v) { return true }
        if !categories.isEmpty || !excludedCategories.isEmpty, let s = Unicode.Scalar(v) {
            let c = s.properties.generalCategory
            if categories.contains(c) { return true }
            if !excludedCategories.isEmpty && !excludedCategories.contains(c) { return true }
        }
        return false
    }

    func matches(_ s: Unicode.Scalar) -> Bool {
        var hit = containsExactly(s.value)
        if !hit && fold {
            let lower = Sprig.simpleCase(s, upper: false), upper = Sprig.simpleCase(s, upper: true)
            hit = containsExactly(lower.value) || containsExactly(upper.value)
            if !hit, s == "k" || s == "K" { hit = containsExactly(0x212A) }
            if !hit, s == "s" || s == "S" { hit = containsExactly(0x17F) }
        }
        return hit != negated
    }
}

/// A Pike VM run: threads in priority order, each with its own capture slots.
struct RegexVM {
    let program: [RegexInst]
    let slots: Int
    /// What the first scalar of any match must be, when the pattern starts with one: positions
    /// that cannot start a match are skipped without running threads.
    let firstSet: RegexCharSet?
    private var current: ThreadList
    private var next: ThreadList

    init(program: [RegexInst], slots: Int) {
        self.program = program
        self.slots = slots
        var pc = 0
        while pc < program.count, case .save = program[pc] { pc += 1 }
        if pc < program.count, case .char(let set) = program[pc] { firstSet = set } else { firstSet = nil }
        current = ThreadList(size: program.count)
        next = ThreadList(size: program.count)
    }

    private struct Thread { var pc: Int; var caps: [Int] }

    private struct ThreadList {
        var threads: [Thread] = []
        var onList: [Int]
        var generation = 1
        init(size: Int) { onList = Array(repeating: 0, count: size) }
        mutating func clear() { threads.removeAll(keepingCapacity: true); generation += 1 }
        /// Marks `pc` seen in this step; false when it already was.
        mutating func visit(_ pc: Int) -> Bool {
            if onList[pc] == generation { return false }
            onList[pc] = generation
            return true
        }
    }

    mutating func run(_ input: [Unicode.Scalar], from start: Int) -> [Int]? {
        current.clear()
        next.clear()
        var matched: [Int]?
        var pos = start
        var stack: [(pc: Int, caps: [Int])] = []

        func isWord(_ i: Int) -> Bool {
            guard i >= 0, i < input.count else { return false }
            let v = input[i].value
            return v >= 0x30 && v <= 0x39 || v >= 0x41 && v <= 0x5A || v >= 0x61 && v <= 0x7A || v == 0x5F
        }
        func holds(_ a: RegexAssertion, at i: Int) -> Bool {
            switch a {
            case .beginText: return i == 0
            case .endText: return i == input.count
            case .beginLine: return i == 0 || input[i - 1] == "\n"
            case .endLine: return i == input.count || input[i] == "\n"
            case .wordBoundary: return isWord(i - 1) != isWord(i)
            case .notWordBoundary: return isWord(i - 1) == isWord(i)
            }
        }
        // Follows empty transitions from `pc` in priority order, adding the threads that wait
        // on input (or match) to `list`.
        func add(_ list: inout ThreadList, _ pc0: Int, _ caps0: [Int], at i: Int) {
            stack.append((pc0, caps0))
            while let (pc, caps) = stack.popLast() {
                guard list.visit(pc) else { continue }
                switch program[pc] {
                case .jump(let target): stack.append((target, caps))
                case .split(let a, let b): stack.append((b, caps)); stack.append((a, caps))
                case .save(let n):
                    var c = caps
                    if n < c.count { c[n] = i }
                    stack.append((pc + 1, c))
                case .assert(let a): if holds(a, at: i) { stack.append((pc + 1, caps)) }
                case .char, .match: list.threads.append(Thread(pc: pc, caps: caps))
                }
            }
        }

        let empty = Array(repeating: -1, count: slots)
        while true {
            if matched == nil {
                if current.threads.isEmpty, let firstSet {
                    while pos < input.count && !firstSet.matches(input[pos]) { pos += 1 }
                    if pos >= input.count { break }
                }
                add(&current, 0, empty, at: pos)
            }
            if current.threads.isEmpty && (matched != nil || pos >= input.count) { break }
            for thread in current.threads {
                switch program[thread.pc] {
                case .char(let set):
                    if pos < input.count, set.matches(input[pos]) { add(&next, thread.pc + 1, thread.caps, at: pos + 1) }
                case .match:
                    matched = thread.caps
                default: break
                }
                if case .match = program[thread.pc] { break }
            }
            if pos >= input.count { break }
            swap(&current, &next)
            next.clear()
            pos += 1
            if matched != nil && current.threads.isEmpty { break }
        }
        return matched
    }
}
