/// Just enough of the ustar format (POSIX.1-1988 plus pax `path` records) for artifacts:
/// regular files and directories, owner 0:0 with no names, mtime 0, modes 0644/0755.
enum Tar {
    static let blockSize = 512

    enum EntryType: UInt8 {
        case file = 0x30       // '0'
        case directory = 0x35  // '5'
        case paxHeader = 0x78  // 'x'
    }

    /// The header block(s) for one entry. Paths that do not fit ustar's name/prefix fields get a pax record.
    static func header(path: String, type: EntryType, mode: Int, size: Int) -> [UInt8] {
        let name = type == .directory ? path + "/" : path
        var blocks: [UInt8] = []
        var (prefix, shortName) = split(name) ?? ("", "")
        if shortName.isEmpty {
            let record = paxRecord("path", name)
            blocks += rawHeader(name: "././@PaxHeader", prefix: "", type: .paxHeader, mode: 0o644, size: record.count)
            blocks += record + [UInt8](repeating: 0, count: padding(record.count))
            // A fallback name for readers without pax support: the last 100 bytes' worth of components.
            prefix = ""
            shortName = String(decoding: Array(name.utf8).suffix(99), as: UTF8.self)
        }
        blocks += rawHeader(name: shortName, prefix: prefix, type: type, mode: mode, size: size)
        return blocks
    }

    static func padding(_ size: Int) -> Int { (blockSize - size % blockSize) % blockSize }

    /// Two zero blocks end an archive.
    static let trailer = [UInt8](repeating: 0, count: 2 * blockSize)

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

    static func rawHeader(name: String, prefix: String, type: EntryType, mode: Int, size: Int) -> [UInt8] {
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

/// One entry read back from a tar archive.
struct TarEntry: Equatable {
    enum Kind: Equatable { case file, directory, other }
    var path: String
    var kind: Kind
    var mode: Int
    var contents: [UInt8]
}

/// Reads the archives this module writes (and ordinary ustar/pax archives).
enum TarReader {
    struct Error: Swift.Error, CustomStringConvertible { var description: String }

    static func entries(_ bytes: [UInt8]) throws -> [TarEntry] {
        var entries: [TarEntry] = []
        var offset = 0
        var paxPath: String?
        func field(_ start: Int, _ length: Int) -> String {
            let slice = bytes[(offset + start)..<(offset + start + length)]
            return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self)
        }
        func number(_ start: Int, _ length: Int) -> Int {
            Int(field(start, length).trimmingCharacters(in: " "), radix: 8) ?? 0
        }
        while offset + Tar.blockSize <= bytes.count {
            if bytes[offset..<(offset + Tar.blockSize)].allSatisfy({ $0 == 0 }) { break }
            let name = field(0, 100), prefix = field(345, 155)
            let size = number(124, 12), mode = number(100, 8)
            let type = bytes[offset + 156]
            let dataStart = offset + Tar.blockSize
            guard dataStart + size <= bytes.count else { throw Error(description: "truncated tar entry '\(name)'") }
            let data = Array(bytes[dataStart..<(dataStart + size)])
            offset = dataStart + size + Tar.padding(size)
            if type == Tar.EntryType.paxHeader.rawValue {
                for record in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                    if let eq = record.firstIndex(of: "="), let space = record.firstIndex(of: " "),
                       record[record.index(after: space)..<eq] == "path" {
                        paxPath = String(record[record.index(after: eq)...])
                    }
                }
                continue
            }
            var path = paxPath ?? (prefix.isEmpty ? name : prefix + "/" + name)
            paxPath = nil
            let kind: TarEntry.Kind
            switch type {
            case 0x30, 0: kind = .file
            case 0x35: kind = .directory
            default: kind = .other
            }
            if path.hasSuffix("/") { path.removeLast() }
            entries.append(TarEntry(path: path, kind: kind, mode: mode, contents: kind == .file ? data : []))
        }
        return entries
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(self.drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
