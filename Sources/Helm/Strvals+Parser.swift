import GoTemplate

/// Why a step of the strvals parser stopped: the end of the input (which ends a parse
/// normally), a value that is not a `{…}` list, or a real error.
enum StrvalsStop: Error {
    case eof
    case notList
    case failure(HelmError)

    init(_ message: String) { self = .failure(HelmError(message)) }
}

/// The state machine of Helm's strvals parser, over the argument's Unicode scalars. One
/// machine serves `--set`/`--set-string`/`--set-file` (`.reader`), `--set-json` (`.json`) and
/// `--set-literal` (`.literal`: no escapes, no commas, the value is the rest of the argument).
struct StrvalsParser {
    enum Mode {
        case reader((_ runes: [Unicode.Scalar]) throws(HelmError) -> GoValue)
        case json
        case literal
    }

    let text: [Unicode.Scalar]
    var position = 0
    let mode: Mode

    init(_ text: String, mode: Mode) {
        self.text = Array(text.unicodeScalars)
        self.mode = mode
    }

    mutating func parse(into data: GoMap) throws(HelmError) {
        while true {
            do throws(StrvalsStop) {
                try key(data, level: 0)
            } catch {
                switch error {
                case .eof: return
                case .notList: throw HelmError("not a list")
                case .failure(let e): throw e
                }
            }
        }
    }

    private mutating func read() -> Unicode.Scalar? {
        guard position < text.count else { return nil }
        defer { position += 1 }
        return text[position]
    }

    private var isLiteral: Bool {
        if case .literal = mode { return true }
        return false
    }

    /// Runes up to one of `stop` (consumed and returned as `last`), backslash escapes applied
    /// (not in literal mode); `last` is nil at the end of the input.
    private mutating func runesUntil(_ stop: Set<Unicode.Scalar>) -> (runes: [Unicode.Scalar], last: Unicode.Scalar?) {
        var out: [Unicode.Scalar] = []
        let escapes = !isLiteral
        while let r = read() {
            if stop.contains(r) { return (out, r) }
            if escapes && r == "\\" {
                guard let next = read() else { return (out, nil) }
                out.append(next)
            } else {
                out.append(r)
            }
        }
        return (out, nil)
    }

    private func value(_ runes: [Unicode.Scalar]) throws(StrvalsStop) -> GoValue {
        guard case .reader(let reader) = mode else { return .string(String(String.UnicodeScalarView(runes))) }
        do throws(HelmError) {
            return try reader(runes)
        } catch {
            throw .failure(error)
        }
    }

    /// The literal mode's value: the rest of the argument, verbatim.
    private mutating func rest() -> GoValue {
        let v = String(String.UnicodeScalarView(text[position...]))
        position = text.count
        return .string(v)
    }

    private static func set(_ data: GoMap, _ key: [Unicode.Scalar], _ value: GoValue) {
        guard !key.isEmpty else { return }
        data[String(String.UnicodeScalarView(key))] = value
    }

    private static func name(_ runes: [Unicode.Scalar]) -> String { String(String.UnicodeScalarView(runes)) }

    mutating func key(_ data: GoMap, level: Int) throws(StrvalsStop) {
        let (k, last) = runesUntil(isLiteral ? ["=", "[", "."] : ["=", "[", ",", "."])
        let kk = Self.name(k)
        switch last {
        case nil:
            if k.isEmpty { throw .eof }
            throw StrvalsStop("key \(ChartMetadata.quote(kk)) has no value")
        case "[":
            let index = try keyIndex()
            var list: [GoValue] = []
            if let existing = data[kk] {
                guard case .list(let l) = existing else { throw .failure(Strvals.conversionError(existing, want: "[]interface {}")) }
                list = l.items
            }
            var failure: StrvalsStop?
            do throws(StrvalsStop) {
                try listItem(&list, index, level: level)
            } catch {
                failure = error
            }
            Self.set(data, k, .list(GoList(list)))
            if let failure { throw failure }
        case "=":
            if isLiteral { return Self.set(data, k, rest()) }
            if case .json = mode {
                if try emptyValue() {
                    Self.set(data, k, .null)
                    return
                }
                Self.set(data, k, try jsonValue())
                _ = try emptyValue()
                return
            }
            do throws(StrvalsStop) {
                let list = try valueList()
                Self.set(data, k, .list(GoList(list)))
            } catch {
                switch error {
                case .eof:
                    Self.set(data, k, .string(""))
                    throw .eof
                case .notList:
                    let runes = runesUntil([","]).runes
                    Self.set(data, k, try value(runes))
                case .failure:
                    throw error
                }
            }
        case ",":
            Self.set(data, k, .string(""))
            throw StrvalsStop("key \(ChartMetadata.quote(kk)) has no value (cannot end with ,)")
        default:
            let next = level + 1
            if next > Strvals.maximumNestedNameLevel {
                throw StrvalsStop("value name nested level is greater than maximum supported nested level of \(Strvals.maximumNestedNameLevel)")
            }
            var inner = GoMap()
            if let existing = data[kk] {
                guard case .map(let m) = existing else { throw .failure(Strvals.conversionError(existing, want: "map[string]interface {}")) }
                inner = m
            }
            var failure: StrvalsStop?
            do throws(StrvalsStop) {
                try key(inner, level: next)
            } catch {
                failure = error
            }
            if failure == nil && inner.count == 0 {
                throw StrvalsStop("key map \(ChartMetadata.quote(kk)) has no value")
            }
            if inner.count != 0 { Self.set(data, k, .map(inner)) }
            if let failure { throw failure }
        }
    }

    private mutating func keyIndex() throws(StrvalsStop) -> Int {
        let (v, last) = runesUntil(["]"])
        guard last != nil else { throw StrvalsStop("error parsing index: EOF") }
        do throws(HelmError) {
            return try Strvals.atoi(Self.name(v))
        } catch {
            throw .failure(error.wrapped("error parsing index"))
        }
    }

    private static func setIndex(_ list: inout [GoValue], _ index: Int, _ value: GoValue) throws(StrvalsStop) {
        if index < 0 { throw StrvalsStop("negative \(index) index not allowed") }
        if index > Strvals.maximumIndex {
            throw StrvalsStop("index of \(index) is greater than maximum supported index of \(Strvals.maximumIndex)")
        }
        if list.count <= index { list.append(contentsOf: repeatElement(GoValue.null, count: index + 1 - list.count)) }
        list[index] = value
    }

    private mutating func listItem(_ list: inout [GoValue], _ i: Int, level: Int) throws(StrvalsStop) {
        if i < 0 { throw StrvalsStop("negative \(i) index not allowed") }
        let (k, last) = runesUntil(["[", ".", "="])
        if !k.isEmpty { throw StrvalsStop("unexpected data at end of array index: \(Strvals.quoteRunes(k))") }
        switch last {
        case nil:
            throw .eof
        case "=":
            if isLiteral { return try Self.setIndex(&list, i, rest()) }
            if case .json = mode {
                if try emptyValue() { return try Self.setIndex(&list, i, .null) }
                try Self.setIndex(&list, i, try jsonValue())
                _ = try emptyValue()
                return
            }
            do throws(StrvalsStop) {
                let values = try valueList()
                try Self.setIndex(&list, i, .list(GoList(values)))
            } catch {
                switch error {
                case .eof: try Self.setIndex(&list, i, .string(""))
                case .notList:
                    let runes = runesUntil([","]).runes
                    try Self.setIndex(&list, i, try value(runes))
                case .failure: throw error
                }
            }
        case "[":
            let next = try keyIndex()
            var current: [GoValue] = []
            if list.count > i, !list[i].isNil {
                guard case .list(let l) = list[i] else { throw .failure(Strvals.conversionError(list[i], want: "[]interface {}")) }
                current = l.items
            }
            try listItem(&current, next, level: level)
            try Self.setIndex(&list, i, .list(GoList(current)))
        case ".":
            var inner = GoMap()
            if list.count > i {
                if case .map(let m) = list[i] { inner = m } else { list[i] = .map(inner) }
            }
            try key(inner, level: level)
            try Self.setIndex(&list, i, .map(inner))
        default:
            throw StrvalsStop("parse error: unexpected token \(last.map { String($0.value) } ?? "0")")
        }
    }

    /// Spaces are skipped; true at the end or at a comma (both consumed), false before any
    /// other character (not consumed).
    private mutating func emptyValue() throws(StrvalsStop) -> Bool {
        while let r = read() {
            if r == "," { return true }
            if !r.properties.isWhitespace {
                position -= 1
                return false
            }
        }
        return true
    }

    /// `{a,b}`; `.notList` (nothing consumed) when the value does not start with `{`.
    private mutating func valueList() throws(StrvalsStop) -> [GoValue] {
        guard let r = read() else { throw .eof }
        if r != "{" {
            position -= 1
            throw .notList
        }
        var list: [GoValue] = []
        while true {
            let (runes, last) = runesUntil([",", "}"])
            switch last {
            case nil:
                throw StrvalsStop("list must terminate with '}'")
            case "}":
                if let next = read(), next != "," { position -= 1 }
                list.append(try value(runes))
                return list
            default:
                list.append(try value(runes))
            }
        }
    }

    private mutating func jsonValue() throws(StrvalsStop) -> GoValue {
        var reader = StrvalsJSON(text: text, position: position)
        do throws(HelmError) {
            let v = try reader.value(depth: 0)
            position = reader.position
            return v
        } catch {
            throw .failure(error)
        }
    }
}
