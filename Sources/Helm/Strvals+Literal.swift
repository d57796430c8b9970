import GoTemplate

/// `--set-literal name=value`: the value is the rest of the argument, verbatim (commas,
/// backslashes and braces included); names still nest with `.` and `[i]`.
extension Strvals {
    public static func parseLiteral(_ text: String, into values: GoMap) throws(HelmError) {
        var parser = StrvalsLiteralParser(text: Array(text.unicodeScalars))
        while true {
            do throws(StrvalsStop) {
                try parser.key(values, level: 0)
            } catch {
                switch error {
                case .eof: return
                case .notList: throw HelmError("not a list")
                case .failure(let e): throw e
                }
            }
        }
    }
}

struct StrvalsLiteralParser {
    let text: [Unicode.Scalar]
    var position = 0

    private mutating func runesUntil(_ stop: Set<Unicode.Scalar>) -> (runes: [Unicode.Scalar], last: Unicode.Scalar?) {
        let start = position
        while position < text.count {
            let r = text[position]
            position += 1
            if stop.contains(r) { return (Array(text[start..<(position - 1)]), r) }
        }
        return (Array(text[start..<position]), nil)
    }

    private mutating func rest() -> GoValue {
        let v = String(String.UnicodeScalarView(text[position...]))
        position = text.count
        return .string(v)
    }

    private static func name(_ runes: [Unicode.Scalar]) -> String { String(String.UnicodeScalarView(runes)) }

    mutating func key(_ data: GoMap, level: Int) throws(StrvalsStop) {
        let (k, last) = runesUntil(["=", "[", "."])
        let kk = Self.name(k)
        switch last {
        case nil:
            if k.isEmpty { throw .eof }
            throw StrvalsStop("key \(ChartMetadata.quote(kk)) has no value")
        case "=":
            let v = rest()
            if !k.isEmpty { data[kk] = v }
        case ".":
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
            do throws(StrvalsStop) { try key(inner, level: next) } catch { failure = error }
            if failure == nil && inner.count == 0 { throw StrvalsStop("key map \(ChartMetadata.quote(kk)) has no value") }
            if inner.count != 0 && !k.isEmpty { data[kk] = .map(inner) }
            if let failure { throw failure }
        default:
            let index = try keyIndex()
            var list: [GoValue] = []
            if let existing = data[kk] {
                guard case .list(let l) = existing else { throw .failure(Strvals.conversionError(existing, want: "[]interface {}")) }
                list = l.items
            }
            var failure: StrvalsStop?
            do throws(StrvalsStop) { try listItem(&list, index, level: level) } catch { failure = error }
            if !k.isEmpty { data[kk] = .list(GoList(list)) }
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
            try Self.setIndex(&list, i, rest())
        case ".":
            var inner = GoMap()
            if list.count > i {
                if case .map(let m) = list[i] { inner = m } else { list[i] = .map(inner) }
            }
            try key(inner, level: level)
            try Self.setIndex(&list, i, .map(inner))
        default:
            let next = try keyIndex()
            var current: [GoValue] = []
            if list.count > i, !list[i].isNil {
                guard case .list(let l) = list[i] else { throw .failure(Strvals.conversionError(list[i], want: "[]interface {}")) }
                current = l.items
            }
            try listItem(&current, next, level: level)
            try Self.setIndex(&list, i, .list(GoList(current)))
        }
    }
}
