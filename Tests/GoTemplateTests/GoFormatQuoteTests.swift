import Testing
@testable import GoTemplate

/// `strconv.Quote` and friends: Go's escapes, printable Unicode kept as-is (Unicode 15.0, as
/// Go 1.22's `unicode.IsPrint`), invalid UTF-8 as `\x..`.
@Suite struct GoFormatQuoteTests {
    @Test(arguments: [
        ("hello", #""hello""#),
        (#"a"b\c"#, #""a\"b\\c""#),
        ("\u{07}\u{08}\u{0C}\n\r\t\u{0B}", #""\a\b\f\n\r\t\v""#),
        ("\u{00}\u{1B}\u{7F}", #""\x00\x1b\x7f""#),
        ("it's", #""it's""#),
        ("☺ 日本語 é", #""☺ 日本語 é""#),
        ("\u{00A0}\u{00AD}\u{200B}\u{FEFF}", #""\u00a0\u00ad\u200b\ufeff""#),
        ("\u{E000}\u{F0000}", #""\ue000\U000f0000""#),
        ("\u{1F600}", #""😀""#),
        // CJK Extension H came with Unicode 15.0, Extension I with 15.1: Go 1.22 knows only H.
        ("\u{31350}\u{2EBF0}", "\"\u{31350}\\U0002ebf0\""),
    ])
    func quote(_ input: String, _ expected: String) {
        #expect(GoFormat.quote(input) == expected)
    }

    @Test func quoteToASCII() {
        #expect(GoFormat.quoteToASCII("é☺😀\n") == #""\u00e9\u263a\U0001f600\n""#)
    }

    @Test func invalidUTF8Bytes() {
        #expect(GoFormat.quote(bytes: [0x61, 0xFF, 0x62]) == #""a\xffb""#)
        // An encoded surrogate and an overlong form are invalid byte by byte.
        #expect(GoFormat.quote(bytes: [0xED, 0xA0, 0x80]) == #""\xed\xa0\x80""#)
        #expect(GoFormat.quote(bytes: [0xC0, 0xAF]) == #""\xc0\xaf""#)
        #expect(GoFormat.quote(bytes: Array("é".utf8)) == #""é""#)
        // A cut-off sequence: the lead byte alone is invalid; what follows is read afresh.
        #expect(GoFormat.quote(bytes: [0xE2, 0x98, 0x41]) == #""\xe2\x98A""#)
    }

    @Test func quoteRune() {
        #expect(GoFormat.quoteRune("a") == "'a'")
        #expect(GoFormat.quoteRune("'") == #"'\''"#)
        #expect(GoFormat.quoteRune("\"") == #"'"'"#)
        #expect(GoFormat.quoteRune("\n") == #"'\n'"#)
        #expect(GoFormat.quoteRune("☺") == "'☺'")
        #expect(GoFormat.sprintf("%q", [.integer(0xD800), .integer(-1)]) == "'�'%!(EXTRA int=-1)")
        #expect(GoFormat.sprintf("%q %c", [.integer(-1), .integer(0x110000)]) == "'�' �")
    }
}
