import Crypto

/// `sha256:<hex>` and bare hex digests, written one way for the whole module (release names,
/// config digests, artifact checks, history snapshots).
enum SHA256Hex {
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out = ""
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(bytes)) {
            let digit = String(byte, radix: 16)
            if digit.count == 1 { out += "0" }
            out += digit
        }
        return out
    }

    /// Flux's form, `sha256:<hex>`.
    static func digest(_ bytes: some Sequence<UInt8>) -> String { "sha256:" + hex(bytes) }
}
