extension CELInterpreter {
    /// The string functions: the standard `contains`, `startsWith`, `endsWith`, `matches`, and
    /// the cel-go strings extension Kubernetes and Flux enable. Positions and lengths count
    /// Unicode code points, as CEL does, never bytes or grapheme clusters. Returns `nil` when
    /// no overload matches.
    mutating func stringMethod(_ name: String, _ s: String, _ args: [CELValue]) throws(CELError) -> CELValue? {
        func stringArg(_ i: Int) -> String? {
            if i < args.count, case .string(let a) = args[i] { return a }
            return nil
        }
        func intArg(_ i: Int) -> Int64? {
            if i < args.count, case .int(let a) = args[i] { return a }
            return nil
        }
        switch (name, args.count) {
        case ("contains", 1):
            guard let sub = stringArg(0) else { return nil }
            return .bool(try find(Array(sub.utf8), in: Array(s.utf8), from: 0) != nil)
        case ("startsWith", 1):
            guard let p = stringArg(0) else { return nil }
            return .bool(s.utf8.starts(with: p.utf8))
        case ("endsWith", 1):
            guard let p = stringArg(0) else { return nil }
            return .bool(s.utf8.reversed().starts(with: p.utf8.reversed()))
        case ("matches", 1):
            guard let pattern = stringArg(0) else { return nil }
            return .bool(try matches(s, pattern))
        case ("lowerAscii", 0), ("upperAscii", 0):
            let upper = name == "upperAscii"
            let bytes = s.utf8.map { b -> UInt8 in
                if upper, b >= 0x61, b <= 0x7A { return b - 32 }
                if !upper, b >= 0x41, b <= 0x5A { return b + 32 }
                return b
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        case ("trim", 0):
            let scalars = Array(s.unicodeScalars)
            guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
                  let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
            else { return .string("") }
            return .string(String(String.UnicodeScalarView(scalars[first...last])))
        case ("split", 1), ("split", 2):
            guard let separator = stringArg(0) else { return nil }
            let limit = args.count == 2 ? intArg(1) : -1
            guard let limit else { return nil }
            try produce(size: s.utf8.count)
            return .list(split(s, separator, limit: limit).map { .string($0) })
        case ("indexOf", 1), ("indexOf", 2), ("lastIndexOf", 1), ("lastIndexOf", 2):
            guard let sub = stringArg(0) else { return nil }
            let scalars = Array(s.unicodeScalars), needle = Array(sub.unicodeScalars)
            let last = name == "lastIndexOf"
            var from = Int64(last ? scalars.count : 0)
            if args.count == 2 {
                guard let f = intArg(1) else { return nil }
                guard f >= 0, f <= Int64(scalars.count) else {
                    throw .eval("\(name): index out of range: \(f) (string length \(scalars.count))")
                }
                from = f
            }
            try charge(scalars.count * max(needle.count, 1) / 64)
            if last {
                var i = min(Int(from), scalars.count - needle.count)
                while i >= 0 {
                    if scalars[i..<i + needle.count].elementsEqual(needle) { return .int(Int64(i)) }
                    i -= 1
                }
                return .int(-1)
            }
            var i = Int(from)
            while i + needle.count <= scalars.count {
                if scalars[i..<i + needle.count].elementsEqual(needle) { return .int(Int64(i)) }
                i += 1
            }
            return .int(-1)
        case ("replace", 2), ("replace", 3):
            guard let old = stringArg(0), let new = stringArg(1) else { return nil }
            let limit = args.count == 3 ? intArg(2) : -1
            guard let limit else { return nil }
            let parts = split(s, old, limit: limit < 0 || limit == Int64.max ? -1 : limit + 1)
            let size = s.utf8.count + parts.count * new.utf8.count
            try produce(size: size)
            return .string(parts.joined(separator: new))
        case ("substring", 1), ("substring", 2):
            let scalars = Array(s.unicodeScalars)
            guard let start = intArg(0) else { return nil }
            let end = args.count == 2 ? intArg(1) : Int64(scalars.count)
            guard let end else { return nil }
            guard start >= 0, start <= Int64(scalars.count), end >= 0, end <= Int64(scalars.count) else {
                throw .eval("substring: index out of range: [\(start):\(end)] (string length \(scalars.count))")
            }
            guard start <= end else { throw .eval("substring: start \(start) is after end \(end)") }
            return .string(String(String.UnicodeScalarView(scalars[Int(start)..<Int(end)])))
        case ("charAt", 1):
            guard let i = intArg(0) else { return nil }
            let scalars = Array(s.unicodeScalars)
            guard i >= 0, i <= Int64(scalars.count) else {
                throw .eval("charAt: index out of range: \(i) (string length \(scalars.count))")
            }
            return .string(i == Int64(scalars.count) ? "" : String(scalars[Int(i)]))
        case ("reverse", 0):
            return .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed())))
        default:
            return nil
        }
    }

    /// Byte offset of `needle` in `haystack` at or after `from` (UTF-8 search is code-point exact).
    mutating func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) throws(CELError) -> Int? {
        guard needle.count <= haystack.count - from else { return nil }
        if needle.isEmpty { return from }
        try charge((haystack.count - from) * needle.count / 64)
        var i = from
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], haystack[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Go's `strings.SplitN`: `limit` 0 gives no parts, negative gives all, an empty separator
    /// splits into code points.
    private func split(_ s: String, _ separator: String, limit: Int64) -> [String] {
        if limit == 0 { return [] }
        if separator.isEmpty {
            var parts = s.unicodeScalars.map { String($0) }
            if limit > 0, parts.count > Int(limit) {
                let rest = parts[(Int(limit) - 1)...].joined()
                parts = Array(parts[..<(Int(limit) - 1)]) + [rest]
            }
            return parts
        }
        let bytes = Array(s.utf8), sep = Array(separator.utf8)
        var parts: [String] = []
        var start = 0, i = 0
        while i + sep.count <= bytes.count {
            if limit > 0, parts.count == Int(limit) - 1 { break }
            if bytes[i..<i + sep.count].elementsEqual(sep) {
                parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// List functions: `join` (strings extension) and Kubernetes' list library.
    mutating func listMethod(_ name: String, _ list: [CELValue], _ args: [CELValue]) throws(CELError) -> CELValue? {
        switch (name, args.count) {
        case ("join", 0), ("join", 1):
            var separator = ""
            if args.count == 1 {
                guard case .string(let sep) = args[0] else { return nil }
                separator = sep
            }
            var parts: [String] = []
            for v in list {
                guard case .string(let s) = v else { throw .eval("join: list element of type \(v.typeName) is not a string") }
                parts.append(s)
            }
            try produce(size: parts.reduce(0) { $0 + $1.utf8.count } + separator.utf8.count * parts.count)
            return .string(parts.joined(separator: separator))
        case ("indexOf", 1):
            try charge(list.count / 16)
            return .int(Int64(list.firstIndex { $0.celEquals(args[0]) } ?? -1))
        case ("lastIndexOf", 1):
            try charge(list.count / 16)
            return .int(Int64(list.lastIndex { $0.celEquals(args[0]) } ?? -1))
        case ("isSorted", 0), ("min", 0), ("max", 0):
            try charge(list.count / 16)
            var best: CELValue?
            var sorted = true
            for (i, v) in list.enumerated() {
                if i > 0 {
                    guard let o = CELValue.order(list[i - 1], v), let order = o else {
                        throw .eval("\(name): list elements \(list[i - 1].typeName) and \(v.typeName) cannot be compared")
                    }
                    if order > 0 { sorted = false }
                }
                if let current = best, let o = CELValue.order(v, current), let order = o {
                    if (name == "min" && order < 0) || (name == "max" && order > 0) { best = v }
                } else if best == nil {
                    best = v
                }
            }
            if name == "isSorted" { return .bool(sorted) }
            guard let best else { throw .eval("\(name)() of an empty list") }
            return best
        case ("sum", 0):
            var total: CELValue = .int(0)
            if let first = list.first, case .double = first { total = .double(0) }
            if let first = list.first, case .uint = first { total = .uint(0) }
            for v in list { total = try binary("+", total, v) }
            return total
        default:
            return nil
        }
    }
}

extension CELInterpreter {
    /// `s.matches(re)`: RE2 semantics (a match anywhere unless anchored), linear-time engine,
    /// the work charged to the step budget.
    mutating func matches(_ text: String, _ pattern: String) throws(CELError) -> Bool {
        try charge(pattern.unicodeScalars.count)
        let regex = try CELRegex(pattern)
        let remaining = max(limits.maxSteps - steps, 0)
        guard let result = regex.firstMatch(in: text, budget: remaining) else {
            try charge(remaining + 1)
            return false
        }
        try charge(result.work)
        return result.matched
    }
}
