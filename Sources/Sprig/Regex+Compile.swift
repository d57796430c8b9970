import GoTemplate

/// Turns the parse tree into Pike VM instructions.
struct RegexCompiler {
    var program: [RegexInst] = []

    mutating func emit(_ inst: RegexInst) { program.append(inst) }

    mutating func compile(_ node: RegexNode, pattern: String) throws(GoFunctionError) {
        guard program.count < Regex.maximumProgram else {
            throw GoFunctionError("error parsing regexp: expression too large: `\(pattern)`")
        }
        switch node {
        case .empty: break
        case .set(let set): emit(.char(set))
        case .assert(let a): emit(.assert(a))
        case .capture(let inner, let index):
            emit(.save(2 * index))
            try compile(inner, pattern: pattern)
            emit(.save(2 * index + 1))
        case .concat(let parts):
            for p in parts { try compile(p, pattern: pattern) }
        case .alternate(let options):
            var jumps: [Int] = []
            for (n, option) in options.enumerated() {
                if n < options.count - 1 {
                    let split = program.count
                    emit(.split(split + 1, -1))
                    try compile(option, pattern: pattern)
                    jumps.append(program.count)
                    emit(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try compile(option, pattern: pattern)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .repetition(let inner, let min, let max, let greedy):
            for _ in 0..<min { try compile(inner, pattern: pattern) }
            if let max {
                // Each optional copy: split(take, skip); the skips all land at the end.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    emit(.split(-1, -1))
                    try compile(inner, pattern: pattern)
                }
                let end = program.count
                for sp in splits { program[sp] = greedy ? .split(sp + 1, end) : .split(end, sp + 1) }
            } else {
                let loop = program.count
                emit(.split(-1, -1))
                try compile(inner, pattern: pattern)
                emit(.jump(loop))
                let end = program.count
                program[loop] = greedy ? .split(loop + 1, end) : .split(end, loop + 1)
            }
        }
    }
}
