import GoTemplate

extension Sprig {
    /// Sprig's regex functions over Go's `regexp` (RE2). The plain forms panic on a bad pattern
    /// (`regexp: Compile(…): …`, as `MustCompile` does) except `regexMatch`, which answers false;
    /// the `must` forms return the parse error itself.
    static var regexFunctions: [String: GoFunction] {
        let ss = "func(string, string)", ssi = "func(string, string, int)", sss = "func(string, string, string)"
        return table([
            def("regexMatch", [.string, .string], "\(ss) bool") { a in
                .bool((try? Regex.compile(a.string(0)))?.matches(a.string(1)) ?? false)
            },
            def("mustRegexMatch", [.string, .string], "\(ss) (bool, error)") { a in
                .bool(try Regex.compile(a.string(0)).matches(a.string(1)))
            },
            def("regexFindAll", [.string, .string, .int], "\(ssi) []string") { a in
                .strings(try mustCompile(a.string(0)).findAllString(a.string(1), a.int(2)))
            },
            def("mustRegexFindAll", [.string, .string, .int], "\(ssi) ([]string, error)") { a in
                .strings(try Regex.compile(a.string(0)).findAllString(a.string(1), a.int(2)))
            },
            def("regexFind", [.string, .string], "\(ss) string") { a in
                .string(try mustCompile(a.string(0)).findString(a.string(1)))
            },
            def("mustRegexFind", [.string, .string], "\(ss) (string, error)") { a in
                .string(try Regex.compile(a.string(0)).findString(a.string(1)))
            },
            def("regexReplaceAll", [.string, .string, .string], "\(sss) string") { a in
                .string(try mustCompile(a.string(0)).replaceAll(a.string(1), with: a.string(2), literal: false))
            },
            def("mustRegexReplaceAll", [.string, .string, .string], "\(sss) (string, error)") { a in
                .string(try Regex.compile(a.string(0)).replaceAll(a.string(1), with: a.string(2), literal: false))
            },
            def("regexReplaceAllLiteral", [.string, .string, .string], "\(sss) string") { a in
                .string(try mustCompile(a.string(0)).replaceAll(a.string(1), with: a.string(2), literal: true))
            },
            def("mustRegexReplaceAllLiteral", [.string, .string, .string], "\(sss) (string, error)") { a in
                .string(try Regex.compile(a.string(0)).replaceAll(a.string(1), with: a.string(2), literal: true))
            },
            def("regexSplit", [.string, .string, .int], "\(ssi) []string") { a in
                .strings(try mustCompile(a.string(0)).split(a.string(1), a.int(2)))
            },
            def("mustRegexSplit", [.string, .string, .int], "\(ssi) ([]string, error)") { a in
                .strings(try Regex.compile(a.string(0)).split(a.string(1), a.int(2)))
            },
            def("regexQuoteMeta", [.string], "func(string) string") { .string(Regex.quoteMeta($0.string(0))) },
        ])
    }

    /// `regexp.MustCompile`: a bad pattern is the panic text Go's template engine reports.
    static func mustCompile(_ p: String) throws(GoFunctionError) -> Regex {
        do throws(GoFunctionError) { return try Regex.compile(p) } catch {
            throw GoFunctionError("regexp: Compile(\(backquote(p))): \(error.message)")
        }
    }

    /// Go's `regexp.quote`: backquoted when `strconv.CanBackquote`, else `strconv.Quote`.
    static func backquote(_ s: String) -> String {
        let can = s.unicodeScalars.allSatisfy { c in
            c == "\t" || (c.value >= 0x20 && c != "`" && c.value != 0x7F && c != "\u{FEFF}")
        }
        return can ? "`\(s)`" : GoFormat.quote(s)
    }
}
