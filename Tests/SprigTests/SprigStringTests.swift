import GoTemplate
import Testing
@testable import Sprig

/// Sprig's string functions, with the results Sprig's documentation and Helm print.
@Suite struct SprigStringTests {
    @Test(arguments: [
        ("trim", [str("  x  ")], "x"),
        ("trimAll", [str("-"), str("--x--")], "x"),
        ("trimSuffix", [str(".gz"), str("/a/b/c.tar.gz")], "/a/b/c.tar"),
        ("trimPrefix", [str("/a"), str("/a/b/c.tar.gz")], "/b/c.tar.gz"),
        ("upper", [str("My-App_name")], "MY-APP_NAME"),
        ("lower", [str("My-App_name")], "my-app_name"),
        ("title", [str("the quick brown fox")], "The Quick Brown Fox"),
        ("untitle", [str("Hello World")], "hello world"),
        ("replace", [str(" "), str("_"), str("the quick brown fox")], "the_quick_brown_fox"),
        ("replace", [str(""), str("-"), str("ab")], "-a-b-"),
        ("repeat", [int(3), str("ab")], "ababab"),
        ("substr", [int(4), int(9), str("the quick brown fox")], "quick"),
        ("substr", [int(-1), int(3), str("hello")], "hel"),
        ("substr", [int(2), int(99), str("hello")], "llo"),
        ("trunc", [int(5), str("the quick brown fox")], "the q"),
        ("trunc", [int(-3), str("the quick brown fox")], "fox"),
        ("trunc", [int(-30), str("short")], "short"),
        ("abbrev", [int(10), str("the quick brown fox")], "the qui..."),
        ("abbrev", [int(5), str("hello world")], "he..."),
        ("abbrevboth", [int(5), int(10), str("1234 5678 9123")], "...5678..."),
        ("nospace", [str("the quick brown fox")], "thequickbrownfox"),
        ("initials", [str("the quick brown fox")], "tqbf"),
        ("swapcase", [str("Hello World")], "hELLO wORLD"),
        ("camelcase", [str("http_server-name")], "HttpServerName"),
        ("camelcase", [str("_complex__case_")], "_Complex_Case_"),
        ("snakecase", [str("HTTPServerName")], "http_server_name"),
        ("snakecase", [str("FirstName")], "first_name"),
        ("snakecase", [str("Bld4Floor3rd")], "bld4_floor_3rd"),
        ("snakecase", [str("HTTP20xOK")], "http_20x_ok"),
        ("kebabcase", [str("HTTPServerName")], "http-server-name"),
        ("snakecase", [str("NoHTTPS")], "no_https"),
        ("snakecase", [str("GO_PATH")], "go_path"),
        ("snakecase", [str("GO PATH")], "go_path"),
        ("kebabcase", [str("GO-PATH")], "go-path"),
        ("snakecase", [str("http2xx")], "http_2xx"),
        ("snakecase", [str("Duration2m3s")], "duration_2m3s"),
        ("snakecase", [str("_complex__case_")], "_complex__case_"),
        ("wrap", [int(10), str("the quick brown fox")], "the quick\nbrown fox"),
        ("wrapWith", [int(10), str("<br>"), str("the quick brown fox")], "the quick<br>brown fox"),
        ("wrapWith", [int(5), str("\t"), str("Hello World")], "Hello\tWorld"),
        ("wrap", [int(3), str("abcdefg hi")], "abcdefg\nhi"),
        ("indent", [int(3), str("x\ny")], "   x\n   y"),
        ("nindent", [int(2), str("a")], "\n  a"),
        ("plural", [str("item"), str("items"), int(1)], "item"),
        ("plural", [str("item"), str("items"), int(2)], "items"),
        ("squote", [str("My-App_name")], "'My-App_name'"),
        ("cat", [str("a"), .null, str("b")], "a b"),
        ("join", [str("-"), strs("a", "b")], "a-b"),
        ("join", [str("-"), list(str("a"), .null, .bool(true))], "a-true"),
        ("hello", [], "Hello!"),
    ] as [(String, [GoValue], String)])
    func result(name: String, args: [GoValue], expected: String) throws {
        let f = try #require(Sprig.functions[name])
        let value = try f.body(args)
        #expect(value.typeName == "string")
        #expect(value.plain == expected)
    }

    @Test func predicates() throws {
        #expect(try call("contains", str("quick"), str("the quick fox")).plain == "true")
        #expect(try call("contains", str(""), str("")).plain == "true")
        #expect(try call("hasPrefix", str("the"), str("the fox")).plain == "true")
        #expect(try call("hasSuffix", str("cat"), str("the fox")).plain == "false")
    }

    @Test func splitsKeepGoTypes() throws {
        let pieces = try call("splitList", str("/"), str("/a/b/c.tar.gz"))
        #expect(pieces.typeName == "[]string")
        #expect(pieces.plain == "[, a, b, c.tar.gz]")
        let parts = try call("split", str("/"), str("/a/b"))
        #expect(parts.typeName == "map[string]string")
        #expect(parts.plain == "{_0: , _1: a, _2: b}")
        #expect(try call("splitn", str("/"), int(2), str("/a/b/c")).plain == "{_0: , _1: a/b/c}")
        #expect(try call("splitList", str(""), str("ab")).plain == "[a, b]")
        #expect(try call("sortAlpha", strs("c", "a", "B")).plain == "[B, a, c]")
        #expect(try call("toStrings", list(str("a"), .null, .bool(true))).typeName == "[]string")
    }

    @Test func valuesPrintAsGoPrintsThem() throws {
        #expect(try call("toString", .float(1_000_000)).plain == "1e+06")
        #expect(try call("toString", .float(1.5)).plain == "1.5")
        #expect(try call("toString", .bytes(Array("hi".utf8))).plain == "hi")
        #expect(try call("quote", str("a"), int(1), .bool(true)).plain == #""a" "1" "true""#)
        #expect(try call("quote", str("tab\t\"q\"")).plain == #""tab\t\"q\"""#)
        #expect(try call("cat", str("a"), str("b"), int(3)).plain == "a b 3")
        #expect(try call("cat", .bytes([104, 105])).plain == "[104 105]")
        #expect(try call("squote", .float(2.5), .null).plain == "'2.5'")
        #expect(try call("toDecimal", .float(777)).plain == "511:int64")
    }

    @Test func goPanicsBecomeErrors() {
        #expect(failure("substr", int(3), int(1), str("hello")) == "runtime error: slice bounds out of range [3:1]")
        #expect(failure("repeat", int(-1), str("x")) == "strings: negative Repeat count")
        #expect(failure("indent", int(-2), str("x")) == "strings: negative Repeat count")
    }
}

