import GoTemplate

extension Sprig {
    /// Sprig's string functions. Offsets and lengths are bytes, as in Go (`substr`, `trunc`,
    /// `abbrev` count UTF-8 bytes), and the argument order is Sprig's pipeline-friendly one
    /// (`"foo" | trimPrefix "f"`).
    static var stringFunctions: [String: GoFunction] {
        table([
            def("hello", [], "func() string") { _ in .string("Hello!") },
            def("trim", [.string], "func(string) string") { .string(trimSpace($0.string(0))) },
            def("upper", [.string], "func(string) string") { .string(mapScalars($0.string(0), upper: true)) },
            def("lower", [.string], "func(string) string") { .string(mapScalars($0.string(0), upper: false)) },
            def("title", [.string], "func(string) string") { .string(title($0.string(0))) },
            def("untitle", [.string], "func(string) string") { .string(uncapitalize($0.string(0))) },
            def("substr", [.int, .int, .string], "func(int, int, string) string") { a in
                try .string(substring(a.int(0), a.int(1), a.string(2)))
            },
            def("repeat", [.int, .string], "func(int, string) string") { a in
                let count = a.int(0)
                guard count >= 0 else { throw GoFunctionError("strings: negative Repeat count") }
                let s = a.string(1)
                let (size, overflow) = s.utf8.count.multipliedReportingOverflow(by: count)
                guard !overflow else { throw GoFunctionError("strings: Repeat output length overflow") }
                guard size <= maximumStringBytes else { throw tooLarge("repeat", size) }
                return .string(String(repeating: s, count: count))
            },
            def("trimall", [.string, .string], "func(string, string) string") { .string(trim($0.string(1), cutset: $0.string(0))) },
            def("trimAll", [.string, .string], "func(string, string) string") { .string(trim($0.string(1), cutset: $0.string(0))) },
            def("trimSuffix", [.string, .string], "func(string, string) string") { a in
                let s = a.string(1), suffix = a.string(0)
                guard hasSuffix(s, suffix) else { return .string(s) }
                return .string(String(decoding: Array(s.utf8).dropLast(suffix.utf8.count), as: UTF8.self))
            },
            def("trimPrefix", [.string, .string], "func(string, string) string") { a in
                let s = a.string(1), prefix = a.string(0)
                guard hasPrefix(s, prefix) else { return .string(s) }
                return .string(String(decoding: Array(s.utf8).dropFirst(prefix.utf8.count), as: UTF8.self))
            },
            def("nospace", [.string], "func(string) string") { a in
                .string(String(String.UnicodeScalarView(a.string(0).unicodeScalars.filter { !isGoSpace($0) })))
            },
            def("initials", [.string], "func(string) string") { .string(initials($0.string(0))) },
            def("swapcase", [.string], "func(string) string") { .string(swapCase($0.string(0))) },
            def("shuffle", [.string], "func(string) string") { a in
                .string(String(String.UnicodeScalarView(Array(a.string(0).unicodeScalars).shuffled())))
            },
            def("snakecase", [.string], "func(string) string") { .string(delimitedLowerCase($0.string(0), "_")) },
            def("kebabcase", [.string], "func(string) string") { .string(delimitedLowerCase($0.string(0), "-")) },
            def("camelcase", [.string], "func(string) string") { .string(camelCase($0.string(0))) },
            def("wrap", [.int, .string], "func(int, string) string") { a in
                .string(wrap(a.string(1), width: a.int(0), newline: "\n", wrapLongWords: false))
            },
            def("wrapWith", [.int, .string, .string], "func(int, string, string) string") { a in
                .string(wrap(a.string(2), width: a.int(0), newline: a.string(1), wrapLongWords: true))
            },
            def("contains", [.string, .string], "func(string, string) bool") { a in
                let needle = a.string(0)
                return .bool(needle.isEmpty || a.string(1).utf8.count >= needle.utf8.count && indexOf(a.string(1), needle) != nil)
            },
            def("hasPrefix", [.string, .string], "func(string, string) bool") { .bool(hasPrefix($0.string(1), $0.string(0))) },
            def("hasSuffix", [.string, .string], "func(string, string) bool") { .bool(hasSuffix($0.string(1), $0.string(0))) },
            def("quote", [], variadic: .any, "func(...interface {}) string") { a in
                .string(a.filter { !$0.isNil }.map { GoFormat.quote(Cast.strval($0)) }.joined(separator: " "))
            },
            def("squote", [], variadic: .any, "func(...interface {}) string") { a in
                .string(a.filter { !$0.isNil }.map { "'" + formatV($0) + "'" }.joined(separator: " "))
            },
            def("cat", [], variadic: .any, "func(...interface {}) string") { a in
                .string(a.filter { !$0.isNil }.map { formatV($0) }.joined(separator: " "))
            },
            def("indent", [.int, .string], "func(int, string) string") { a in try .string(indent(a.int(0), a.string(1))) },
            def("nindent", [.int, .string], "func(int, string) string") { a in try .string("\n" + indent(a.int(0), a.string(1))) },
            def("replace", [.string, .string, .string], "func(string, string, string) string") { a in
                .string(replaceAll(a.string(2), a.string(0), a.string(1)))
            },
            def("plural", [.string, .string, .int], "func(string, string, int) string") { a in
                .string(a.int(2) == 1 ? a.string(0) : a.string(1))
            },
            def("trunc", [.int, .string], "func(int, string) string") { a in
                let c = a.int(0), bytes = Array(a.string(1).utf8)
                if c < 0 && bytes.count + c > 0 { return .string(String(decoding: bytes[(bytes.count + c)...], as: UTF8.self)) }
                if c >= 0 && bytes.count > c { return .string(String(decoding: bytes[..<c], as: UTF8.self)) }
                return .string(a.string(1))
            },
            def("abbrev", [.int, .string], "func(int, string) string") { a in
                .string(a.int(0) < 4 ? a.string(1) : abbreviate(a.string(1), offset: 0, width: a.int(0)))
            },
            def("abbrevboth", [.int, .int, .string], "func(int, int, string) string") { a in
                let left = a.int(0), right = a.int(1)
                if right < 4 || left > 0 && right < 7 { return .string(a.string(2)) }
                return .string(abbreviate(a.string(2), offset: left, width: right))
            },
            def("toString", [.any], "func(interface {}) string") { .string(Cast.strval($0.arg(0))) },
            def("toStrings", [.any], "func(interface {}) []string") { .strings(Cast.strslice($0.arg(0))) },
            def("join", [.string, .any], "func(string, interface {}) string") { a in
                .string(Cast.strslice(a.arg(1)).joined(separator: a.string(0)))
            },
            def("sortAlpha", [.any], "func(interface {}) []string") { a in
                let v = a.arg(0)
                guard Cast.isSlice(v) else { return .strings([Cast.strval(v)]) }
                return .strings(Cast.strslice(v).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            },
            def("split", [.string, .string], "func(string, string) map[string]string") { a in
                numbered(splitGo(a.string(1), a.string(0), limit: -1))
            },
            def("splitn", [.string, .int, .string], "func(string, int, string) map[string]string") { a in
                numbered(splitGo(a.string(2), a.string(0), limit: a.int(1)))
            },
            def("splitList", [.string, .string], "func(string, string) []string") { a in
                .strings(splitGo(a.string(1), a.string(0), limit: -1))
            },
        ])
    }

    /// The largest string `repeat`, `indent` and friends build: a template cannot make the
    /// process allocate without bound (Go would try, and die of it). 100 MiB, the most a Helm
    /// render may print (`ExecutionBudget.defaultMaxOutputBytes`).
    static let maximumStringBytes = 100 << 20

    /// `repeat: output of 1000000000 bytes is larger than the limit of 104857600 bytes`
    static func tooLarge(_ function: String, _ size: Int) -> GoFunctionError {
        GoFunctionError("\(function): output of \(size) bytes is larger than the limit of \(maximumStringBytes) bytes")
    }

    /// `%v` of one operand (`squote` and `cat` format with `fmt`, not `strval`: a `[]byte`
    /// prints as numbers there).
    static func formatV(_ v: GoValue) -> String {
        if case .string(let s) = v { return s }
        return GoFormat.formatValue(v)
    }

    /// `split`'s map: `_0`, `_1`, … (a `map[string]string`).
    static func numbered(_ parts: [String]) -> GoValue {
        var entries: [String: GoValue] = [:]
        for (i, p) in parts.enumerated() { entries["_\(i)"] = .string(p) }
        return .map(GoMap(entries, typeName: "map[string]string", elementType: "string"))
    }

    /// Sprig's `substring` over bytes: `start < 0` takes `s[:end]`, an `end` out of range
    /// takes `s[start:]`; Go's slice panics become errors with Go's text.
    static func substring(_ start: Int, _ end: Int, _ s: String) throws(GoFunctionError) -> String {
        let bytes = Array(s.utf8)
        if start < 0 {
            guard end >= 0, end <= bytes.count else {
                throw GoFunctionError("runtime error: slice bounds out of range [:\(end)] with length \(bytes.count)")
            }
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
        if end < 0 || end > bytes.count {
            guard start <= bytes.count else {
                throw GoFunctionError("runtime error: slice bounds out of range [\(start):\(bytes.count)]")
            }
            return String(decoding: bytes[start...], as: UTF8.self)
        }
        guard start <= end else { throw GoFunctionError("runtime error: slice bounds out of range [\(start):\(end)]") }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    static func indent(_ spaces: Int, _ v: String) throws(GoFunctionError) -> String {
        guard spaces >= 0 else { throw GoFunctionError("strings: negative Repeat count") }
        guard spaces <= maximumStringBytes else { throw GoFunctionError("strings: Repeat output length overflow") }
        var lines = 1
        for byte in v.utf8 where byte == 0x0a { lines += 1 }
        let (padding, overflow) = spaces.multipliedReportingOverflow(by: lines)
        guard !overflow, padding <= maximumStringBytes - min(v.utf8.count, maximumStringBytes) else {
            throw tooLarge("indent", overflow ? Int.max : padding + v.utf8.count)
        }
        let pad = String(repeating: " ", count: spaces)
        return pad + replaceAll(v, "\n", "\n" + pad)
    }
}
