import Foundation
import Manifests

enum JSONValueReader {
    static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { raw in
            try JSONValue(jsonBuffer: raw.bindMemory(to: UInt8.self))
        }
    }
}
