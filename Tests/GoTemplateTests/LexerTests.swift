import Testing
@testable import GoTemplate

/// The lexer's tokens as `kind value` strings, up to EOF or the first error.
private func tokens(_ text: String, left: String = "{{", right: String = "}}") -> [String] {
    var lexer = Lexer(input: Array(text.utf8), leftDelim: left, rightDelim: right)
    var out: [String] = []
    for _ in 0..<200 {
        let token = lexer.nextToken()
        switch token.kind {
        case .eof: out.append("EOF"); return out
        case .error: out.append("error \(lexer.errorMessage)"); return out
        default: out.append("\(token.kind) \(lexer.text(token))")
        }
    }
    return out
}

@Suite struct LexerTests {
    @Test func textAndActionWithFieldsAndPipe() {
        #expect(tokens("kind: {{ .Values.image | quote }}\n") == [
            "text kind: ", "leftDelim {{", "space  ", "field .Values", "field .image", "space  ", "pipe |",
            "space  ", "identifier quote", "space  ", "rightDelim }}", "text \n", "EOF",
        ])
    }

    @Test func trimMarkersEatSpaceAndNewlinesAroundTheAction() {
        #expect(tokens("a:  \n\t{{- .x -}}  \n b") == [
            "text a:", "leftDelim {{", "field .x", "rightDelim }}", "text b", "EOF",
        ])
    }

    @Test func aMinusWithoutSpaceIsANumberNotATrimMarker() {
        #expect(tokens("{{-7}}") == ["leftDelim {{", "number -7", "rightDelim }}", "EOF"])
        #expect(tokens("{{ 7 -}}") == ["leftDelim {{", "space  ", "number 7", "rightDelim }}", "EOF"])
    }

    @Test func commentsAreSkippedWithTheirTrimMarkers() {
        #expect(tokens("x {{- /* note\n more */ -}} y{{/**/}}z") == ["text x", "text y", "text z", "EOF"])
    }

    @Test func commentErrors() {
        #expect(tokens("{{/* open") == ["error unclosed comment"])
        #expect(tokens("{{/* c */ .x}}") == ["error comment ends before closing delimiter"])
    }

    @Test func keywordsVariablesAndDeclarations() {
        #expect(tokens("{{range $k, $v := .m}}{{else}}{{end}}") == [
            "leftDelim {{", "range range", "space  ", "variable $k", "char ,", "space  ", "variable $v", "space  ",
            "declare :=", "space  ", "field .m", "rightDelim }}", "leftDelim {{", "else else", "rightDelim }}",
            "leftDelim {{", "end end", "rightDelim }}", "EOF",
        ])
        #expect(tokens("{{$ = nil}}") == ["leftDelim {{", "variable $", "space  ", "assign =", "space  ", "nil nil", "rightDelim }}", "EOF"])
        #expect(tokens("{{$.a true false .}}") == [
            "leftDelim {{", "variable $", "field .a", "space  ", "bool true", "space  ", "bool false", "space  ",
            "dot .", "rightDelim }}", "EOF",
        ])
    }

    @Test func stringsRawStringsAndChars() {
        #expect(tokens(#"{{"a \"q\"" `r\n` 'x' '\n'}}"#) == [
            "leftDelim {{", #"string "a \"q\"""#, "space  ", #"rawString `r\n`"#, "space  ", "charConstant 'x'",
            "space  ", #"charConstant '\n'"#, "rightDelim }}", "EOF",
        ])
        #expect(tokens("{{\"open}}") == ["leftDelim {{", "error unterminated quoted string"])
        #expect(tokens("{{`open}}") == ["leftDelim {{", "error unterminated raw quoted string"])
        #expect(tokens("{{'o}}") == ["leftDelim {{", "error unterminated character constant"])
    }

    @Test(arguments: ["42", "-0x1F", "0o17", "0b1010", "1_000_000", "3.25", "6.02e23", "1E-3", "0x1.8p1", ".5", "2i", "1+2i", "-1.5-0.5i"])
    func numbersInEveryGoForm(_ literal: String) {
        let kind = literal.hasSuffix("i") && literal.dropFirst().contains(where: { $0 == "+" || $0 == "-" }) ? "complex" : "number"
        #expect(tokens("{{\(literal)}}") == ["leftDelim {{", "\(kind) \(literal)", "rightDelim }}", "EOF"])
    }

    @Test func badNumbersAndCharacters() {
        #expect(tokens("{{3k}}") == ["leftDelim {{", "error bad number syntax: \"3k\""])
        #expect(tokens("{{.x+1}}") == ["leftDelim {{", "error bad character U+002B '+'"])
        #expect(tokens("{{a#}}") == ["leftDelim {{", "error bad character U+0023 '#'"])
        #expect(tokens("{{ \u{1} }}") == ["leftDelim {{", "space  ", "error unrecognized character in action: U+0001"])
        #expect(tokens("{{:x}}") == ["leftDelim {{", "error expected :="])
    }

    @Test func parensAreCountedAgainstTheRightDelimiter() {
        #expect(tokens("{{(.a}}") == ["leftDelim {{", "leftParen (", "field .a", "error unclosed left paren"])
        #expect(tokens("{{.a)}}") == ["leftDelim {{", "field .a", "error unexpected right paren"])
        #expect(tokens("{{ .a") == ["leftDelim {{", "space  ", "field .a", "error unclosed action"])
    }

    @Test func customDelimiters() {
        #expect(tokens("a [[- .b ]] {{ c }}", left: "[[", right: "]]") == [
            "text a", "leftDelim [[", "field .b", "space  ", "rightDelim ]]", "text  {{ c }}", "EOF",
        ])
    }

    @Test func unicodeIdentifiersAndText() {
        #expect(tokens("é {{ .naïve }}") == [
            "text é ", "leftDelim {{", "space  ", "field .naïve", "space  ", "rightDelim }}", "EOF",
        ])
    }

    @Test func linesCountNewlinesInTextTrimmedSpaceAndComments() {
        var lexer = Lexer(input: Array("a\n{{/*\n*/}}\n{{- \n .x\n}}".utf8), leftDelim: "{{", rightDelim: "}}")
        var lines: [String] = []
        while true {
            let token = lexer.nextToken()
            if token.kind == .eof { break }
            lines.append("\(token.kind)@\(token.line)")
        }
        #expect(lines == ["text@1", "leftDelim@4", "space@4", "field@5", "space@5", "rightDelim@6"])
    }
}
