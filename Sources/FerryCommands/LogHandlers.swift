import Foundation
import Logging
import Manifests

/// One JSON object per line (`--log-encoding json`), the shape Flux's controllers log in:
/// level, ts, logger, msg, then the metadata keys.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("level", event.level.rawValue), ("ts", ISO8601DateFormatter().string(from: Date())), ("logger", label),
            ("msg", event.message.description),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { fields.append((key, "\(merged[key]!)")) }
        var line = "{"
        for (i, (k, v)) in fields.enumerated() {
            if i > 0 { line += "," }
            line += Self.quote(k) + ":" + Self.quote(v)
        }
        line += "}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func quote(_ s: String) -> String { JSONValue.string(s).jsonString() }
}

enum LogSetup {
    /// Bootstraps swift-log once for the process.
    static func bootstrap(level: Logger.Level, encoding: String) {
        LoggingSystem.bootstrap { label in
            if encoding == "json" {
                var h = JSONLogHandler(label: label)
                h.logLevel = level
                return h
            }
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
    }
}
