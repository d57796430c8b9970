import GoTemplate

/// The crypto family's function tables, one file per concern (`CryptoFunctions+Hashes.swift`,
/// `+Random`, `+Keys`, …); `Sprig.cryptoFunctions` merges them.
enum CryptoFunctions {
    /// A table entry: Go's parameter types and the `typeOf` spelling of the signature.
    static func entry(_ name: String, _ parameters: [GoParameterType], _ type: String,
                      _ body: @escaping @Sendable ([GoValue]) throws -> GoValue) -> (String, GoFunction) {
        (name, GoFunction(name, parameters, typeName: type, body: body))
    }

    /// The i-th argument as the string the executor converted it to (an absent one reads as "").
    static func string(_ args: [GoValue], _ i: Int) -> String {
        guard i < args.count, case .string(let s) = args[i] else { return "" }
        return s
    }

    /// The i-th argument as a Go `int` (the executor already converted it).
    static func int(_ args: [GoValue], _ i: Int) -> Int {
        guard i < args.count else { return 0 }
        switch args[i] {
        case .int(let v, _): return v
        case .uint(let v, _): return Int(truncatingIfNeeded: v)
        default: return 0
        }
    }

    /// The i-th argument as Go's `[]interface{}` (nil when the template passed nil).
    static func list(_ args: [GoValue], _ i: Int) -> [GoValue]? {
        guard i < args.count, case .list(let l) = args[i] else { return nil }
        return l.items
    }

    /// Lowercase hex, as `hex.EncodeToString`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
