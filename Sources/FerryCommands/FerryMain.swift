import ArgumentParser

/// The `ferry` process: parse once, run. `AsyncParsableCommand.main` would parse the whole
/// command tree again after ``BooleanFlagSyntax`` has parsed it (about half of a short
/// command's time, measured with perf); a command that did not parse goes through `main`
/// so its error and usage read exactly as ArgumentParser prints them.
///
/// `ferry helm template` — a whole process measured against `helm template` — is parsed as its
/// own root first, so the other 150 commands' argument sets are never built. Help requests and
/// anything the leaf does not parse take the full path, which prints `ferry helm template`'s
/// usage as before.
public enum FerryMain {
    /// Runs the commands that need no concurrency runtime — `helm template` — on the calling
    /// thread and returns true; false for every other command (then ``run(_:)``). Called from a
    /// synchronous `main`, this keeps `ferry helm template` off libdispatch: an async `main`
    /// hands the main task to a worker thread and starts three more (`strace -f`: 4 clones and
    /// 557 system calls, against none and 402).
    public static func runSynchronously(_ arguments: [String]) -> Bool {
        guard let template = helmTemplate(arguments) else { return false }
        do { try template.run() } catch { FerryCommand.exit(withError: error) }
        return true
    }

    /// Every command ``runSynchronously(_:)`` left (`main` asks it first).
    public static func run(_ arguments: [String]) async {
        let (normalized, parsed) = BooleanFlagSyntax.parse(arguments, for: FerryCommand.self)
        guard var command = parsed else {
            await FerryCommand.main(normalized)
            return
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            FerryCommand.exit(withError: error)
        }
    }

    static let helpWords: Set<String> = ["-h", "--help", "-help", "help", "--version", "--experimental-dump-help",
                                         "--generate-completion-script"]

    /// `helm template …` parsed by its own command alone, or nil for the full path.
    static func helmTemplate(_ arguments: [String]) -> HelmTemplateCommand? {
        guard arguments.count >= 2, arguments[0] == "helm", arguments[1] == "template" else { return nil }
        let rest = Array(arguments.dropFirst(2))
        guard !rest.contains(where: { helpWords.contains($0) || $0.hasPrefix("---") }) else { return nil }
        let (_, parsed) = BooleanFlagSyntax.parse(rest, for: HelmTemplateCommand.self)
        return parsed as? HelmTemplateCommand
    }
}
