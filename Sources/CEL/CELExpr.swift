/// The parsed form of an expression: macros already expanded into `presence` and
/// `comprehension` nodes, operators into `unary`/`binary`, `&&`/`||`/`?:` kept apart because
/// they do not evaluate all their operands.
indirect enum CELExpr: Sendable {
    case literal(CELValue)
    case ident(String)
    /// `operand.field`, or `operand.?field` when `optional`.
    case select(CELExpr, String, optional: Bool)
    /// `has(operand.field)`.
    case presence(CELExpr, String)
    /// `operand[index]`, or `operand[?index]` when `optional`.
    case index(CELExpr, CELExpr, optional: Bool)
    /// A function call, `name(args)` or `target.name(args)`; namespaced globals such as
    /// `optional.of` have the dotted name and no target.
    case call(String, target: CELExpr?, args: [CELExpr])
    case list([CELExpr])
    case map([MapEntry])
    case unary(String, CELExpr)
    case binary(String, CELExpr, CELExpr)
    case and(CELExpr, CELExpr)
    case or(CELExpr, CELExpr)
    case conditional(CELExpr, CELExpr, CELExpr)
    case comprehension(Comprehension)

    struct MapEntry: Sendable {
        var key: CELExpr
        var value: CELExpr
    }

    /// `range.all(x, p)`, `exists`, `exists_one`, `filter`, `map` (with an optional filter).
    struct Comprehension: Sendable {
        enum Kind: String, Sendable { case all, exists, existsOne = "exists_one", filter, map }
        var kind: Kind
        var range: CELExpr
        var variable: String
        /// The predicate for all/exists/exists_one/filter, the filter of 3-argument `map`.
        var predicate: CELExpr?
        /// The result expression of `map`.
        var transform: CELExpr?
    }
}
