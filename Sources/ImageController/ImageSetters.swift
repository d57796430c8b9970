import Foundation
import Manifests

/// The image an ImagePolicy picked (`status.latestRef`), as the setters write it.
public struct ImagePolicyLatest: Hashable, Sendable {
    public var namespace: String
    public var name: String
    /// `latestRef.name`: the image's repository (`registry/path`).
    public var image: String
    public var tag: String
    public var digest: String

    public init(namespace: String, name: String, image: String, tag: String, digest: String = "") {
        self.namespace = namespace
        self.name = name
        self.image = image
        self.tag = tag
        self.digest = digest
    }

    /// `name[:tag][@digest]`, the value of a whole-image setter (the reflector's `ImageRef.String`).
    public var reference: String {
        var text = image
        if !tag.isEmpty { text += ":" + tag }
        if !digest.isEmpty { text += "@" + digest }
        return text
    }
}

/// The setters the policies define, by the name a marker uses: `ns:policy` (the whole image),
/// `ns:policy:tag`, `ns:policy:name` and `ns:policy:digest` — Flux's four setters per policy.
public struct ImageSetterTable: Sendable {
    public struct Entry: Hashable, Sendable {
        public var value: String
        public var policy: ImagePolicyLatest
    }

    public private(set) var entries: [String: Entry] = [:]

    public init(policies: [ImagePolicyLatest]) {
        for policy in policies {
            let base = policy.namespace + ":" + policy.name
            entries[base] = Entry(value: policy.reference, policy: policy)
            entries[base + ":tag"] = Entry(value: policy.tag, policy: policy)
            entries[base + ":name"] = Entry(value: policy.image, policy: policy)
            entries[base + ":digest"] = Entry(value: policy.digest, policy: policy)
        }
    }

    public subscript(name: String) -> Entry? { entries[name] }
}

/// The identity of an object a change was made in (kyaml's `ResourceIdentifier`); fields are
/// empty for a document without them (a values file).
public struct ImageObjectID: Hashable, Sendable, Comparable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var namespace: String

    public init(apiVersion: String = "", kind: String = "", name: String = "", namespace: String = "") {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }

    /// Go's map-key order for the struct (fields compared in declaration order), which is the
    /// order `range` visits `.Changed.Objects` in.
    public static func < (a: Self, b: Self) -> Bool {
        [a.apiVersion, a.kind, a.name, a.namespace].lexicographicallyPrecedes([b.apiVersion, b.kind, b.name, b.namespace]) {
            $0.utf8.lexicographicallyPrecedes($1.utf8)
        }
    }
}

/// One field a setter changed.
public struct ImageSetterChange: Hashable, Sendable {
    public var oldValue: String
    public var newValue: String
    /// The setter's name (`ns:policy:tag`).
    public var setter: String

    public init(oldValue: String, newValue: String, setter: String) {
        self.oldValue = oldValue
        self.newValue = newValue
        self.setter = setter
    }
}

/// What an update changed: file (relative to the update path) → object → changes, in the
/// order they were made. Empty when nothing changed.
public struct ImageUpdateResult: Sendable, Equatable {
    public var fileChanges: [String: [ImageObjectID: [ImageSetterChange]]] = [:]

    public init() {}

    public var isEmpty: Bool { fileChanges.isEmpty }

    public mutating func add(file: String, object: ImageObjectID, _ change: ImageSetterChange) {
        fileChanges[file, default: [:]][object, default: []].append(change)
    }

    /// Every object changed, whichever file it is in (Flux's `Result.Objects`).
    public var objects: [ImageObjectID: [ImageSetterChange]] {
        var all: [ImageObjectID: [ImageSetterChange]] = [:]
        for file in fileChanges.keys.sorted() {
            for (object, changes) in fileChanges[file] ?? [:] { all[object] = changes }
        }
        return all
    }

    /// Every distinct change (Flux's `Result.Changes`), files and objects in order.
    public var changes: [ImageSetterChange] {
        var seen = Set<ImageSetterChange>()
        var result: [ImageSetterChange] = []
        for file in fileChanges.keys.sorted() {
            let objects = fileChanges[file] ?? [:]
            for object in objects.keys.sorted() {
                for change in objects[object] ?? [] where seen.insert(change).inserted { result.append(change) }
            }
        }
        return result
    }
}

/// The setters strategy (Flux's `update: {strategy: Setters}`) as a pure rewrite of YAML text.
///
/// A field is marked by a line comment holding a JSON object with `$imagepolicy` naming a
/// setter: `image: ghcr.io/org/app:1.0.0 # {"$imagepolicy": "apps:app"}`. Only the marked
/// scalar's bytes change; indentation, comments, quoting style, line endings and every other
/// byte of the file stay as they were (Flux re-serialises the file through kyaml; Ferry does
/// not, so a commit touches only the values). A plain value that would read as another type
/// (`1.10`, `yes`, an empty digest) is double-quoted, as kyaml's `FormatNonStringStyle` does.
///
/// Handled: plain, single- and double-quoted scalars on the marked line, as mapping values
/// (`key: value`, also after `- `) and sequence items (`- value`), in every document of a
/// multi-document file. Not handled (left unchanged): flow collections, block scalars
/// (`|`, `>`), multi-line quoted scalars, anchors, aliases and tags on the marked value.
public enum ImageSetters {
    /// The token a file must contain to be read at all (Flux's screening reader).
    static let token = Array("\"$imagepolicy\"".utf8)

    /// One file's rewrite: its new bytes and the changes, each with the object it was made in.
    public struct FileRewrite: Sendable {
        public var bytes: [UInt8]
        public var changes: [(object: ImageObjectID, change: ImageSetterChange)]
    }

    /// Rewrites one file's bytes; nil when nothing in it changed. Throws when the file holds a
    /// marker but is not YAML (its object identities cannot be read).
    public static func rewrite(_ bytes: [UInt8], setters: ImageSetterTable, source: String? = nil) throws -> FileRewrite? {
        guard contains(bytes, token) else { return nil }
        let lines = SetterLine.split(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var changes: [(document: Int, change: ImageSetterChange)] = []
        var document = 0
        var blockIndent: Int?
        for line in lines {
            let content = Array(bytes[line.start..<line.contentEnd])
            if let indent = blockIndent {
                // Inside a block scalar: its lines are text, whatever they look like.
                if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || SetterLine.indentation(content) > indent {
                    output += bytes[line.start..<line.end]
                    continue
                }
                blockIndent = nil
            }
            if SetterLine.isDocumentStart(content), line.start > 0 { document += 1 }
            guard let parsed = SetterLine.parse(content) else {
                output += bytes[line.start..<line.end]
                continue
            }
            if parsed.opensBlockScalar { blockIndent = SetterLine.indentation(content) }
            guard let marker = parsed.marker, let value = parsed.value, let entry = setters[marker] else {
                output += bytes[line.start..<line.end]
                continue
            }
            let old = value.text
            guard old != entry.value else {
                output += bytes[line.start..<line.end]
                continue
            }
            output += content[0..<value.range.lowerBound]
            output += SetterScalar.encode(entry.value, like: value.style)
            output += content[value.range.upperBound...]
            output += bytes[line.contentEnd..<line.end]
            changes.append((document, ImageSetterChange(oldValue: old, newValue: entry.value, setter: marker)))
        }
        guard !changes.isEmpty else { return nil }
        let identities = try documentIdentities(bytes, source: source)
        return FileRewrite(bytes: output, changes: changes.map { (identities[$0.document] ?? ImageObjectID(), $0.change) })
    }

    /// The identity of each document (by index, counting `---` separators as the scan does).
    static func documentIdentities(_ bytes: [UInt8], source: String?) throws -> [Int: ImageObjectID] {
        var texts: [[UInt8]] = [[]]
        for line in SetterLine.split(bytes) {
            let content = Array(bytes[line.start..<line.contentEnd])
            if SetterLine.isDocumentStart(content), line.start > 0 { texts.append([]) }
            texts[texts.count - 1] += bytes[line.start..<line.end]
        }
        var result: [Int: ImageObjectID] = [:]
        for (index, text) in texts.enumerated() {
            let value = try YAML.document(String(decoding: text, as: UTF8.self), source: source)
            result[index] = ImageObjectID(apiVersion: value["apiVersion"]?.stringValue ?? "", kind: value["kind"]?.stringValue ?? "",
                                          name: value["metadata"]?["name"]?.stringValue ?? "",
                                          namespace: value["metadata"]?["namespace"]?.stringValue ?? "")
        }
        return result
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
