import Crypto
import GoTemplate

extension CryptoFunctions {
    /// `sha1sum`, `sha256sum`, `adler32sum`, `b64enc`, `b64dec`, `b32enc`, `b32dec`. Sprig
    /// v3.2.3 has no `sha512sum` (it arrived in 3.3.0). Decoders return Go's error text as
    /// their result rather than failing, as Sprig does.
    static var hashes: [(String, GoFunction)] {
        [
            entry("sha1sum", [.string], "func(string) string") { args in
                .string(hex(Insecure.SHA1.hash(data: Array(string(args, 0).utf8))))
            },
            entry("sha256sum", [.string], "func(string) string") { args in
                .string(hex(SHA256.hash(data: Array(string(args, 0).utf8))))
            },
            entry("adler32sum", [.string], "func(string) string") { args in
                .string(String(adler32(string(args, 0).utf8)))
            },
            entry("b64enc", [.string], "func(string) string") { args in
                .string(CryptoEncoding.base64Encode(string(args, 0).utf8))
            },
            entry("b64dec", [.string], "func(string) string") { args in
                switch CryptoEncoding.base64Decode(string(args, 0)) {
                case .success(let bytes): return .string(goString(bytes))
                case .failure(let error): return .string(error.description)
                }
            },
            entry("b32enc", [.string], "func(string) string") { args in
                .string(CryptoEncoding.base32Encode(Array(string(args, 0).utf8)))
            },
            entry("b32dec", [.string], "func(string) string") { args in
                switch CryptoEncoding.base32Decode(string(args, 0)) {
                case .success(let bytes): return .string(goString(bytes))
                case .failure(let error): return .string(error.description)
                }
            },
        ]
    }

    /// `hash/adler32.Checksum`.
    static func adler32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var pending = 0
        for byte in bytes {
            a += UInt32(byte)
            b += a
            pending += 1
            // 5552 is the longest run before b can overflow 32 bits.
            if pending == 5552 {
                a %= 65521
                b %= 65521
                pending = 0
            }
        }
        return (b % 65521) << 16 | (a % 65521)
    }

    /// Go's `string(bytes)`: the bytes unchanged. A Swift `String` holds only valid UTF-8, so
    /// invalid sequences become U+FFFD here (Go keeps them raw; they print the same way in YAML
    /// only after Go's own replacement).
    static func goString(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
