import Foundation

/// Go's `*time.Location`: zone abbreviations and offsets from the system's tzdata files, read
/// the way Go reads them (Foundation's `TimeZone` on Linux names zones `GMT+1` where Go prints
/// `CET`, and dates print the abbreviation).
final class GoLocation: @unchecked Sendable {
    struct Zone { var name: String; var offset: Int; var isDST: Bool }
    struct Transition { var when: Int; var index: Int }

    /// What `Location.String()` prints: `UTC`, `Local`, `Europe/Berlin`.
    let name: String
    let zones: [Zone]
    let transitions: [Transition]
    /// The POSIX TZ rule for instants after the last transition (`CET-1CEST,M3.5.0,M10.5.0/3`).
    let extend: String

    init(name: String, zones: [Zone], transitions: [Transition], extend: String) {
        self.name = name
        self.zones = zones
        self.transitions = transitions
        self.extend = extend
    }

    static let utc = GoLocation(name: "UTC", zones: [], transitions: [], extend: "")

    /// `time.FixedZone(name, offset)`.
    static func fixed(_ name: String, _ offset: Int) -> GoLocation {
        GoLocation(name: name, zones: [Zone(name: name, offset: offset, isDST: false)],
                   transitions: [Transition(when: Int.min, index: 0)], extend: "")
    }

    /// Go's `time.Local`: `$TZ` when set (empty means UTC), else `/etc/localtime`; UTC when
    /// neither can be read.
    static let local: GoLocation = {
        let tz = ProcessInfo.processInfo.environment["TZ"]
        var data: [UInt8]?
        switch tz {
        case nil: data = FileManager.default.contents(atPath: "/etc/localtime").map { Array($0) }
        case .some(""): return GoLocation(name: "Local", zones: [], transitions: [], extend: "")
        case .some(var name):
            if name.hasPrefix(":") { name.removeFirst() }
            if name == "UTC" { return GoLocation(name: "Local", zones: [], transitions: [], extend: "") }
            data = name.hasPrefix("/") ? FileManager.default.contents(atPath: name).map { Array($0) } : zoneData(name)
        }
        if let data, let loc = parse(data, name: "Local") { return loc }
        return GoLocation(name: "Local", zones: [], transitions: [], extend: "")
    }()

    nonisolated(unsafe) private static var cache: [String: GoLocation] = [:]
    private static let cacheLock = NSLock()

    /// `time.LoadLocation(name)`; nil where Go returns an error.
    static func load(_ name: String) -> GoLocation? {
        if name == "" || name == "UTC" { return utc }
        if name == "Local" { return local }
        if name.contains("..") || name.hasPrefix("/") || name.hasPrefix("\\") { return nil }
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let hit = cache[name] { return hit }
        guard let data = zoneData(name), let loc = parse(data, name: name) else { return nil }
        cache[name] = loc
        return loc
    }

    private static func zoneData(_ name: String) -> [UInt8]? {
        var dirs = ["/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo/"]
        if let custom = ProcessInfo.processInfo.environment["ZONEINFO"], !custom.isEmpty { dirs.insert(custom + "/", at: 0) }
        for dir in dirs {
            var isDir: ObjCBool = false
            let path = dir + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
               let data = FileManager.default.contents(atPath: path) {
                return Array(data)
            }
        }
        return nil
    }

    /// A TZif file (RFC 8536): the 64-bit section and footer when the version has them.
    static func parse(_ bytes: [UInt8], name: String) -> GoLocation? {
        var pos = 0
        func read(_ n: Int) -> ArraySlice<UInt8>? {
            guard n >= 0, pos + n <= bytes.count else { return nil }
            defer { pos += n }
            return bytes[pos..<(pos + n)]
        }
        func be(_ s: ArraySlice<UInt8>) -> Int {
            var v = 0
            for b in s { v = v << 8 | Int(b) }
            return s.count == 4 ? Int(Int32(truncatingIfNeeded: v)) : v
        }
        func header() -> (version: UInt8, counts: [Int])? {
            guard let magic = read(4), Array(magic) == Array("TZif".utf8), let v = read(16) else { return nil }
            var counts = [Int]()
            for _ in 0..<6 { guard let c = read(4) else { return nil }; counts.append(be(c)) }
            return (v.first ?? 0, counts)
        }
        guard var (version, counts) = header() else { return nil }
        var timeSize = 4
        if version >= UInt8(ascii: "2") {
            // Skip the 32-bit body: isutc, isstd, leap, time, type, char counts.
            let skip = counts[3] * 5 + counts[4] * 6 + counts[5] + counts[2] * 8 + counts[0] + counts[1]
            guard read(skip) != nil, let h = header() else { return nil }
            (version, counts) = h
            timeSize = 8
        }
        let (isutc, isstd, leaps, times, types, chars) = (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])
        guard types > 0, let txTimes = read(times * timeSize), let txIndex = read(times),
              let typeData = read(types * 6), let abbrev = read(chars),
              read(leaps * (timeSize + 4)) != nil, read(isstd) != nil, read(isutc) != nil else { return nil }
        var zones = [Zone]()
        for i in 0..<types {
            let t = typeData.dropFirst(i * 6).prefix(6)
            let start = t.startIndex
            let offset = be(t[start..<(start + 4)])
            let abbrStart = abbrev.startIndex + Int(t[start + 5])
            guard abbrStart <= abbrev.endIndex else { return nil }
            let abbr = abbrev[abbrStart...].prefix { $0 != 0 }
            zones.append(Zone(name: String(decoding: abbr, as: UTF8.self), offset: offset, isDST: t[start + 4] != 0))
        }
        var transitions = [Transition]()
        for i in 0..<times {
            let s = txTimes.startIndex + i * timeSize
            let index = Int(txIndex[txIndex.startIndex + i])
            guard index < zones.count else { return nil }
            transitions.append(Transition(when: be(txTimes[s..<(s + timeSize)]), index: index))
        }
        if transitions.isEmpty { transitions.append(Transition(when: Int.min, index: 0)) }
        var extend = ""
        if timeSize == 8, pos < bytes.count, bytes[pos] == 10 {
            let rest = bytes[(pos + 1)...]
            if let end = rest.firstIndex(of: 10) { extend = String(decoding: rest[..<end], as: UTF8.self) }
        }
        return GoLocation(name: name, zones: zones, transitions: transitions, extend: extend)
    }

    struct Lookup { var name: String; var offset: Int; var start: Int; var end: Int; var isDST: Bool }

    /// The zone in effect at `sec` (Unix seconds), with the span it covers.
    func lookup(_ sec: Int) -> Lookup {
        guard !zones.isEmpty else { return Lookup(name: "UTC", offset: 0, start: Int.min, end: Int.max, isDST: false) }
        if transitions.isEmpty || sec < transitions[0].when {
            let z = zones[firstZone()]
            return Lookup(name: z.name, offset: z.offset, start: Int.min, end: transitions.first?.when ?? Int.max, isDST: z.isDST)
        }
        var lo = 0, hi = transitions.count, end = Int.max
        while hi - lo > 1 {
            let m = (lo + hi) / 2
            if sec < transitions[m].when { end = transitions[m].when; hi = m } else { lo = m }
        }
        let z = zones[transitions[lo].index]
        let start = transitions[lo].when
        if lo == transitions.count - 1, !extend.isEmpty, let rule = GoTZRule.evaluate(extend, lastTransition: start, sec: sec) {
            return rule
        }
        return Lookup(name: z.name, offset: z.offset, start: start, end: end, isDST: z.isDST)
    }

    private func firstZone() -> Int {
        if !transitions.contains(where: { $0.index == 0 }) { return 0 }
        if let first = transitions.first, zones[first.index].isDST {
            var zi = first.index - 1
            while zi >= 0 { if !zones[zi].isDST { return zi }; zi -= 1 }
        }
        return zones.firstIndex { !$0.isDST } ?? 0
    }

    /// The offset of the zone abbreviated `name`, preferring one in effect near `unix`.
    func lookupName(_ name: String, unix: Int) -> Int? {
        for z in zones where z.name == name {
            let found = lookup(unix - z.offset)
            if found.name == z.name { return found.offset }
        }
        return zones.first { $0.name == name }?.offset
    }
}
