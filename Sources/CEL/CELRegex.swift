/// A regular-expression engine for `matches()`, RE2 syntax, linear time.
///
/// CEL specifies RE2, which guarantees time linear in the input; a backtracking engine would
/// let one hostile pattern in a health check pin a controller's CPU. This one compiles to a
/// small instruction program and runs it as a Pike VM (all threads in lock-step), so the work
/// is at most `input length × program size`, and that work is charged to the step budget.
///
/// Supported: literals, `.`, `[...]` classes with ranges, negation and `[:alpha:]`-style names,
/// `\d \D \s \S \w \W`, `\pL`/`\p{Lu}`-style general categories, `^ $ \A \z \b \B`, groups
/// `(...)`, `(?:...)`, `(?P<name>...)`, alternation, `* + ? {n} {n,} {n,m}` (lazy forms
/// accepted), flags `i m s U` as `(?i)` or `(?i:...)`, `\Q...\E`. Not supported (an error, as
/// in RE2): backreferences and look-around.
struct CELRegex: Sendable {
    enum Assertion: Sendable { case beginLine, endLine, beginText, endText, wordBoundary, notWordBoundary }

    enum Instruction: Sendable {
        case scalar(ScalarClass)
        case split(Int, Int)
        case jump(Int)
        case assert(Assertion)
        case match
    }

    /// A set of code points: ranges and general categories, possibly negated.
    struct ScalarClass: Sendable {
        var ranges: [ClosedRange<UInt32>] = []
        var categories: [String] = []
        var negated = false
        /// Member classes (for `[\d\pL_]`-style unions of negated or category escapes).
        var members: [ScalarClass] = []

        init(ranges: [ClosedRange<UInt32>] = [], categories: [String] = [], negated: Bool = false) {
            self.ranges = ranges
            self.categories = categories
            self.negated = negated
        }

        init(union: [ScalarClass], negated: Bool) {
            members = union
            self.negated = negated
        }

        func contains(_ s: Unicode.Scalar) -> Bool {
            var hit = ranges.contains { $0.contains(s.value) } || members.contains { $0.contains(s) }
            if !hit, !categories.isEmpty {
                let name = ScalarClass.categoryName(s.properties.generalCategory)
                hit = categories.contains { name.hasPrefix($0) }
            }
            return hit != negated
        }

        static func categoryName(_ c: Unicode.GeneralCategory) -> String {
            switch c {
            case .uppercaseLetter: return "Lu"
            case .lowercaseLetter: return "Ll"
            case .titlecaseLetter: return "Lt"
            case .modifierLetter: return "Lm"
            case .otherLetter: return "Lo"
            case .nonspacingMark: return "Mn"
            case .spacingMark: return "Mc"
            case .enclosingMark: return "Me"
            case .decimalNumber: return "Nd"
            case .letterNumber: return "Nl"
            case .otherNumber: return "No"
            case .connectorPunctuation: return "Pc"
            case .dashPunctuation: return "Pd"
            case .openPunctuation: return "Ps"
            case .closePunctuation: return "Pe"
            case .initialPunctuation: return "Pi"
            case .finalPunctuation: return "Pf"
            case .otherPunctuation: return "Po"
            case .mathSymbol: return "Sm"
            case .currencySymbol: return "Sc"
            case .modifierSymbol: return "Sk"
            case .otherSymbol: return "So"
            case .spaceSeparator: return "Zs"
            case .lineSeparator: return "Zl"
            case .paragraphSeparator: return "Zp"
            case .control: return "Cc"
            case .format: return "Cf"
            case .surrogate: return "Cs"
            case .privateUse: return "Co"
            case .unassigned: return "Cn"
            @unknown default: return "Cn"
            }
        }
    }

    let program: [Instruction]

    static let maxProgramSize = 10_000
    static let maxRepeat = 1000

    init(_ pattern: String) throws(CELError) {
        var parser = RegexParser(Array(pattern.unicodeScalars))
        let tree = try parser.parse()
        var compiler = RegexCompiler()
        try compiler.emit(tree)
        compiler.program.append(.match)
        program = compiler.program
    }

    /// Whether the pattern matches anywhere in `text` (RE2 `MatchString` / Go `MatchString`).
    /// Returns `nil` when `budget` units of work were not enough.
    func firstMatch(in text: String, budget: Int) -> (matched: Bool, work: Int)? {
        let input = Array(text.unicodeScalars)
        var current = ThreadList(capacity: program.count)
        var next = ThreadList(capacity: program.count)
        var stack: [Int] = []
        var work = 0
        for position in 0...input.count {
            let previous: Unicode.Scalar? = position > 0 ? input[position - 1] : nil
            let here: Unicode.Scalar? = position < input.count ? input[position] : nil
            // Unanchored search: a new thread starts at every position.
            addThread(0, to: &current, stack: &stack, previous: previous, here: here)
            if current.dense.isEmpty {
                current.clear()
                continue
            }
            work += current.dense.count
            if work > budget { return nil }
            next.clear()
            for pc in current.dense {
                switch program[pc] {
                case .match:
                    return (true, work)
                case .scalar(let cls):
                    if let here, cls.contains(here) {
                        let nextPrevious = here
                        let nextHere: Unicode.Scalar? = position + 1 < input.count ? input[position + 1] : nil
                        addThread(pc + 1, to: &next, stack: &stack, previous: nextPrevious, here: nextHere)
                    }
                default:
                    break
                }
            }
            swap(&current, &next)
        }
        return (false, work)
    }

    /// Follows jumps, splits and assertions from `start` and records the threads that wait on a
    /// scalar (or have matched). Iterative, so a large program cannot exhaust the stack.
    private func addThread(_ start: Int, to list: inout ThreadList, stack: inout [Int],
                           previous: Unicode.Scalar?, here: Unicode.Scalar?)
    {
        stack.append(start)
        while let pc = stack.popLast() {
            guard list.insert(pc) else { continue }
            switch program[pc] {
            case .jump(let target): stack.append(target)
            case .split(let a, let b):
                stack.append(b)
                stack.append(a)
            case .assert(let kind):
                if Self.holds(kind, previous: previous, here: here) { stack.append(pc + 1) }
            case .scalar, .match:
                list.dense.append(pc)
            }
        }
    }

    private static func isWord(_ s: Unicode.Scalar?) -> Bool {
        guard let s else { return false }
        return s.isDigit || s.isIdentStart
    }

    private static func holds(_ kind: Assertion, previous: Unicode.Scalar?, here: Unicode.Scalar?) -> Bool {
        switch kind {
        case .beginText: return previous == nil
        case .endText: return here == nil
        case .beginLine: return previous == nil || previous == "\n"
        case .endLine: return here == nil || here == "\n"
        case .wordBoundary: return isWord(previous) != isWord(here)
        case .notWordBoundary: return isWord(previous) == isWord(here)
        }
    }

    /// A sparse set of program counters: O(1) insert and clear, insertion order kept.
    private struct ThreadList {
        var seen: [Int]
        var generation = 1
        var dense: [Int] = []

        init(capacity: Int) { seen = Array(repeating: 0, count: capacity) }

        mutating func clear() {
            generation += 1
            dense.removeAll(keepingCapacity: true)
        }

        mutating func insert(_ pc: Int) -> Bool {
            if seen[pc] == generation { return false }
            seen[pc] = generation
            return true
        }
    }
}
