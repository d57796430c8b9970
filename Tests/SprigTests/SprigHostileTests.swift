import GoTemplate
import Testing
@testable import Sprig

/// Inputs a chart author controls cannot crash the process or run without bound.
@Suite struct SprigHostileTests {
    @Test func deeplyNestedPatternsAreRefusedOrCompiled() {
        let deep = String(repeating: "(", count: 999) + "a" + String(repeating: ")", count: 999)
        #expect(failure("mustRegexMatch", str(deep), str("a")) == nil)
        let tooDeep = String(repeating: "(", count: 5000) + String(repeating: ")", count: 5000)
        #expect(failure("mustRegexMatch", str(tooDeep), str("a"))?.contains("expression nests too deeply") == true)
        #expect(failure("mustRegexMatch", str("((a{1000}){1000}){1000}"), str("a"))?.contains("expression too large") == true)
    }

    @Test func selfContainingMapsStopWithAnError() throws {
        let d = GoMap(["k": str("v")])
        d["self"] = .map(d)
        // Go recurses until its stack limit kills the process; here the merge stops with an error.
        #expect(failure("merge", .map(d), .map(d)) == "runtime: goroutine stack exceeds 1000000000-byte limit")
        #expect(failure("deepCopy", .map(d))?.hasPrefix("deepCopy error: ") == true)
        #expect(failure("mustDeepCopy", .map(d)) != nil)
        #expect(try call("deepEqual", .map(d), .map(d)).plain == "true")
    }

    @Test func hugeOutputsAreRefused() {
        #expect(failure("repeat", int(Int.max), str("ab")) == "strings: Repeat output length overflow")
        #expect(failure("until", int(Int.max)) != nil)
        #expect(failure("indent", int(Int.max), str("x")) != nil)
    }
}
