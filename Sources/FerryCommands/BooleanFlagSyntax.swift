import ArgumentParser

/// Boolean flags written the way Flux's CLI (Go's pflag) takes them: `--prune=true`,
/// `--prune=false`, `--wait=1`. swift-argument-parser's flags take no value, so a command copied
/// from Flux's documentation failed with "The option '--prune' does not take any value".
///
/// Only what the parser itself refuses is rewritten: the arguments are parsed as they are, and
/// while the parser says a flag was given a value, that one argument becomes `--flag` (true) or
/// is dropped (false). Options that take a value (`--no-cross-namespace-refs=true` is an option
/// with a Boolean value) are never touched, because the parser accepts them as written.
public enum BooleanFlagSyntax {
    /// `arguments` (without the program name) with `--flag=<bool>` rewritten where `command`
    /// would refuse it; anything else — including a value that is not a Boolean — unchanged, so
    /// the parser's own error still speaks.
    public static func normalize<Command: ParsableCommand>(_ arguments: [String], for command: Command.Type) -> [String] {
        parse(arguments, for: command).arguments
    }

    /// ``normalize(_:for:)``, and the command parsed from the result when it parses — so the
    /// caller runs it instead of parsing the whole command tree a second time.
    public static func parse<Command: ParsableCommand>(_ arguments: [String], for command: Command.Type)
        -> (arguments: [String], parsed: ParsableCommand?) {
        var arguments = arguments
        for _ in arguments.indices {
            let message: String
            do {
                return (arguments, try command.parseAsRoot(arguments))
            } catch {
                message = command.message(for: error)
            }
            guard let flag = refusedFlag(in: message),
                  let index = arguments.firstIndex(where: { $0.hasPrefix(flag + "=") }),
                  let value = goBool(String(arguments[index].dropFirst(flag.count + 1)))
            else { return (arguments, nil) }
            if value { arguments[index] = flag } else { arguments.remove(at: index) }
        }
        return (arguments, nil)
    }

    /// The flag named in swift-argument-parser's "The option '--x' does not take any value".
    static func refusedFlag(in message: String) -> String? {
        let prefix = "The option '"
        guard let start = message.range(of: prefix),
              message[start.upperBound...].contains("' does not take any value") else { return nil }
        let name = message[start.upperBound...].prefix { $0 != "'" }
        return name.hasPrefix("--") ? String(name) : nil
    }

    /// Go's `strconv.ParseBool`, which pflag uses: 1, t, T, TRUE, true, True, 0, f, F, FALSE,
    /// false, False.
    static func goBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }
}
