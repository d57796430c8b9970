import GoTemplate

extension Cast {
    /// Sprig's `strval` (`toString`, `quote`, `join`, `dict` keys): strings as they are, `[]byte`
    /// as text, a `fmt.Stringer` through its `String()`, anything else as `%v` prints it.
    public static func strval(_ value: GoValue) -> String {
        switch value {
        case .string(let s): return s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .missing, .null: return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i, _): return String(i)
        case .uint(let u, _): return String(u)
        case .object(let o): return o.goDescription
        default: return GoFormat.formatValue(value)
        }
    }

    /// Sprig's `strslice` (`toStrings`, `join`, `sortAlpha`): a `[]string` as it is, the
    /// elements of any other slice through `strval` with nils dropped, nil as no strings, and
    /// anything else as a one-string list.
    public static func strslice(_ value: GoValue) -> [String] {
        switch value {
        case .list(let l):
            var out: [String] = []
            out.reserveCapacity(l.items.count)
            for item in l.items where !item.isNil { out.append(strval(item)) }
            return out
        case .bytes(let b):
            return b.map { String($0) }
        case .missing, .null:
            return []
        default:
            return [strval(value)]
        }
    }

    /// Whether Go's `reflect` sees a slice or array (what Sprig's list functions accept).
    static func isSlice(_ value: GoValue) -> Bool {
        switch value {
        case .list, .bytes: return true
        default: return false
        }
    }

    /// The elements of a slice as Sprig's `l2.Index(i).Interface()` yields them.
    static func elements(_ value: GoValue) -> [GoValue] {
        switch value {
        case .list(let l): return l.items
        case .bytes(let b): return b.map { .uint(UInt($0), .uint8) }
        default: return []
        }
    }
}
