import Testing
@testable import GoTemplate

/// Hostile depth: deep template recursion, re-entrant execution from functions (Helm's
/// `include`), and deeply nested actions must end in Go's error or a result, never a crash.
@Suite struct ExecDepthTests {
    /// A set whose `include` executes a template of the set again, as Helm's does, stopping
    /// after `limit` nested calls.
    final class IncludeSet: @unchecked Sendable {
        let set = Template(name: "gotpl")
        var depth = 0
        let limit: Int
        init(limit: Int) {
            self.limit = limit
            set.funcs(["include": GoFunction("include", [.string, .any]) { [unowned self] args in
                self.depth += 1
                defer { self.depth -= 1 }
                if self.depth > self.limit { throw GoFunctionError("nested too deep") }
                return .string(try self.set.execute(args[0].stringValue ?? "", data: args[1]))
            }])
        }
    }

    @Test func reentrantIncludeRecursionEndsInAnError() throws {
        let include = IncludeSet(limit: 3000)
        try include.set.parse("{{ define \"r\" }}{{ include \"r\" . }}{{ end }}", as: "main")
        #expect(throws: TemplateError.self) { try include.set.execute("r", data: .missing) }
        do {
            _ = try include.set.execute("r", data: .missing)
        } catch {
            #expect(error.message.hasSuffix("error calling include: nested too deep"))
            #expect(error.underlying?.message == "nested too deep")
        }
    }

    @Test func deeplyNestedIfRuns() throws {
        let depth = 150  // within the parser's nesting limit
        let text = String(repeating: "{{ if true }}", count: depth) + "x" + String(repeating: "{{ end }}", count: depth)
        #expect(try Exec.render(text) == "x")
    }

    @Test func deeplyNestedParenthesesRun() throws {
        let depth = 150
        let text = "{{ " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + " }}"
        #expect(try Exec.render(text) == "1")
    }
}
