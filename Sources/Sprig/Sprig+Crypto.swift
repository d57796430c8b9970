import GoTemplate

extension Sprig {
    /// Hashes, encodings, keys and certificates, random strings, `uuidv4`.
    public static var cryptoFunctions: [String: GoFunction] {
        let families = [CryptoFunctions.hashes, CryptoFunctions.passwords, CryptoFunctions.bcrypt, CryptoFunctions.random,
                        CryptoFunctions.certificates]
        return Dictionary(families.flatMap { $0 }, uniquingKeysWith: { _, b in b })
    }
}
