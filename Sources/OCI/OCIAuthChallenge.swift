/// A registry's `WWW-Authenticate` answer (RFC 7235): the scheme and its parameters, e.g.
/// `Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"`
/// or `Basic realm="registry"`. Sans-IO: the client feeds it the header and acts on the value.
public struct OCIAuthChallenge: Equatable, Sendable {
    /// Lower-cased: `basic` or `bearer` (others are carried but cannot be answered).
    public var scheme: String
    /// Parameter names lower-cased, values unquoted.
    public var parameters: [String: String]

    public init(scheme: String, parameters: [String: String] = [:]) {
        self.scheme = scheme.lowercased()
        self.parameters = parameters
    }

    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    /// Space-separated scopes, as the token server takes them one `scope=` each.
    public var scopes: [String] { (parameters["scope"] ?? "").split(separator: " ").map(String.init) }

    /// The first challenge of a header value with a scheme Ferry can answer (Bearer before Basic,
    /// as Docker's client prefers), else the first of any scheme; nil for an empty or garbled value.
    public static func parse(_ header: String) -> OCIAuthChallenge? {
        let all = parseAll(header)
        return all.first { $0.scheme == "bearer" } ?? all.first { $0.scheme == "basic" } ?? all.first
    }

    /// Every challenge in a header value: `Scheme k=v, k="v", Scheme2 …`.
    public static func parseAll(_ header: String) -> [OCIAuthChallenge] {
        var scanner = Scanner(Array(header.utf8))
        var result: [OCIAuthChallenge] = []
        while true {
            scanner.skip { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ",") }
            guard let scheme = scanner.token(), !scheme.isEmpty else { break }
            var challenge = OCIAuthChallenge(scheme: scheme)
            // Parameters until the next token not followed by '=' (a new scheme) or the end.
            while true {
                let mark = scanner.position
                scanner.skip { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ",") }
                guard let name = scanner.token(), !name.isEmpty else { break }
                scanner.skip { $0 == UInt8(ascii: " ") }
                guard scanner.consume(UInt8(ascii: "=")) else { scanner.position = mark; break }
                scanner.skip { $0 == UInt8(ascii: " ") }
                guard let value = scanner.quoted() ?? scanner.token() else { return result }
                challenge.parameters[name.lowercased()] = value
            }
            result.append(challenge)
        }
        return result
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func skip(while predicate: (UInt8) -> Bool) {
            while position < bytes.count, predicate(bytes[position]) { position += 1 }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// An RFC 7230 token (also accepting token68's `/`, `+`, `=` only inside, never first).
        mutating func token() -> String? {
            let start = position
            while position < bytes.count {
                let c = bytes[position]
                let isTokenChar = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
                    || "!#$%&'*+-.^_`|~/:".utf8.contains(c)
                guard isTokenChar else { break }
                position += 1
            }
            return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
        }

        /// A quoted string with `\` escapes; nil (position unchanged) when not at a quote or unterminated.
        mutating func quoted() -> String? {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
            var index = position + 1
            var value: [UInt8] = []
            while index < bytes.count {
                let c = bytes[index]
                if c == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    value.append(bytes[index + 1]); index += 2; continue
                }
                if c == UInt8(ascii: "\"") {
                    position = index + 1
                    return String(decoding: value, as: UTF8.self)
                }
                value.append(c); index += 1
            }
            return nil
        }
    }
}
