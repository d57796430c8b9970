extension String {
    /// Replaces every occurrence of `target`, scanning left to right without overlap (Go's
    /// `strings.ReplaceAll` for a non-empty target), without pulling in Foundation.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        out += rest
        return out
    }
}
