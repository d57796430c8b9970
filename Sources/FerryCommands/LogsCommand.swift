import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

/// `ferry logs`: the controllers' reconcile log, readable — as `flux logs` reads the controllers'
/// Pods, the JSON log of the controllers' Pods in `--ferry-namespace` (what `ferry install` and
/// `ferry bootstrap git` run); without any, the local controllers' log (the one
/// `ferry bootstrap git --local-controllers` started for the current cluster), or `--file`.
/// Filtered by kind, name, namespace and level, optionally followed, in `flux logs`' layout:
/// `2026-11-25T18:00:00Z info Kustomization/apps.ferry-system - reconciled result=succeeded duration=0.512s`.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Show the controllers' reconcile log, filtered and formatted.")

    @OptionGroup var cluster: ClusterOptions
    @Option(help: "A controllers log file (default: the controllers ferry bootstrap runs for this cluster).") var file: String?
    @Option(help: "Only this kind (Kustomization, GitRepository).") var kind: String?
    @Option(help: "Only objects of this name.") var name: String?
    @Flag(name: [.short, .customLong("all-namespaces")], help: "Every namespace (the default unless -n is given).") var allNamespaces = false
    @Option(help: "Lowest level shown: debug, info, error.") var level: String?
    @Option(help: "Show only the last N matching lines (0: all).") var tail = 0
    @Flag(name: [.short, .long], help: "Keep printing new lines.") var follow = false
    @Option(name: [.customLong("ferry-namespace"), .customLong("flux-namespace")],
            help: "The namespace the controllers' Pods run in.") var ferryNamespace = "ferry-system"

    func run() async throws {
        try await CLIError.reporting {
            if file == nil, let client = try? cluster.client() {
                defer { Task { try? await client.shutdown() } }
                if let pods = await controllerPods(client) {
                    try await printPodLogs(pods, client: client)
                    return
                }
            }
            let path = try logPath()
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CLIMessage("cannot read the controllers log \(path)") }
            defer { try? handle.close() }
            var pending = ""
            var lines: [String] = []
            func consume(_ data: Data, collect: Bool) {
                pending += String(decoding: data, as: UTF8.self)
                while let newline = pending.firstIndex(of: "\n") {
                    let line = String(pending[..<newline])
                    pending.removeSubrange(...newline)
                    guard let formatted = format(line) else { continue }
                    if collect { lines.append(formatted) } else { print(formatted) }
                }
            }
            consume(handle.readDataToEndOfFile(), collect: true)
            print((tail > 0 ? Array(lines.suffix(tail)) : lines).joined(separator: "\n"), terminator: lines.isEmpty ? "" : "\n")
            while follow {
                Say.flush()
                try await Task.sleep(for: .milliseconds(250))
                consume(handle.readDataToEndOfFile(), collect: false)
            }
        }
    }

    func logPath() throws -> String {
        if let file { return file }
        let config = try cluster.clientConfig()
        let local = LocalControllers(server: config.server)
        guard FileManager.default.fileExists(atPath: local.logFile) else {
            throw CLIMessage("no controllers log for \(config.server): no controllers' Pods in namespace \(ferryNamespace) (ferry install, or --ferry-namespace), and no local controllers' log in \(local.logFile) (ferry bootstrap git --local-controllers); pass --file for another log")
        }
        return local.logFile
    }

    static let levels = ["trace": 0, "debug": 1, "info": 2, "notice": 3, "warning": 4, "error": 5, "critical": 6]

    /// One JSON log line as text, or nil when it is filtered out (or not a log line).
    func format(_ line: String) -> String? {
        guard let entry = try? JSONValue(jsonBytes: Array(line.utf8)), let fields = entry.objectValue else { return nil }
        let value = { (key: String) in fields[key]?.stringValue }
        if let kind, value("kind")?.lowercased() != kind.lowercased() { return nil }
        if let name, value("name") != name { return nil }
        if let ns = cluster.namespace, !allNamespaces, value("namespace") != ns { return nil }
        if let level, (Self.levels[value("level") ?? "info"] ?? 2) < (Self.levels[level] ?? 2) { return nil }
        var text = "\(value("ts") ?? "") \(value("level") ?? "")"
        if let kind = value("kind"), let name = value("name") {
            text += " \(kind)/\(name)" + (value("namespace").map { ".\($0)" } ?? "")
        } else {
            text += " \(value("controller") ?? value("logger") ?? "")"
        }
        text += " - \(value("msg") ?? "")"
        let skip: Set<String> = ["ts", "level", "msg", "kind", "name", "namespace", "logger", "controller"]
        for key in fields.keys.sorted() where !skip.contains(key) {
            text += " \(key)=\(fields[key]?.stringValue ?? "")"
        }
        return text
    }
}
