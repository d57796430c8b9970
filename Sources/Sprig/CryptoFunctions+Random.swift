import GoTemplate

extension CryptoFunctions {
    /// `randAlphaNum`, `randAlpha`, `randNumeric`, `randAscii` (goutils' crypto-random
    /// strings: a negative count gives "", as Sprig drops goutils' error), `randBytes`,
    /// `randInt` and `uuidv4`.
    static var random: [(String, GoFunction)] {
        [
            entry("randAlphaNum", [.int], "func(int) string") { args in
                .string(try randomString(count: int(args, 0), from: alphaNumeric))
            },
            entry("randAlpha", [.int], "func(int) string") { args in
                .string(try randomString(count: int(args, 0), from: alphabetic))
            },
            entry("randNumeric", [.int], "func(int) string") { args in
                .string(try randomString(count: int(args, 0), from: numeric))
            },
            entry("randAscii", [.int], "func(int) string") { args in
                .string(try randomString(count: int(args, 0), from: printableASCII))
            },
            entry("randBytes", [.int], "func(int) (string, error)") { args in
                let count = int(args, 0)
                guard count >= 0 else { throw GoFunctionError("runtime error: makeslice: len out of range") }
                try checkSize(count)
                var rng = SystemRandomNumberGenerator()
                return .string(CryptoEncoding.base64Encode((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }))
            },
            entry("randInt", [.int, .int], "func(int, int) int") { args in
                let low = int(args, 0), high = int(args, 1)
                let (span, overflow) = high.subtractingReportingOverflow(low)
                guard !overflow, span > 0 else { throw GoFunctionError("invalid argument to Intn") }
                return .int(Int.random(in: 0..<span) + low, .int)
            },
            entry("uuidv4", [], "func() string") { _ in .string(uuidv4()) },
        ]
    }

    private static let alphabetic = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private static let numeric = Array("0123456789".utf8)
    private static let alphaNumeric = alphabetic + numeric
    private static let printableASCII = (UInt8(32)...UInt8(126)).map { $0 }

    /// Beyond this a template is not asking for a secret but for the process's memory.
    static let maximumRandomLength = 1 << 24

    static func checkSize(_ count: Int) throws {
        guard count <= maximumRandomLength else {
            throw GoFunctionError("random length \(count) exceeds the limit of \(maximumRandomLength)")
        }
    }

    static func randomString(count: Int, from alphabet: [UInt8]) throws -> String {
        guard count > 0 else { return "" }
        try checkSize(count)
        var rng = SystemRandomNumberGenerator()
        var out = [UInt8]()
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// An RFC 4122 version 4 UUID, lowercase, as `github.com/google/uuid`'s `New().String()`.
    static func uuidv4() -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let h = hex(bytes)
        let u = Array(h.utf8)
        let parts = [u[0..<8], u[8..<12], u[12..<16], u[16..<20], u[20..<32]].map { String(decoding: $0, as: UTF8.self) }
        return parts.joined(separator: "-")
    }
}
