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
///
/// Every header field is treated as hostile: sizes (octal, GNU base-256 or pax `size=`) that
/// are malformed, negative, past 64 bits or past the end of the archive, pax records whose
/// length fields overflow or overrun their block, special headers (pax, long names) over
/// 1 MiB, and archives that end inside a header are all thrown ``Error``s, never traps.
public enum TarReader {
    public struct Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        public var description: String
    }

    /// The largest pax or long-name header accepted (Go's `archive/tar` uses the same bound).
    public static let maximumSpecialHeaderSize = 1 << 20

    public static func entries(_ bytes: [UInt8]) throws(Error) -> [TarEntry] {
        var entries: [TarEntry] = []
        var offset = 0
        var longPath: String?, longLink: String?, paxSize: Int?
        func field(_ start: Int, _ length: Int) -> String {
            let slice = bytes[(offset + start)..<(offset + start + length)]
            return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self)
        }
        func number(_ start: Int, _ length: Int, _ what: String, of name: String) throws(Error) -> Int {
            let raw = bytes[(offset + start)..<(offset + start + length)]
            if let first = raw.first, first & 0x80 != 0 {
                // GNU base-256: big-endian two's complement; negative (0xFF…) is never valid here.
                guard first & 0x40 == 0 else { throw Error(description: "tar entry '\(name)': negative \(what)") }
                var value = Int(first & 0x3F)
                for byte in raw.dropFirst() {
                    let (shifted, o1) = value.multipliedReportingOverflow(by: 256)
                    guard !o1 else { throw Error(description: "tar entry '\(name)': \(what) out of range") }
                    value = shifted | Int(byte)
                }
                return value
            }
            let text = field(start, length).trimmingSpaces
            if text.isEmpty { return 0 }
            guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }), let value = Int(text, radix: 8) else {
                throw Error(description: "tar entry '\(name)': \(what) is not an octal number")
            }
            return value
        }
        while offset < bytes.count {
            guard bytes.count - offset >= Tar.blockSize else {
                if bytes[offset...].allSatisfy({ $0 == 0 }) { break }
                throw Error(description: "truncated tar archive: a header ends after \(bytes.count - offset) bytes")
            }
            if bytes[offset..<(offset + Tar.blockSize)].allSatisfy({ $0 == 0 }) { break }
            let name = field(0, 100), prefix = field(345, 155), link = field(157, 100)
            let magic = field(257, 5)
            let type = bytes[offset + 156]
            let size: Int
            if let paxSize { size = paxSize } else { size = try number(124, 12, "size", of: name) }
            let mode = try number(100, 8, "mode", of: name)
            let dataStart = offset + Tar.blockSize
            // Compared against what is left, so a huge size cannot overflow the sum.
            guard size >= 0, size <= bytes.count - dataStart else {
                throw Error(description: "truncated tar entry '\(name)': it claims \(size) bytes, \(bytes.count - dataStart) remain")
            }
            let special = [Tar.EntryType.paxHeader.rawValue, UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K")].contains(type)
            if special, size > maximumSpecialHeaderSize {
                throw Error(description: "tar entry '\(name)': \(size)-byte extended header exceeds \(maximumSpecialHeaderSize) bytes")
            }
            let data = Array(bytes[dataStart..<(dataStart + size)])
            let padded = size + Tar.padding(size)
            offset = padded <= bytes.count - dataStart ? dataStart + padded : bytes.count
            paxSize = nil
            switch type {
            case Tar.EntryType.paxHeader.rawValue:
                for (key, value) in try paxRecords(data, entry: name) {
                    switch key {
                    case "path": longPath = value
                    case "linkpath": longLink = value
                    case "size":
                        guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                              let parsed = Int(value)
                        else { throw Error(description: "tar entry '\(name)': pax size '\(value.prefix(32))' is not a size") }
                        paxSize = parsed
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

    /// `"<length> <key>=<value>\n"` records; a record whose length is not a number, overflows,
    /// is shorter than its own length field or runs past the header is an error (as Go's
    /// `archive/tar` answers `ErrHeader`).
    static func paxRecords(_ data: [UInt8], entry: String = "") throws(Error) -> [(String, String)] {
        var out: [(String, String)] = []
        var i = 0
        func invalid() -> Error { Error(description: "tar entry '\(entry)': invalid pax record at byte \(i)") }
        while i < data.count {
            // The length field: at most 20 digits before the space, none of them a sign.
            let digits = data[i...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            let space = i + digits.count
            guard !digits.isEmpty, digits.count <= 20, space < data.count, data[space] == UInt8(ascii: " "),
                  let length = Int(String(decoding: digits, as: UTF8.self)),
                  length > space + 1 - i, length <= data.count - i
            else { throw invalid() }
            let end = i + length
            guard data[end - 1] == UInt8(ascii: "\n") else { throw invalid() }
            let record = data[(space + 1)..<(end - 1)]
            guard let eq = record.firstIndex(of: UInt8(ascii: "=")) else { throw invalid() }
            out.append((String(decoding: record[record.startIndex..<eq], as: UTF8.self),
                        String(decoding: record[(eq + 1)...], as: UTF8.self)))
            i = end
        }
        return out
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
