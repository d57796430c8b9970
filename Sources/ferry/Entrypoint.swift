import FerryCommands

@main
struct Entrypoint {
    static func main() async {
        let arguments = BooleanFlagSyntax.normalize(Array(CommandLine.arguments.dropFirst()), for: FerryCommand.self)
        await FerryCommand.main(arguments)
    }
}
