/// Go's `strconv.FormatFloat` with the shortest round-tripping digits, in the three forms SOPS's
/// outputs use: `'f'` (the MAC's bytes), `'g'` (go-yaml), and encoding/json's choice between them.
enum GoFloat {
    /// Shortest decimal digits of |d| and the decimal point position: |d| = 0.d₁d₂… × 10^point.
    static func digits(_ d: Double) -> (digits: [UInt8], point: Int) {
        let text = "\(abs(d))"  // Swift prints the shortest digits that read back exactly
        let parts = text.split(separator: "e")
        var exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let dot = mantissa.firstIndex(of: ".")
        let intPart = dot.map { mantissa[..<$0] } ?? mantissa
        let fracPart = dot.map { mantissa[mantissa.index(after: $0)...] } ?? ""
        var digits = Array((intPart + fracPart).utf8).map { $0 - 48 }
        exponent += intPart.count
        while digits.first == 0 { digits.removeFirst(); exponent -= 1 }
        while digits.last == 0 { digits.removeLast() }
        if digits.isEmpty { return ([0], 1) }
        return (digits, exponent)
    }

    static func special(_ d: Double, yaml: Bool) -> String? {
        if d.isNaN { return yaml ? ".nan" : "NaN" }
        if d.isInfinite { return yaml ? (d < 0 ? "-.inf" : ".inf") : (d < 0 ? "-Inf" : "+Inf") }
        return nil
    }

    static func formatF(_ d: Double) -> String {
        if let s = special(d, yaml: false) { return s }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        let (ds, point) = digits(d)
        let str = ds.map { String($0) }.joined()
        let sign = d < 0 ? "-" : ""
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + str }
        if point >= ds.count { return sign + str + String(repeating: "0", count: point - ds.count) }
        return sign + String(str.prefix(point)) + "." + String(str.dropFirst(point))
    }

    static func formatE(_ d: Double) -> String {
        if let s = special(d, yaml: false) { return s }
        let (ds, point) = d == 0 ? ([0], 1) : digits(d)
        let str = ds.map { String($0) }.joined()
        let exponent = point - 1
        let mantissa = str.count > 1 ? String(str.prefix(1)) + "." + String(str.dropFirst()) : str
        let expDigits = String(abs(exponent))
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (expDigits.count < 2 ? "0" : "") + expDigits
    }

    /// `FormatFloat(d, 'g', -1, 64)`; with `yaml`, go-yaml's spellings of infinities and NaN.
    static func formatG(_ d: Double, yaml: Bool = false) -> String {
        if let s = special(d, yaml: yaml) { return s }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        let exponent = digits(d).point - 1
        return exponent < -4 || exponent >= 6 ? formatE(d) : formatF(d)
    }

    /// encoding/json's float: `'f'` unless tiny or huge, and `e-07` shortened to `e-7`.
    static func formatJSON(_ d: Double) -> String {
        let magnitude = abs(d)
        guard magnitude != 0, magnitude < 1e-6 || magnitude >= 1e21 else { return formatF(d) }
        var s = formatE(d)
        if let e = s.lastIndex(of: "e") {
            let exp = s[s.index(after: e)...]
            if exp.hasPrefix("-0") { s = String(s[...e]) + "-" + String(exp.dropFirst(2)) }
        }
        return s
    }
}
