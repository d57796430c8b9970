import Testing
@testable import GoTemplate

private func i(_ n: Int) -> GoValue { .integer(n) }
private func s(_ text: String) -> GoValue { .string(text) }
private func d(_ x: Double) -> GoValue { .float(x) }

/// `fmt.Sprintf` as the `printf` builtin and Sprig call it: Go 1.22's verbs, flags, argument
/// indexes and its in-place error forms (pkg.go.dev/fmt).
@Suite struct GoFormatPrintfTests {
    struct Case: Sendable, CustomStringConvertible {
        let format: String, args: [GoValue], expected: String
        init(_ format: String, _ args: [GoValue], _ expected: String) {
            self.format = format; self.args = args; self.expected = expected
        }
        var description: String { format }
    }

    @Test(arguments: [
        Case("%d", [i(42)], "42"),
        Case("%5d|%-5d|", [i(42), i(42)], "   42|42   |"),
        Case("%05d", [i(-42)], "-0042"),
        Case("%+d % d", [i(5), i(5)], "+5  5"),
        Case("%x %X %#x %#X", [i(255), i(255), i(255), i(255)], "ff FF 0xff 0XFF"),
        Case("%x", [i(-255)], "-ff"),
        Case("%o %#o %O", [i(8), i(8), i(8)], "10 010 0o10"),
        Case("%b %#b", [i(5), i(5)], "101 0b101"),
        Case("%.3d|%8.3d|%08.3d", [i(7), i(7), i(7)], "007|     007|     007"),
        Case("%.0d|%3.0d|", [i(0), i(0)], "|   |"),
        Case("%-08d|", [i(3)], "3       |"),
        Case("%c%c", [i(72), i(0x263A)], "H☺"),
        Case("%q %q", [i(65), i(10)], "'A' '\\n'"),
        Case("%+q", [i(0x263A)], "'\\u263a'"),
        Case("%U %U %#U", [i(65), i(0x1F600), i(0x263A)], "U+0041 U+1F600 U+263A '☺'"),
        Case("%d", [.int(-9223372036854775807 - 1, .int64)], "-9223372036854775808"),
        Case("%d %x", [.uint(UInt.max, .uint64), .uint(200, .uint8)], "18446744073709551615 c8"),
        Case("%v %#v", [.uint(5, .uint8), .uint(5, .uint8)], "5 0x5"),
        Case("%+v", [i(5)], "5"),
    ])
    func integers(_ c: Case) {
        #expect(GoFormat.sprintf(c.format, c.args) == c.expected)
    }

    @Test(arguments: [
        Case("%s|%5s|%-5s|", [s("hi"), s("hi"), s("hi")], "hi|   hi|hi   |"),
        Case("%05s", [s("ab")], "000ab"),
        Case("%.2s|%.1s", [s("héllo"), s("日本")], "hé|日"),
        Case("%4s|", [s("日本")], "  日本|"),
        Case("%q", [s("hi\n\"x\"")], #""hi\n\"x\"""#),
        Case("%#q %#q", [s("hi"), s("a`b")], "`hi` \"a`b\""),
        Case("%+q", [s("héllo")], #""h\u00e9llo""#),
        Case("%x|% x|%#x|% #X", [s("hi"), s("hi"), s("hi"), s("hi")], "6869|68 69|0x6869|0X68 0X69"),
        Case("%.1x|%6x|", [s("hi"), s("hi")], "68|  6869|"),
        Case("%t %v", [.bool(true), .bool(false)], "true false"),
        Case("%v %#v", [s("a b"), s("a b")], "a b \"a b\""),
        Case("%s", [.bytes(Array("hey".utf8))], "hey"),
        Case("%x %q", [.bytes([1, 0xab]), .bytes([0x61, 0xff])], "01ab \"a\\xff\""),
        // Go quotes string(b): the precision counts runes, an invalid byte as one.
        Case("%.1q %.2q", [.bytes(Array("éa".utf8)), .bytes([0xff, 0x61, 0x62])], "\"é\" \"\\xffa\""),
        Case("%v %d %#v", [.bytes([1, 2]), .bytes([1, 2]), .bytes([1, 2])], "[1 2] [1 2] []byte{0x1, 0x2}"),
    ])
    func stringsAndBytes(_ c: Case) {
        #expect(GoFormat.sprintf(c.format, c.args) == c.expected)
    }

    @Test(arguments: [
        Case("%f|%.2f|%6.2f|%-8.3f|", [d(3.14159), d(3.14159), d(3.14159), d(3.14159)], "3.141590|3.14|  3.14|3.142   |"),
        Case("%05.2f|%08.3f|%+.1f|% .1f", [d(3.14159), d(-3.14159), d(2), d(2)], "03.14|-003.142|+2.0| 2.0"),
        Case("%e|%E|%.2e", [d(1234.5678), d(1234.5678), d(1234.5678)], "1.234568e+03|1.234568E+03|1.23e+03"),
        Case("%g|%G|%.3g|%g", [d(1234.5678), d(1e-10), d(1234.5678), d(1e21)], "1234.5678|1E-10|1.23e+03|1e+21"),
        Case("%v|%v|%v|%v", [d(1e6), d(100000), d(1.5), d(-0.0)], "1e+06|100000|1.5|-0"),
        Case("%#g|%#.3g|%#.0f|%#e", [d(1), d(2), d(3), d(1)], "1.00000|2.00|3.|1.000000e+00"),
        Case("%F|%.0f|%.0f", [d(1.5), d(2.5), d(3.5)], "1.500000|2|4"),
        Case("%6.2f|%06.2f|%-6f|%+f", [d(.infinity), d(.nan), d(-.infinity), d(.nan)], "  +Inf|   NaN|-Inf  |+NaN"),
        Case("%x|%.2x|%b", [d(1), d(3.3), d(1)], "0x1p+00|0x1.a6p+01|4503599627370496p-52"),
        Case("%#v|%T", [d(1), d(1)], "1|float64"),
    ])
    func floats(_ c: Case) {
        #expect(GoFormat.sprintf(c.format, c.args) == c.expected)
    }

    @Test(arguments: [
        Case("%[2]d %[1]d", [i(11), i(22)], "22 11"),
        Case("%[3]*.[2]*[1]f", [d(12), i(2), i(6)], " 12.00"),
        Case("%d %d %#[1]x %#x", [i(16), i(17)], "16 17 0x10 0x11"),
        Case("%[1]s %[1]s", [s("a")], "a a"),
        Case("%*d|%-*d|%*d|", [i(5), i(1), i(3), i(2), i(-3), i(7)], "    1|2  |7  |"),
        Case("%.*f", [i(1), d(2.25)], "2.2"),
        Case("%6.2f%%", [d(99.5)], " 99.50%"),
        Case("%5%", [], "%"),
    ])
    func indexesAndStars(_ c: Case) {
        #expect(GoFormat.sprintf(c.format, c.args) == c.expected)
    }

    /// The error forms fmt prints in place of a verb it cannot apply.
    @Test(arguments: [
        Case("%d", [s("hi")], "%!d(string=hi)"),
        Case("%s", [i(5)], "%!s(int=5)"),
        Case("%5s", [i(5)], "%!s(int=    5)"),
        Case("%d", [.float(1.5)], "%!d(float64=1.5)"),
        Case("%d", [.bool(true)], "%!d(bool=true)"),
        Case("%t", [i(1)], "%!t(int=1)"),
        Case("%z", [i(1)], "%!z(int=1)"),
        Case("%d", [.null], "%!d(<nil>)"),
        Case("%s", [.missing], "%!s(<nil>)"),
        Case("%v|%T", [.null, .null], "<nil>|<nil>"),
        Case("hi", [s("guys")], "hi%!(EXTRA string=guys)"),
        Case("", [i(1), .null, s("x")], "%!(EXTRA int=1, <nil>, string=x)"),
        Case("hi%d", [], "hi%!d(MISSING)"),
        Case("%d %d", [i(1)], "1 %!d(MISSING)"),
        Case("%*s", [d(4.5), s("hi")], "%!(BADWIDTH)hi"),
        Case("%.*s", [d(4.5), s("hi")], "%!(BADPREC)hi"),
        Case("%*[2]d", [i(7)], "%!d(BADINDEX)"),
        Case("%.[2]d", [i(7)], "%!d(BADINDEX)"),
        Case("%[3]d", [i(1), i(2)], "%!d(BADINDEX)"),
        Case("%[x]d", [i(1)], "%!d(BADINDEX)"),
        Case("%[1]d", [i(1), i(2)], "1"),
        Case("abc%", [], "abc%!(NOVERB)"),
        Case("%-", [i(1)], "%!(NOVERB)%!(EXTRA int=1)"),
        Case("%!", [], "%!!(MISSING)"),
        Case("%d", [.array([s("a"), i(1)])], "[%!d(string=a) 1]"),
        Case("%s", [.dict(["a": i(1)])], "map[a:%!s(int=1)]"),
        Case("%x", [.array([.null])], "[<nil>]"),
    ])
    func errors(_ c: Case) {
        #expect(GoFormat.sprintf(c.format, c.args) == c.expected)
    }

    @Test func composites() {
        let list = GoValue.array([i(1), s("a"), .null, d(2.5)])
        #expect(GoFormat.sprintf("%v", [list]) == "[1 a <nil> 2.5]")
        #expect(GoFormat.sprintf("%#v", [list]) == #"[]interface {}{1, "a", interface {}(nil), 2.5}"#)
        #expect(GoFormat.sprintf("%q", [.list(GoList([s("a"), s("b")], elementType: "string"))]) == #"["a" "b"]"#)
        let map = GoValue.dict(["b": i(2), "a": .array([i(1)])])
        #expect(GoFormat.sprintf("%v", [map]) == "map[a:[1] b:2]")
        #expect(GoFormat.sprintf("%#v", [map]) == #"map[string]interface {}{"a":[]interface {}{1}, "b":2}"#)
        #expect(GoFormat.sprintf("%T %T", [list, map]) == "[]interface {} map[string]interface {}")
        #expect(GoFormat.sprintf("%03d", [.array([i(1), i(22)])]) == "[001 022]")
    }

    /// Width, precision and flags apply to each element of a list or byte slice, not the whole.
    @Test(arguments: [
        Case("%4v", [.array([i(7), s("ab")])], "[   7   ab]"),
        Case("%-3d|", [.bytes([5, 60])], "[5   60 ]|"),
        Case("%#04v", [.bytes([10])], "[]byte{0x000a}"),
        Case("%03.1v", [.array([i(0), d(2.5), s("xyz")])], "[  0 002 00x]"),
        Case("% x|%#x", [.bytes([]), .bytes([])], "|"),
        Case("%#6x", [.bytes([0xfe])], "  0xfe"),
        Case("%.", [i(3)], "%!.(int=3)"),
        Case("%010.3", [s("x")], "%!(NOVERB)%!(EXTRA string=x)"),
    ])
    func perElementFlags(_ c: Case) {
        #expect(GoFormat.sprintf(c.format, c.args) == c.expected)
    }

    /// A chart of the corpus (syn-string-functions) and what Helm printed for it.
    @Test func helmCorpusCase() {
        let args: [GoValue] = [s("s"), i(42), .array([i(1), i(2)]), s("q"), d(3.14159), i(255), .bool(true)]
        #expect(GoFormat.sprintf("%s-%d-%v-%q-%05.2f-%x-%t", args) == #"s-42-[1 2]-"q"-03.14-ff-true"#)
        #expect(GoFormat.sprintf("%d", [.null]) == "%!d(<nil>)")
    }
}
