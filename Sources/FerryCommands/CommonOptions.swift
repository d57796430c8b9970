import ArgumentParser
import FerryAPI

/// `ferry get …`: flux's persistent get flags.
struct GetOptions: ParsableArguments {
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List across all namespaces.")
    var allNamespaces = false

    @Option(name: .customLong("status-selector"), help: "Only objects whose condition matches, e.g. ready=false.")
    var statusSelector: String?

    func validate() throws {
        if let statusSelector { _ = try GetTable.parseSelector(statusSelector) }
    }
}

/// How long a command waits for a controller to report.
struct WaitOptions: ParsableArguments {
    @Option(help: "How long to wait for the reconciliation, e.g. 5m.")
    var timeout: String = "5m"

    func validate() throws {
        guard GoDuration.parse(timeout) != nil else { throw ValidationError("--timeout \(timeout) is not a duration such as 5m or 30s") }
    }
}

/// Commands that work on one named object or, with `--all`, on every object of the kind in
/// the namespace (flux's `suspend|resume|export … --all`).
struct NameOrAllOptions: ParsableArguments {
    @Argument(help: "The object's name (omit with --all).") var name: String?
    @Flag(help: "Every object of this kind in the namespace.") var all = false

    /// Commands call this from their `validate()`, so the sentence names their kind.
    func validate(kind: FluxKind) throws {
        guard (name == nil) == all else { throw ValidationError("name a \(kind.gvk.kind) or pass --all (not both)") }
    }
}

/// `ferry delete …`: confirmation.
struct ConfirmOptions: ParsableArguments {
    @Flag(name: [.short, .long], help: "Delete without asking for confirmation.") var silent = false
}
