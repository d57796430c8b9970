import GoTemplate

extension Sprig {
    /// `urlParse` (a dict of Go's `url.URL` parts) and `urlJoin` (the dict back to text, by
    /// `url.URL.String()`).
    static var urlFunctions: [String: GoFunction] {
        let mapT = "map[string]interface {}"
        return table([
            def("urlParse", [.string], "func(string) \(mapT)") { a in
                let u: GoURL
                do throws(GoFunctionError) { u = try GoURL.parse(a.string(0)) } catch { throw GoFunctionError("unable to parse url: \(error.message)") }
                return .dict([
                    "scheme": .string(u.scheme), "host": .string(u.host), "hostname": .string(u.hostname),
                    "path": .string(u.path), "query": .string(u.rawQuery), "opaque": .string(u.opaque),
                    "fragment": .string(u.fragment), "userinfo": .string(u.userinfo ?? ""),
                ])
            },
            def("urlJoin", [.map], "func(\(mapT)) string") { a in
                let d = a.map(0)
                func part(_ key: String) throws(GoFunctionError) -> String {
                    guard let v = d[key] else { return "" }
                    guard case .string(let s) = v else {
                        throw GoFunctionError("unable to parse \(key) key, must be of type string, but \(try kind(v)) found")
                    }
                    return s
                }
                var u = GoURL()
                u.scheme = try part("scheme"); u.host = try part("host"); u.path = try part("path")
                u.rawQuery = try part("query"); u.opaque = try part("opaque"); u.fragment = try part("fragment")
                let userinfo = try part("userinfo")
                if !userinfo.isEmpty {
                    do throws(GoFunctionError) { u.userinfo = try GoURL.parse("proto://\(userinfo)@host").userinfo } catch {
                        throw GoFunctionError("unable to parse userinfo in dict: \(error.message)")
                    }
                }
                return .string(u.string)
            },
        ])
    }
}

/// The parts of Go's `net/url.URL` that Sprig reads and writes, with `url.Parse` and
/// `URL.String` rules (escaping per component; `userinfo` kept in its escaped text form).
struct GoURL {
    var scheme = "", opaque = "", host = "", path = "", rawQuery = "", fragment = ""
    var forceQuery = false
    /// `User.String()`: escaped `name` or `name:password`; nil when the URL has none.
    var userinfo: String?

    var hostname: String {
        var h = Substring(host)
        if h.hasPrefix("[") { if let end = h.firstIndex(of: "]") { return String(h[h.index(after: h.startIndex)..<end]) } }
        if let colon = h.lastIndex(of: ":") { h = h[..<colon] }
        return String(h)
    }

    static func parse(_ raw: String) throws(GoFunctionError) -> GoURL {
        func fail(_ why: String) -> GoFunctionError { GoFunctionError("parse \(GoFormat.quote(raw)): \(why)") }
        if raw.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { throw fail("net/url: invalid control character in URL") }
        var u = GoURL()
        var rest = Substring(raw)
        if let hash = rest.firstIndex(of: "#") {
            guard let f = unescape(String(rest[rest.index(after: hash)...])) else { throw fail("invalid URL escape") }
            u.fragment = f
            rest = rest[..<hash]
        }
        // Scheme: a letter, then letters, digits, `+`, `-`, `.`, up to `:`.
        for (n, c) in rest.utf8.enumerated() {
            let isLetter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
            if isLetter { continue }
            if c >= 0x30 && c <= 0x39 || c == 0x2B || c == 0x2D || c == 0x2E { if n == 0 { break }; continue }
            if c == 0x3A {
                if n == 0 { throw fail("missing protocol scheme") }
                u.scheme = String(rest.prefix(n)).lowercased()
                rest = rest.dropFirst(n + 1)
            }
            break
        }
        if rest.hasSuffix("?") && rest.filter({ $0 == "?" }).count == 1 {
            u.forceQuery = true; rest = rest.dropLast()
        } else if let q = rest.firstIndex(of: "?") {
            u.rawQuery = String(rest[rest.index(after: q)...]); rest = rest[..<q]
        }
        if !rest.hasPrefix("/") {
            if !u.scheme.isEmpty { u.opaque = String(rest); return u }
            let segment = rest.prefix { $0 != "/" }
            if segment.contains(":") { throw fail("first path segment in URL cannot contain colon") }
        }
        if (!u.scheme.isEmpty || !rest.hasPrefix("///")) && rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let authority = afterSlashes.prefix { $0 != "/" }
            rest = afterSlashes.dropFirst(authority.count)
            var hostPart = authority
            if let at = authority.lastIndex(of: "@") {
                let info = authority[..<at]
                hostPart = authority[authority.index(after: at)...]
                let allowed = Set("-._:~!$&'()*+,;=%@".utf8)
                guard info.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 >= 0x30 && $0 <= 0x39 || allowed.contains($0) })
                else { throw fail("net/url: invalid userinfo") }
                let (name, password) = info.firstIndex(of: ":").map { (info[..<$0], Optional(info[info.index(after: $0)...])) } ?? (info, nil)
                guard let n = unescape(String(name)) else { throw fail("invalid URL escape") }
                var text = escape(n, .userPassword)
                if let password {
                    guard let p = unescape(String(password)) else { throw fail("invalid URL escape") }
                    text += ":" + escape(p, .userPassword)
                }
                u.userinfo = text
            }
            guard let h = unescape(String(hostPart)) else { throw fail("invalid URL escape") }
            u.host = h
        }
        guard let p = unescape(String(rest)) else { throw fail("invalid URL escape") }
        u.path = p
        return u
    }

    var string: String {
        var out = ""
        if !scheme.isEmpty { out += scheme + ":" }
        if !opaque.isEmpty {
            out += opaque
        } else {
            if !scheme.isEmpty || !host.isEmpty || userinfo != nil {
                if !host.isEmpty || !path.isEmpty || userinfo != nil { out += "//" }
                if let userinfo { out += userinfo + "@" }
                if !host.isEmpty { out += GoURL.escape(host, .host) }
            }
            let p = GoURL.escape(path, .path)
            if !p.isEmpty && !p.hasPrefix("/") && !host.isEmpty { out += "/" }
            if out.isEmpty, p.prefix(while: { $0 != "/" }).contains(":") { out += "./" }
            out += p
        }
        if forceQuery || !rawQuery.isEmpty { out += "?" + rawQuery }
        if !fragment.isEmpty { out += "#" + GoURL.escape(fragment, .fragment) }
        return out
    }

    enum Mode { case path, userPassword, host, fragment }

    /// Go's `url.escape` for the components Sprig uses.
    static func escape(_ s: String, _ mode: Mode) -> String {
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        for c in s.utf8 {
            if shouldEscape(c, mode) {
                out += [UInt8(ascii: "%"), hex[Int(c >> 4)], hex[Int(c & 15)]]
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func shouldEscape(_ c: UInt8, _ mode: Mode) -> Bool {
        if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c >= 0x30 && c <= 0x39 { return false }
        if mode == .host {
            if c >= 0x80 { return false }
            if "!$&'()*+,;=:[]<>\"".utf8.contains(c) { return false }
        }
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"): return false
        case UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "/"),
             UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "@"):
            switch mode {
            case .path: return c == UInt8(ascii: "?")
            case .userPassword: return c == UInt8(ascii: "@") || c == UInt8(ascii: "/") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":")
            case .fragment: return false
            case .host: return true
            }
        default: break
        }
        if mode == .fragment, "!()*".utf8.contains(c) { return false }
        return true
    }

    /// `%XX` decoding; nil on a malformed escape.
    static func unescape(_ s: String) -> String? {
        guard s.utf8.contains(UInt8(ascii: "%")) else { return s }
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        func hexValue(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x37
            case 0x61...0x66: return c - 0x57
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) else { return nil }
                out.append(h << 4 | l); i += 3
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
