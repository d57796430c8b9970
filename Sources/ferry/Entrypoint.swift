import FerryCommands

@main
struct Entrypoint {
    static func main() async {
        await FerryMain.run(Array(CommandLine.arguments.dropFirst()))
    }
}
