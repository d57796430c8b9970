/// Go's `base64.StdEncoding` (padded) for other modules: `[]byte` in JSON, `!!binary` in YAML,
/// `.Files.AsSecrets`. One implementation, `CryptoEncoding`'s (Sprig's `b64enc`/`b64dec`).
public enum GoBase64 {
    public static func encode(_ bytes: [UInt8]) -> String { CryptoEncoding.base64Encode(bytes) }

    /// Strict padded decoding; `\r` and `\n` are skipped as Go skips them. Nil when malformed.
    public static func decode(_ text: String) -> [UInt8]? {
        guard case .success(let bytes) = CryptoEncoding.base64Decode(text) else { return nil }
        return bytes
    }
}
