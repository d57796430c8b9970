import CEL
import Manifests
import Testing

/// Hostile expressions: each one ends with an error, never a crash or a hang. These are the
/// limits a tenant's health check or readyExpr runs under inside the controller.
@Suite struct CELLimitsTests {
    @Test(arguments: [
        // Nested comprehension bomb: 10^8 iterations if nothing stopped it.
        "[0,1,2,3,4,5,6,7,8,9].map(a, [0,1,2,3,4,5,6,7,8,9].map(b, [0,1,2,3,4,5,6,7,8,9].map(c, [0,1,2,3,4,5,6,7,8,9].map(d, [0,1,2,3,4,5,6,7,8,9].map(e, [0,1,2,3,4,5,6,7,8,9].map(f, [0,1,2,3,4,5,6,7,8,9].map(g, [0,1,2,3,4,5,6,7,8,9].map(h, a)))))))).size() > 0",
        // The same through `all`, where errors are otherwise absorbed: the budget is not.
        "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, [1,2,3,4,5,6,7,8,9,10].all(f, [1,2,3,4,5,6,7,8,9,10].all(g, true)))))))",
        "false || [1,2,3,4,5,6,7,8,9,10].exists(a, [1,2,3,4,5,6,7,8,9,10].exists(b, [1,2,3,4,5,6,7,8,9,10].exists(c, [1,2,3,4,5,6,7,8,9,10].exists(d, [1,2,3,4,5,6,7,8,9,10].exists(e, [1,2,3,4,5,6,7,8,9,10].exists(f, [1,2,3,4,5,6,7,8,9,10].exists(g, false)))))))",
    ])
    func stepBudgetStopsBombs(source: String) throws {
        let program = try CELProgram(source)
        #expect(throws: CELError.evaluation(
            message: "evaluation cost limit exceeded: the expression did more than 1000000 steps of work")) {
            try program.evaluate([:])
        }
    }

    @Test func stringGrowthIsBounded() throws {
        // Each replace multiplies the length by ten: 10^9 characters by the end.
        let source = "s" + String(repeating: ".replace('a', 'aaaaaaaaaa')", count: 9) + ".size()"
        let program = try CELProgram(source)
        #expect(throws: CELError.self) { try program.evaluate(["s": "a"]) }
        let small = try CELProgram("s.replace('a', 'aaaaaaaaaa').replace('a', 'bb').size()")
        #expect(try small.evaluate(["s": "a"]) == .int(20))
    }

    @Test func budgetIsConfigurable() throws {
        let source = "[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, a * b)).size()"
        #expect(try CELProgram(source).evaluate([:]) == .int(10))
        let tight = try CELProgram(source, limits: CELLimits(maxSteps: 50))
        #expect(throws: CELError.evaluation(
            message: "evaluation cost limit exceeded: the expression did more than 50 steps of work")) {
            try tight.evaluate([:])
        }
    }

    @Test(arguments: [
        String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000),
        String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000),
        String(repeating: "!", count: 50_000) + "true",
        String(repeating: "-", count: 50_000) + "1",
        "a" + String(repeating: ".b", count: 30_000),
        "1" + String(repeating: " + 1", count: 30_000),
        String(repeating: "f(", count: 20_000) + String(repeating: ")", count: 20_000),
        String(repeating: "{'a': ", count: 10_000) + "1" + String(repeating: "}", count: 10_000),
        "x" + String(repeating: ".map(y, y", count: 3_000) + String(repeating: ")", count: 3_000),
    ])
    func deepNestingIsAParseError(source: String) {
        #expect {
            try CELProgram(source)
        } throws: { error in
            guard let error = error as? CELError, case .parse(let message, _, _) = error else { return false }
            return message.hasPrefix("expression nested too deeply") || message.hasPrefix("expression is")
        }
    }

    /// Nesting just under the limit still parses and evaluates (the stack holds it).
    @Test func nestingUnderTheLimitWorks() throws {
        let parens = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        #expect(try CELProgram(parens).evaluate([:]) == .int(1))
        let sum = "1" + String(repeating: " + 1", count: 200)
        #expect(try CELProgram(sum).evaluate([:]) == .int(201))
        let lists = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(try CELProgram("size(\(lists))").evaluate([:]) == .int(1))
    }

    /// Long `&&` / `||` chains are built balanced, so thousands of clauses are fine.
    @Test func longLogicalChains() throws {
        let chain = (0..<5_000).map { "x != \($0 + 1)" }.joined(separator: " && ")
        #expect(try CELProgram(chain).evaluateBool(["x": 0]) == true)
        let anyOf = (0..<5_000).map { "x == \($0)" }.joined(separator: " || ")
        #expect(try CELProgram(anyOf).evaluateBool(["x": 4_999]) == true)
    }

    @Test func expressionLengthIsLimited() {
        let long = "'" + String(repeating: "a", count: 100_001) + "'"
        #expect(throws: CELError.parse(message: "expression is 100003 characters long, the limit is 100000", line: 1, column: 1)) {
            try CELProgram(long)
        }
    }

    /// What a user reads in a Kubernetes condition: what failed and where, in one line.
    @Test(arguments: [
        ("status.ready ==", "syntax error at 1:16: unexpected end of input, expected an expression"),
        ("{'a': 1, 'a': 2}", "repeated key in map literal: \"a\""),
        ("{1.5: 'x'}", "unsupported map key type: double (keys are int, uint, bool or string)"),
        ("'x' ? 1 : 2", "no matching overload for '_?_:_' applied to (string, ...): the condition must be a bool"),
        ("optional.none().value()", "value() called on optional.none()"),
    ])
    func errorDescriptionsReadWell(source: String, expected: String) {
        do {
            let value = try CELProgram(source).evaluate([:])
            Issue.record("expected an error, got \(value)")
        } catch {
            #expect(error.description == expected)
        }
    }

    /// Thousands of random token soups: each parses or fails with a position inside the text,
    /// and each program that parses evaluates to a value or an error, never a crash.
    @Test func randomInputNeverCrashes() {
        let pieces = ["a", ".", "b", "(", ")", "[", "]", "{", "}", ":", ",", "?", "!", "-", "+", "*", "/", "%", "&&", "||",
                      "==", "<", "in", "1", "0", "2u", "1.5", "'s'", "b'x'", "'''", "r'\\'", "has", "map", "all", "exists",
                      "filter", "x", "size", "matches", "'(a+)+'", "null", "true", " ", "\n", "`", ".?", "[?", "'\\u12'"]
        var rng = SplitMix(seed: 11)
        for _ in 0..<3_000 {
            let count = Int(rng.next() % 24) + 1
            let source = (0..<count).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            do {
                let program = try CELProgram(source, limits: CELLimits(maxSteps: 10_000))
                _ = try? program.evaluate(["a": ["b": [1, 2]], "x": "abc"])
            } catch {
                guard case .parse(_, let line, let column) = error else {
                    Issue.record("parse failure without a position for \(source)")
                    continue
                }
                let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(line >= 1 && line <= lines.count, "line \(line) outside \(source)")
                #expect(column >= 1 && column <= lines[max(0, min(line, lines.count) - 1)].unicodeScalars.count + 1,
                        "column \(column) outside \(source)")
            }
        }
    }
}

/// A small deterministic generator so the random test is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
