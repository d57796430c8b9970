import GoTemplate

/// The word functions Sprig takes from Masterminds/goutils (`untitle`, `initials`,
/// `swapcase`, `wrap`, `abbrev`) and huandu/xstrings (`snakecase`, `kebabcase`, `camelcase`).
/// goutils works on bytes where it says `len(str)`; that is kept (a multi-byte letter counts
/// as several columns in `wrap`, as in Helm).
extension Sprig {
    /// goutils `Uncapitalize`: the first scalar of each space-separated word lower-cased.
    static func uncapitalize(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var next = true
        for scalar in s.unicodeScalars {
            if isGoSpace(scalar) { next = true; out.append(scalar) } else if next {
                out.append(simpleCase(scalar, upper: false)); next = false
            } else { out.append(scalar) }
        }
        return String(out)
    }

    /// goutils `Initials`: reads bytes as Latin-1 scalars, so a multi-byte first letter yields
    /// its lead byte's Latin-1 character, as Helm prints it.
    static func initials(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var gap = true
        for b in s.utf8 {
            guard let scalar = Unicode.Scalar(UInt32(b)) else { continue }
            if isGoSpace(scalar) { gap = true } else if gap { out.append(scalar); gap = false }
        }
        return String(out)
    }

    /// goutils `SwapCase`: upper → lower, a lower letter starting a word → title, else → upper.
    static func swapCase(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var whitespace = true
        for scalar in s.unicodeScalars {
            let p = scalar.properties
            if p.isUppercase || p.generalCategory == .titlecaseLetter {
                out.append(simpleCase(scalar, upper: false)); whitespace = false
            } else if p.isLowercase {
                out.append(whitespace ? titleCase(scalar) : simpleCase(scalar, upper: true)); whitespace = false
            } else {
                out.append(scalar); whitespace = isGoSpace(scalar)
            }
        }
        return String(out)
    }

    static func isConnector(_ s: Unicode.Scalar) -> Bool { s == "-" || s == "_" || isGoSpace(s) }

    /// xstrings `ToCamelCase`: connectors dropped, the scalar after one upper-cased, the first
    /// scalar upper-cased; leading and doubled connectors survive as one less.
    static func camelCase(_ s: String) -> String {
        var scalars = Array(s.unicodeScalars)[...]
        guard !scalars.isEmpty else { return "" }
        var out = String.UnicodeScalarView()
        var r0: Unicode.Scalar = " "
        while let first = scalars.popFirst() {
            if !isConnector(first) { r0 = simpleCase(first, upper: true); break }
            out.append(first)
            r0 = first
        }
        if scalars.isEmpty {
            // xstrings writes the last scalar read once more here (`_` becomes `__`).
            out.append(r0)
            return String(out)
        }
        while let next = scalars.popFirst() {
            let r1 = r0
            r0 = next
            if isConnector(r0) && isConnector(r1) { out.append(r1); continue }
            if isConnector(r1) { r0 = simpleCase(r0, upper: true) } else { out.append(r1) }
        }
        out.append(r0)
        return String(out)
    }

    private enum WordKind { case number, upper, alphabet, connector, punct, other }

    /// xstrings' notion of a letter: any Unicode letter except CJK ideographs.
    private static func isAlphabet(_ c: Unicode.Scalar) -> Bool {
        guard c.properties.isAlphabetic, c.properties.numericType == nil else { return false }
        switch c.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return false
        default: return true
        }
    }

    private static func isUpper(_ c: Unicode.Scalar) -> Bool { c.properties.isUppercase }

    private static func isPunct(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// xstrings' word scanner: the kind of the word at `i` and where it ends. An upper-case run
    /// followed by a lower-case letter leaves its last capital to the next word (`HTTPStatus`
    /// → `HTTP`, `Status`).
    private static func nextWord(_ s: [Unicode.Scalar], _ i: Int) -> (WordKind, Int) {
        let c = s[i]
        var j = i + 1
        if isConnector(c) {
            while j < s.count && isConnector(s[j]) { j += 1 }
            return (.connector, j)
        }
        if isPunct(c) {
            while j < s.count && isPunct(s[j]) { j += 1 }
            return (.punct, j)
        }
        if isUpper(c) {
            guard j < s.count else { return (.upper, j) }
            if isUpper(s[j]) {
                while j < s.count && isUpper(s[j]) { j += 1 }
                if j < s.count && isAlphabet(s[j]) { j -= 1 }
            } else if isAlphabet(s[j]) {
                while j < s.count && isAlphabet(s[j]) && !isUpper(s[j]) { j += 1 }
            }
            return (.upper, j)
        }
        if isAlphabet(c) {
            while j < s.count && isAlphabet(s[j]) && !isUpper(s[j]) { j += 1 }
            return (.alphabet, j)
        }
        if c.properties.numericType != nil {
            while j < s.count && s[j].properties.numericType != nil { j += 1 }
            return (.number, j)
        }
        while j < s.count, !isConnector(s[j]), !isAlphabet(s[j]), s[j].properties.numericType == nil, !isPunct(s[j]) { j += 1 }
        return (.other, j)
    }

    /// xstrings `ToSnakeCase`/`ToKebabCase` (v1.4): words split at case changes, connectors
    /// (`-`, `_`, spaces) written as `connector`, capitals lowered; digits join the word before
    /// them unless letters follow (`Bld4Floor3rd` → `bld4_floor_3rd`, `HTTP20xOK` →
    /// `http_20x_ok`).
    static func delimitedLowerCase(_ str: String, _ connector: Unicode.Scalar) -> String {
        let s = Array(str.unicodeScalars)
        guard !s.isEmpty else { return "" }
        var out = String.UnicodeScalarView()
        var pos = 0
        func next() -> (WordKind, ArraySlice<Unicode.Scalar>)? {
            guard pos < s.count else { return nil }
            let (k, end) = nextWord(s, pos)
            defer { pos = end }
            return (k, s[pos..<end])
        }
        func lower(_ k: WordKind, _ w: ArraySlice<Unicode.Scalar>) {
            guard k == .upper || k == .connector else { out.append(contentsOf: w); return }
            for c in w {
                if isConnector(c) { out.append(connector) } else if isUpper(c) { out.append(simpleCase(c, upper: false)) } else { out.append(c) }
            }
        }
        guard var (wt, word) = next() else { return "" }
        var end = false
        while !end && pos < s.count {
            if wt != .connector { lower(wt, word) }
            let prev = wt, last = word
            guard let n = next() else { break }
            (wt, word) = n
            switch prev {
            case .number:
                while wt == .alphabet || wt == .number {
                    lower(wt, word)
                    guard let n = next() else { end = true; wt = .other; word = []; break }
                    (wt, word) = n
                }
                if !end && wt != .punct && wt != .connector { out.append(connector) }
            case .connector:
                lower(prev, last)
            case .punct:
                break
            default:
                if wt != .number {
                    if wt != .connector && wt != .punct { out.append(connector) }
                    break
                }
                guard pos < s.count else { break }
                let digits = word
                guard let n = next() else { break }
                (wt, word) = n
                if wt != .alphabet {
                    lower(.number, digits)
                    if wt != .connector && wt != .punct { out.append(connector) }
                    break
                }
                out.append(connector)
                lower(.number, digits)
                while wt == .alphabet || wt == .number {
                    lower(wt, word)
                    guard let n = next() else { end = true; wt = .other; word = []; break }
                    (wt, word) = n
                }
                if !end && wt != .connector && wt != .punct { out.append(connector) }
            }
        }
        lower(wt, word)
        return String(out)
    }

    /// goutils `WrapCustom`: breaks at the last space within `width` bytes; a longer word is
    /// cut at `width` when `wrapLongWords`, else left whole up to the next space.
    static func wrap(_ s: String, width: Int, newline: String, wrapLongWords: Bool) -> String {
        let str = Array(s.utf8), nl = Array(newline.utf8)
        guard !str.isEmpty else { return "" }
        let width = max(width, 1)
        var out: [UInt8] = []
        out.reserveCapacity(str.count + str.count / width * nl.count)
        var offset = 0
        while str.count - offset > width {
            if str[offset] == 0x20 { offset += 1; continue }
            let end = width + offset + 1
            if let space = str[offset..<end].lastIndex(of: 0x20) {
                out.append(contentsOf: str[offset..<space]); out.append(contentsOf: nl)
                offset = space + 1
            } else if wrapLongWords {
                out.append(contentsOf: str[offset..<(width + offset)]); out.append(contentsOf: nl)
                offset += width
            } else if let space = str[(width + offset)...].firstIndex(of: 0x20) {
                out.append(contentsOf: str[offset..<space]); out.append(contentsOf: nl)
                offset = space + 1
            } else {
                out.append(contentsOf: str[offset...])
                offset = str.count
            }
        }
        out.append(contentsOf: str[offset...])
        return String(decoding: out, as: UTF8.self)
    }

    /// goutils `AbbreviateFull` (callers have checked the widths): `...` marks what was cut.
    static func abbreviate(_ s: String, offset: Int, width: Int) -> String {
        let str = Array(s.utf8)
        guard !str.isEmpty, width >= 4 else { return s }
        if str.count <= width { return s }
        var offset = min(offset, str.count)
        if str.count - offset < width - 3 { offset = str.count - (width - 3) }
        if offset <= 4 { return String(decoding: str[0..<(width - 3)], as: UTF8.self) + "..." }
        guard width >= 7 else { return "" }
        if offset + width - 3 < str.count {
            return "..." + abbreviate(String(decoding: str[offset...], as: UTF8.self), offset: 0, width: width - 3)
        }
        return "..." + String(decoding: str[(str.count - (width - 3))...], as: UTF8.self)
    }
}
