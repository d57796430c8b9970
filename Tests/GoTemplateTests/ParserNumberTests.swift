import Testing
@testable import GoTemplate

private func number(_ literal: String) throws -> NumberNode {
    let tree = try #require(try TemplateParser.parse(name: "n", text: "{{ \(literal) }}", functions: [])["n"])
    guard case .action(let a) = tree.root.nodes[0], case .number(let n) = a.pipe.cmds[0].args[0] else {
        throw TemplateError(message: "not a number")
    }
    return n
}

/// Go stores a literal under every type that holds it exactly (`newNumber`).
@Suite struct ParserNumberTests {
    @Test(arguments: [
        // literal, isInt, isUint, isFloat, int64, uint64, float64
        ("12", true, true, true, Int64(12), UInt64(12), 12.0),
        ("-12", true, false, true, -12, 0, -12),
        ("-0", true, true, true, 0, 0, 0),
        ("017", true, true, true, 15, 15, 15),
        ("0o17", true, true, true, 15, 15, 15),
        ("0b1_01", true, true, true, 5, 5, 5),
        ("0XfF", true, true, true, 255, 255, 255),
        ("2_500", true, true, true, 2500, 2500, 2500),
        ("2e3", true, true, true, 2000, 2000, 2000),
        ("2.5", false, false, true, 0, 0, 2.5),
        ("1e19", false, true, true, 0, 10_000_000_000_000_000_000, 1e19),
        ("-1e19", false, false, true, 0, 0, -1e19),
        ("0x1p-2", false, false, true, 0, 0, 0.25),
        ("0x_3p2", true, true, true, 12, 12, 12),
        ("18446744073709551615", false, true, true, 0, UInt64.max, 18446744073709551615.0),
        ("'A'", true, true, true, 65, 65, 65),
        ("'\\x41'", true, true, true, 65, 65, 65),
        ("'\\u00e9'", true, true, true, 233, 233, 233),
        ("'é'", true, true, true, 233, 233, 233),
        ("'\\n'", true, true, true, 10, 10, 10),
    ] as [(String, Bool, Bool, Bool, Int64, UInt64, Double)])
    func literalKinds(_ c: (String, Bool, Bool, Bool, Int64, UInt64, Double)) throws {
        let n = try number(c.0)
        #expect(n.isInt == c.1)
        #expect(n.isUint == c.2)
        #expect(n.isFloat == c.3)
        #expect(!n.isComplex)
        if c.1 { #expect(n.int64 == c.4) }
        if c.2 { #expect(n.uint64 == c.5) }
        #expect(n.float64 == c.6)
        #expect(n.text == c.0)
    }

    @Test func complexNumbersAreFloatsOnlyWithoutAnImaginaryPart() throws {
        let pure = try number("3i")
        #expect(pure.isComplex && !pure.isFloat && !pure.isInt)
        #expect(pure.complexValue?.imag == 3)
        let real = try number("-4+0i")
        #expect(real.isComplex && real.isFloat && real.isInt && !real.isUint)
        #expect(real.int64 == -4)
        let mixed = try number("1.5-2i")
        #expect(mixed.complexValue?.real == 1.5)
        #expect(mixed.complexValue?.imag == -2)
        #expect(!mixed.isFloat)
    }

    @Test(arguments: [
        ("99999999999999999999", #"template: n:1: integer overflow: "99999999999999999999""#),
        ("0x", #"template: n:1: illegal number syntax: "0x""#),
        ("1_", #"template: n:1: illegal number syntax: "1_""#),
        ("09", #"template: n:1: integer overflow: "09""#),
        ("1e999", #"template: n:1: illegal number syntax: "1e999""#),
        ("'ab'", "template: n:1: malformed character constant: 'ab'"),
        ("'\\q'", "template: n:1: invalid syntax"),
        ("''", "template: n:1: invalid syntax"),
    ])
    func badLiterals(_ literal: String, _ message: String) {
        var thrown: String?
        do { _ = try TemplateParser.parse(name: "n", text: "{{ \(literal) }}", functions: []) } catch { thrown = error.message }
        #expect(thrown == message)
    }
}
