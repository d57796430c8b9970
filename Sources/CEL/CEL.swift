/// The Common Expression Language (https://github.com/google/cel-spec), the subset Kubernetes
/// and Flux use: see `docs/cel.md`.
///
/// The entry point is ``CELProgram``: parse once, evaluate many times against different
/// variables. Evaluation is pure (no IO, no clocks) and bounded by ``CELLimits``.
public enum CEL {}

/// The bounds that keep a hostile expression from crashing or hanging the process.
///
/// The defaults follow the CEL spec's recommended minimums and Kubernetes' practice: the
/// parser refuses deeper nesting instead of overflowing the stack, and evaluation stops with
/// an error once it has done `maxSteps` units of work (a node visited, a comprehension
/// iteration, a byte produced by a string function, a regular-expression step).
public struct CELLimits: Sendable, Hashable {
    /// Longest expression accepted, in Unicode scalars (the spec recommends at least 100,000).
    public var maxExpressionLength: Int
    /// Deepest nesting of the syntax tree (the spec recommends supporting at least 32 levels).
    public var maxNestingDepth: Int
    /// Work units one evaluation may spend.
    public var maxSteps: Int
    /// Largest string, bytes or list one evaluation may build, in elements.
    public var maxValueSize: Int

    public init(maxExpressionLength: Int = 100_000, maxNestingDepth: Int = 250, maxSteps: Int = 1_000_000,
                maxValueSize: Int = 10_000_000)
    {
        self.maxExpressionLength = maxExpressionLength
        self.maxNestingDepth = maxNestingDepth
        self.maxSteps = maxSteps
        self.maxValueSize = maxValueSize
    }

    public static let `default` = CELLimits()
}
