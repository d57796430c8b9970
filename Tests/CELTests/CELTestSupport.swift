import CEL
import Manifests

/// Evaluates `source` with `variables`, returning the value or the error's description, so a
/// table row can state either outcome as one string.
func outcome(_ source: String, _ variables: [String: JSONValue] = [:]) -> String {
    do {
        let program = try CELProgram(source)
        return try program.evaluate(variables).description
    } catch {
        return "error: \(error.description)"
    }
}

/// A JSON object written inline in a test, parsed with Manifests' own parser.
func json(_ text: String) -> JSONValue {
    (try? JSONValue(json: text)) ?? .string("<invalid test JSON>")
}
