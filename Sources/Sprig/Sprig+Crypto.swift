import GoTemplate

extension Sprig {
    /// Hashes, encodings, keys and certificates, random strings, `uuidv4`.
    public static var cryptoFunctions: [String: GoFunction] {
        Dictionary(CryptoFunctions.hashes, uniquingKeysWith: { _, b in b })
    }
}
