/// A function callable from a template: a builtin, a Sprig or Helm function, or a method of a
/// `GoObject`.
///
/// Go's `text/template` checks the argument count and converts each argument to the declared
/// parameter type before calling (`wrong number of args for X: want 2 got 1`,
/// `wrong type for value; expected string; got int`); `parameters` and `variadic` carry that
/// signature. A body that fails throws `GoFunctionError`, which the executor reports as
/// `error calling X: <message>` (the `(T, error)` return of Go).
public struct GoFunction: @unchecked Sendable {
    public var name: String
    /// Declared parameter types, in order.
    public var parameters: [GoParameterType]
    /// The type of a trailing `...T` parameter, if any.
    public var variadic: GoParameterType?
    /// What `typeOf` prints for the function value (`func(string) string`).
    public var typeName: String
    /// Called with the arguments already converted to the parameter types.
    public var body: @Sendable ([GoValue]) throws -> GoValue

    public init(_ name: String, _ parameters: [GoParameterType] = [], variadic: GoParameterType? = nil,
                typeName: String? = nil, body: @escaping @Sendable ([GoValue]) throws -> GoValue) {
        self.name = name
        self.parameters = parameters
        self.variadic = variadic
        self.typeName = typeName ?? "func"
        self.body = body
    }
}

/// A parameter type of a Go function signature: what argument values convert to.
public enum GoParameterType: Sendable, Hashable {
    /// `interface{}`: anything, a missing value arrives as `.null`.
    case any
    case string
    case bool
    case int
    case int64
    case float64
    /// `[]interface{}`
    case list
    /// `[]string`
    case stringList
    /// `map[string]interface{}` (a `chartutil.Values` is assignable to it)
    case map
    /// `[]byte`
    case bytes

    /// The Go spelling, for error messages (`expected string; got int`).
    public var goName: String {
        switch self {
        case .any: return "interface {}"
        case .string: return "string"
        case .bool: return "bool"
        case .int: return "int"
        case .int64: return "int64"
        case .float64: return "float64"
        case .list: return "[]interface {}"
        case .stringList: return "[]string"
        case .map: return "map[string]interface {}"
        case .bytes: return "[]uint8"
        }
    }
}

/// A function's own failure (the `error` a Go function returns). The executor wraps it:
/// `template: NAME:LINE:COL: executing "NAME" at <NODE>: error calling FN: MESSAGE`.
public struct GoFunctionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
