import Manifests
import Yams

/// Reading YAML the way kustomize does (go-yaml v3 into `interface{}`, then JSON).
extension KYAML {
    /// Every document of a YAML stream; empty documents come back as `.null`.
    /// `annotationNulls`: a plain `null` among a resource's own annotations stays `null` (a
    /// `patches` document, where it deletes the annotation) instead of becoming its text.
    static func documents(_ text: String, source: String, allowDuplicateKeys: Bool = false,
                          annotationNulls: Bool = false) throws -> [JSONValue] {
        do {
            var result: [JSONValue] = []
            // Iterate the parser directly: `compose_all`'s lazy sequence swallows errors.
            // A UTF-8 byte-order mark is not content (go-yaml skips it).
            let body = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
            // Alias bombs, collection keys and deep nesting are refused before Yams composes.
            do {
                try YAML.checkComposable(body, source: source)
            } catch {
                throw KustomizeError.malformedYAML(file: source, line: error.line, reason: error.reason)
            }
            let parser = try Parser(yaml: body, resolver: .basic)
            while let node = try parser.nextRoot() {
                result.append(try convert(node, source: source, annotationNulls: annotationNulls))
            }
            return result
        } catch let error as KustomizeError {
            throw error
        } catch YamlError.duplicatedKeysInMapping where allowDuplicateKeys {
            let fixed = renameDuplicateKeys(text)
            return try documents(fixed, source: source, annotationNulls: annotationNulls).map(dropRenamed)
        } catch let error as YamlError {
            throw KustomizeError.malformedYAML(file: source, line: line(of: error), reason: "\(error)")
        } catch {
            throw KustomizeError.malformedYAML(file: source, line: nil, reason: "\(error)")
        }
    }

    static func isOwnAnnotation(_ path: [String]) -> Bool {
        (path.count == 3 && path[0] == "metadata" && path[1] == "annotations")
            || (path.count == 5 && path[0] == "items" && path[2] == "metadata" && path[3] == "annotations")
    }

    static func dropRenamed(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            var out = JSONObject()
            for (k, c) in o where !k.hasPrefix(droppedKeyPrefix) { out[k] = dropRenamed(c) }
            return .object(out)
        case .array(let a): return .array(a.map(dropRenamed))
        default: return v
        }
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default: return nil
        }
    }

    /// Converts a node; `path` is the chain of keys (and list indexes) from the document root.
    static func convert(_ node: Node, source: String, path: [String] = [], annotationNulls: Bool = false) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            // A resource's own annotations are re-set by kustomize as strings of their
            // original text (`port: 0x1F` stays "0x1F"); see `Builder.normaliseMetadata`.
            if isOwnAnnotation(path), scalar.style == .plain || scalar.style == .any {
                if annotationNulls, scalar.tag.description.hasSuffix(":null") || resolvePlainV3(scalar.string) == .null { return .null }
                return .string(scalar.string)
            }
            let tag = scalar.tag.description
            if tag.hasSuffix(":str") { return .string(scalar.string) }
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            if tag.hasSuffix(":null") { return .null }
            return resolvePlainV3(scalar.string)
        case .sequence(let seq):
            return .array(try seq.enumerated().map { try convert($1, source: source, path: path + [String($0)], annotationNulls: annotationNulls) })
        case .alias:
            throw KustomizeError.malformedYAML(file: source, line: node.mark?.line, reason: "unresolved alias")
        case .mapping(let map):
            var object = JSONObject(minimumCapacity: map.count)
            var merges: [JSONValue] = []
            for (k, v) in map {
                let keyValue = try convert(k, source: source, path: ["<key>"])
                let key: String
                switch keyValue {
                case .string(let s): key = s
                case .int(let i): key = String(i)
                case .bool(let b): key = b ? "true" : "false"
                case .null: key = "null"
                case .double(let d): key = KYAML.formatFloat(d)
                default:
                    throw KustomizeError.malformedYAML(file: source, line: k.mark?.line, reason: "mapping keys must be scalars")
                }
                if key == "<<", case .scalar(let ks) = k, ks.style == .plain {
                    let merged = try convert(v, source: source, annotationNulls: annotationNulls)
                    if case .array(let items) = merged { merges.append(contentsOf: items) } else { merges.append(merged) }
                    continue
                }
                if object[key] != nil {
                    throw KustomizeError.malformedYAML(file: source, line: k.mark?.line,
                                                       reason: "mapping key \"\(key)\" already defined")
                }
                object[key] = try convert(v, source: source, path: path + [key], annotationNulls: annotationNulls)
            }
            for m in merges {
                if case .object(let mo) = m { for (mk, mv) in mo where object[mk] == nil { object[mk] = mv } }
            }
            return .object(object)
        }
    }
}
