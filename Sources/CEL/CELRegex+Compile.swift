/// Turns a ``RegexNode`` into Pike VM instructions (Thompson's construction), refusing
/// programs past ``CELRegex/maxProgramSize`` so `(a{1000}){1000}` is an error, not a
/// million-instruction program.
struct RegexCompiler {
    var program: [CELRegex.Instruction] = []

    private mutating func append(_ instruction: CELRegex.Instruction) throws(CELError) -> Int {
        guard program.count < CELRegex.maxProgramSize else {
            throw .eval("invalid regular expression: pattern too large (more than \(CELRegex.maxProgramSize) instructions)")
        }
        program.append(instruction)
        return program.count - 1
    }

    mutating func emit(_ node: RegexNode) throws(CELError) {
        switch node {
        case .empty:
            break
        case .scalar(let cls):
            _ = try append(.scalar(cls))
        case .assert(let kind):
            _ = try append(.assert(kind))
        case .concat(let items):
            for item in items { try emit(item) }
        case .alternate(let branches):
            // split L1, next; L1: branch; jump end; next: ...
            var jumps: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = try append(.split(0, 0))
                    try emit(branch)
                    jumps.append(try append(.jump(0)))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .repetition(let inner, let min, let max):
            for _ in 0..<min { try emit(inner) }
            if let max {
                // Each optional copy: split body, end.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(try append(.split(0, 0)))
                    try emit(inner)
                }
                for s in splits { program[s] = .split(s + 1, program.count) }
            } else {
                // L: split body, end; body; jump L
                let split = try append(.split(0, 0))
                try emit(inner)
                _ = try append(.jump(split))
                program[split] = .split(split + 1, program.count)
            }
        }
    }
}
