import FerryCommands

@main
struct Entrypoint {
    static func main() async {
        await FerryCommand.main()
    }
}
