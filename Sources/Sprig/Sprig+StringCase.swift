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

    private enum WordKind { case upper, lower, digits, connector, other }

    /// xstrings `ToSnakeCase`/`ToKebabCase`: words split at case changes (`HTTPServer` →
    /// `http`, `server`), digits joined to the word before unless lower-case letters follow
    /// them (`Bld4Floor3rd` → `bld4_floor_3rd`), connectors (`-`, `_`, spaces) each written as
    /// `connector`, everything lower-cased.
    static func delimitedLowerCase(_ s: String, _ connector: Unicode.Scalar) -> String {
        func kind(_ c: Unicode.Scalar) -> WordKind {
            if isConnector(c) { return .connector }
            let p = c.properties
            if p.isUppercase || p.generalCategory == .titlecaseLetter { return .upper }
            if p.isLowercase || p.isAlphabetic { return .lower }
            if p.numericType != nil { return .digits }
            return .other
        }
        let scalars = Array(s.unicodeScalars)
        var words: [[Unicode.Scalar]] = []
        var kinds: [WordKind] = []
        var i = 0
        while i < scalars.count {
            let k = kind(scalars[i])
            var j = i + 1
            switch k {
            case .upper:
                while j < scalars.count && kind(scalars[j]) == .upper { j += 1 }
                if j < scalars.count && kind(scalars[j]) == .lower {
                    if j - i > 1 { j -= 1 } else { while j < scalars.count && kind(scalars[j]) == .lower { j += 1 } }
                }
            case .lower, .digits:
                while j < scalars.count && kind(scalars[j]) == k { j += 1 }
            case .connector, .other:
                break
            }
            words.append(Array(scalars[i..<j]))
            kinds.append(k == .upper ? .lower : k)
            i = j
        }
        // Digits: glued to a lower-case run after them (`2xx`), else to the word before.
        var merged: [[Unicode.Scalar]] = []
        var mergedKinds: [WordKind] = []
        var w = 0
        while w < words.count {
            if kinds[w] == .digits {
                let nextIsLower = w + 1 < words.count && kinds[w + 1] == .lower
                    && words[w + 1].first.map { kind($0) == .lower } == true
                if nextIsLower {
                    var word = words[w]
                    w += 1
                    while w < words.count, kinds[w] == .digits || (kinds[w] == .lower && kind(words[w][0]) == .lower) {
                        word += words[w]; w += 1
                    }
                    merged.append(word); mergedKinds.append(.lower)
                    continue
                }
                if let last = mergedKinds.last, last == .lower {
                    merged[merged.count - 1] += words[w]; w += 1
                    continue
                }
            }
            merged.append(words[w]); mergedKinds.append(kinds[w])
            w += 1
        }
        var out = String.UnicodeScalarView()
        for (n, word) in merged.enumerated() {
            let k = mergedKinds[n]
            if k == .connector { out.append(connector); continue }
            if n > 0, k != .other, mergedKinds[n - 1] != .connector, mergedKinds[n - 1] != .other { out.append(connector) }
            for c in word { out.append(simpleCase(c, upper: false)) }
        }
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
