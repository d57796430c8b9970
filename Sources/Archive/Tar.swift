/// Writes the ustar format (POSIX.1-1988 plus pax `path`/`linkpath` records), just enough for
/// artifacts: regular files, directories and symlinks, owner 0:0 with no names, mtime 0.
///
/// A writer, not a policy: it writes any path it is given (`../x`, `/etc/x`), which is what
/// the extraction tests need to build hostile archives. Producers keep paths relative.
public enum Tar {
    public static let blockSize = 512

    public enum EntryType: UInt8, Sendable {
        case file = 0x30       // '0'
        case hardLink = 0x31   // '1'
        case symlink = 0x32    // '2'
        case directory = 0x35  // '5'
        case paxHeader = 0x78  // 'x'
    }

    /// The header block(s) for one entry. Paths (and link targets) that do not fit ustar's
    /// fields get a pax record. Directory names get their trailing slash here.
    public static func header(path: String, type: EntryType, mode: Int, size: Int, linkTarget: String = "") -> [UInt8] {
        let name = type == .directory ? path + "/" : path
        var blocks: [UInt8] = []
        var records: [UInt8] = []
        var (prefix, shortName) = split(name) ?? ("", "")
        if shortName.isEmpty {
            records += paxRecord("path", name)
            // A fallback name for readers without pax support: the last 100 bytes' worth of components.
            prefix = ""
            shortName = String(decoding: Array(name.utf8).suffix(99), as: UTF8.self)
        }
        if linkTarget.utf8.count > 100 { records += paxRecord("linkpath", linkTarget) }
        if !records.isEmpty {
            blocks += rawHeader(name: "././@PaxHeader", prefix: "", type: .paxHeader, mode: 0o644, size: records.count, linkTarget: "")
            blocks += records + [UInt8](repeating: 0, count: padding(records.count))
        }
        blocks += rawHeader(name: shortName, prefix: prefix, type: type, mode: mode, size: size, linkTarget: linkTarget)
        return blocks
    }

    /// Header, contents and padding of one regular file.
    public static func file(path: String, contents: [UInt8], mode: Int = 0o644) -> [UInt8] {
        header(path: path, type: .file, mode: mode, size: contents.count) + contents
            + [UInt8](repeating: 0, count: padding(contents.count))
    }

    /// Zero bytes that bring `size` bytes of contents to a block boundary.
    public static func padding(_ size: Int) -> Int { (blockSize - size % blockSize) % blockSize }

    /// Two zero blocks end an archive.
    public static let trailer = [UInt8](repeating: 0, count: 2 * blockSize)

    /// Splits a path into ustar's prefix (≤155 bytes) and name (≤100 bytes), nil if impossible.
    static func split(_ path: String) -> (String, String)? {
        let bytes = Array(path.utf8)
        if bytes.count <= 100 { return ("", path) }
        // Cut at a slash so that the name part fits in 100 and the prefix in 155.
        for i in stride(from: min(bytes.count - 1, 155), through: 1, by: -1) where bytes[i] == UInt8(ascii: "/") {
            if bytes.count - i - 1 <= 100 && i <= 155 && bytes.count - i - 1 > 0 {
                return (String(decoding: bytes[..<i], as: UTF8.self), String(decoding: bytes[(i + 1)...], as: UTF8.self))
            }
        }
        return nil
    }

    static func paxRecord(_ key: String, _ value: String) -> [UInt8] {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).utf8.count + body.utf8.count != length { length = String(length).utf8.count + body.utf8.count }
        return Array((String(length) + body).utf8)
    }

    static func rawHeader(name: String, prefix: String, type: EntryType, mode: Int, size: Int, linkTarget: String) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: blockSize)
        func put(_ bytes: [UInt8], at offset: Int, max: Int) {
            for (i, b) in bytes.prefix(max).enumerated() { h[offset + i] = b }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8)
        }
        put(Array(name.utf8), at: 0, max: 100)
        put(octal(mode, width: 8), at: 100, max: 7)
        put(octal(0, width: 8), at: 108, max: 7)      // uid
        put(octal(0, width: 8), at: 116, max: 7)      // gid
        put(octal(size, width: 12), at: 124, max: 11)
        put(octal(0, width: 12), at: 136, max: 11)    // mtime
        h[156] = type.rawValue
        put(Array(linkTarget.utf8), at: 157, max: 100)
        put(Array("ustar\0".utf8), at: 257, max: 6)
        put(Array("00".utf8), at: 263, max: 2)
        put(octal(0, width: 8), at: 329, max: 7)      // devmajor
        put(octal(0, width: 8), at: 337, max: 7)      // devminor
        put(Array(prefix.utf8), at: 345, max: 155)
        // Checksum: sum of all bytes with the checksum field read as spaces.
        for i in 148..<156 { h[i] = 0x20 }
        let sum = h.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7), at: 148, max: 6)
        h[154] = 0
        h[155] = 0x20
        return h
    }
}
