/// One entry read back from a tar archive, exactly as the archive names it: the path is not
/// cleaned or checked (`../x` and `/etc/x` come through as written), so that the extractor
/// decides what is safe.
public struct TarEntry: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case file, directory, symlink
        /// Hard links, devices, FIFOs…: reported so that an extractor can refuse them.
        case other(typeflag: UInt8)
    }
    /// Without a trailing slash; a leading `./` is kept.
    public var path: String
    public var kind: Kind
    /// Permission bits as stored (e.g. `0o755`).
    public var mode: Int
    /// The bytes of a regular file; empty for every other kind.
    public var contents: [UInt8]
    /// Where a symlink points, as stored; empty for every other kind.
    public var linkTarget: String

    public init(path: String, kind: Kind, mode: Int, contents: [UInt8] = [], linkTarget: String = "") {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.contents = contents
        self.linkTarget = linkTarget
    }
}

/// Reads ustar, pax (`path`, `linkpath`, `size`) and GNU long-name (`L`/`K`) archives: what
/// this module writes, what `git archive` writes and what GNU and BSD tar write by default.
public enum TarReader {
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func entries(_ bytes: [UInt8]) throws(Error) -> [TarEntry] {
        var entries: [TarEntry] = []
        var offset = 0
        var longPath: String?, longLink: String?, paxSize: Int?
        func field(_ start: Int, _ length: Int) -> String {
            let slice = bytes[(offset + start)..<(offset + start + length)]
            return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self)
        }
        func number(_ start: Int, _ length: Int) -> Int {
            Int(field(start, length).trimmingSpaces, radix: 8) ?? 0
        }
        while offset + Tar.blockSize <= bytes.count {
            if bytes[offset..<(offset + Tar.blockSize)].allSatisfy({ $0 == 0 }) { break }
            let name = field(0, 100), prefix = field(345, 155), link = field(157, 100)
            let magic = field(257, 5)
            let size = paxSize ?? number(124, 12), mode = number(100, 8)
            let type = bytes[offset + 156]
            let dataStart = offset + Tar.blockSize
            guard size >= 0, dataStart + size <= bytes.count else { throw Error(description: "truncated tar entry '\(name)'") }
            let data = Array(bytes[dataStart..<(dataStart + size)])
            offset = dataStart + size + Tar.padding(size)
            paxSize = nil
            switch type {
            case Tar.EntryType.paxHeader.rawValue:
                for (key, value) in paxRecords(data) {
                    switch key {
                    case "path": longPath = value
                    case "linkpath": longLink = value
                    case "size": paxSize = Int(value)
                    default: break
                    }
                }
                continue
            case UInt8(ascii: "g"):  // pax global header: nothing Ferry needs
                continue
            case UInt8(ascii: "L"):
                longPath = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                continue
            case UInt8(ascii: "K"):
                longLink = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                continue
            default: break
            }
            var path = longPath ?? (prefix.isEmpty || magic != "ustar" ? name : prefix + "/" + name)
            let target = longLink ?? link
            longPath = nil
            longLink = nil
            let kind: TarEntry.Kind
            switch type {
            case 0x30, 0, 0x37: kind = .file   // '0', old-style NUL, '7' contiguous file
            case 0x35: kind = .directory
            case 0x32: kind = .symlink
            default: kind = .other(typeflag: type)
            }
            if path.hasSuffix("/") {
                path.removeLast()
                // Old archives mark directories only by the slash.
                if kind == .file && type == 0 { entries.append(TarEntry(path: path, kind: .directory, mode: mode)); continue }
            }
            entries.append(TarEntry(path: path, kind: kind, mode: mode, contents: kind == .file ? data : [],
                                    linkTarget: kind == .symlink ? target : ""))
        }
        return entries
    }

    /// `"<length> <key>=<value>\n"` records.
    static func paxRecords(_ data: [UInt8]) -> [(String, String)] {
        var out: [(String, String)] = []
        var i = 0
        while i < data.count {
            guard let space = data[i...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: data[i..<space], as: UTF8.self)), length > 0,
                  i + length <= data.count else { break }
            let record = data[(space + 1)..<(i + length)].dropLast(data[i + length - 1] == UInt8(ascii: "\n") ? 1 : 0)
            if let eq = record.firstIndex(of: UInt8(ascii: "=")) {
                out.append((String(decoding: record[record.startIndex..<eq], as: UTF8.self),
                            String(decoding: record[(eq + 1)...], as: UTF8.self)))
            }
            i += length
        }
        return out
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
