import Dispatch
import FerryCommands
#if canImport(Glibc)
import Glibc
#endif

/// `ferry`. A synchronous `main`: what needs no concurrency runtime (`ferry helm template`)
/// runs on the main thread and returns; everything else runs as the main actor's task while
/// the main queue is drained, as an async `main` would, and the process exits when it ends.
@main
struct Entrypoint {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if FerryMain.runSynchronously(arguments) { return }
        Task { @MainActor in
            await FerryMain.run(arguments)
            exit(0)
        }
        dispatchMain()
    }
}
