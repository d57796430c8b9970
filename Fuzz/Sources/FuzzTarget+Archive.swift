import Archive

extension FuzzTarget {
    /// A gzip stream (it starts with gzip's magic) is inflated, bounded as the kustomize
    /// controller bounds it, then read as tar; any other input is read as tar directly, so the
    /// fuzzer reaches tar headers without having to forge a gzip checksum.
    static func archive(_ data: [UInt8]) {
        var tar = data
        if data.starts(with: [0x1f, 0x8b]) {
            guard let inflated = try? Gunzip.decompress(data, maxSize: 4 << 20) else { return }
            tar = inflated
        }
        _ = try? TarReader.entries(tar)
    }
}
