import Manifests

/// A parsed CEL expression, ready to evaluate any number of times.
///
/// Parsing checks syntax only: names are resolved when evaluating, as Flux does for health
/// check expressions (which it parses without declaring variables, because not every custom
/// resource has the usual `metadata`/`spec`/`status` fields).
///
/// ```swift
/// let ready = try CELProgram("status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')")
/// let ok = try ready.evaluateBool(object.objectValue ?? [:])  // top-level fields as variables
/// ```
public struct CELProgram: Sendable {
    public let source: String
    public let limits: CELLimits
    let root: CELExpr

    public init(_ source: String, limits: CELLimits = .default) throws(CELError) {
        self.source = source
        self.limits = limits
        root = try CELParser.parse(source, limits: limits)
    }

    /// Evaluates with the given variables (e.g. `["self": object, "dep": dependency]`).
    public func evaluate(_ variables: [String: JSONValue]) throws(CELError) -> CELValue {
        try evaluate(values: variables.mapValues(CELValue.init))
    }

    /// Evaluates with each top-level field of `object` as a variable: Flux's convention for
    /// `healthCheckExprs`, where `status.conditions...` reads the object's own status.
    public func evaluate(object: JSONObject) throws(CELError) -> CELValue {
        var values: [String: CELValue] = [:]
        for (key, value) in object { values[key] = CELValue(value) }
        return try evaluate(values: values)
    }

    /// Evaluates with variables that are already CEL values.
    public func evaluate(values: [String: CELValue]) throws(CELError) -> CELValue {
        var interpreter = CELInterpreter(variables: values, limits: limits)
        let result = try interpreter.eval(root)
        return result
    }

    /// Evaluates and requires a bool: anything else is the error `expected bool, got <type>`.
    public func evaluateBool(_ variables: [String: JSONValue]) throws(CELError) -> Bool {
        try Self.requireBool(evaluate(variables))
    }

    /// ``evaluateBool(_:)`` with the object's top-level fields as variables (health checks).
    public func evaluateBool(object: JSONObject) throws(CELError) -> Bool {
        try Self.requireBool(evaluate(object: object))
    }

    /// Evaluates and requires a string: anything else is the error `expected string, got <type>`.
    public func evaluateString(_ variables: [String: JSONValue]) throws(CELError) -> String {
        let value = try evaluate(variables)
        guard case .string(let s) = value else { throw .eval("expected string, got \(value.typeName)") }
        return s
    }

    private static func requireBool(_ value: CELValue) throws(CELError) -> Bool {
        guard case .bool(let b) = value else { throw .eval("expected bool, got \(value.typeName)") }
        return b
    }
}
