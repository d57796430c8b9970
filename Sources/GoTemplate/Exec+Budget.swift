/// Bounds on the work and output of one render. Go's executor has none (a template may loop
/// `range 100000000000` or print gigabytes), and Helm adds only `include`'s recursion limit; a
/// process that renders every tenant's chart needs both, so a set given a budget stops with
/// an error that names the template instead of hanging or running out of memory.
///
/// One budget is shared by every execution of one render (the set's clones share it, so
/// Helm's `include` and `tpl` spend from it too). It is a counter without locks: the
/// executions that share it must not run at the same time (nested ones run one inside the
/// other, which is how a render runs).
public final class ExecutionBudget: @unchecked Sendable {
    /// The most bytes a render may write, counted per execution: an included template's
    /// output counts again where the includer prints it, so this also bounds the copying.
    public let maxOutputBytes: Int
    /// The most steps: range iterations, `{{template}}` calls and executions (`include`, `tpl`).
    public let maxSteps: Int

    /// Bytes written by the executions that have finished.
    var outputBytes = 0
    var steps = 0

    /// 100 MiB of output (Helm's largest decompressed chart, and the kustomize controller's
    /// largest unpacked artifact) and ten million steps: far above real charts, a few seconds
    /// of work at most.
    public static let defaultMaxOutputBytes = 100 << 20
    public static let defaultMaxSteps = 10_000_000

    public init(maxOutputBytes: Int = defaultMaxOutputBytes, maxSteps: Int = defaultMaxSteps) {
        self.maxOutputBytes = maxOutputBytes
        self.maxSteps = maxSteps
    }

    var stepsMessage: String { "render stopped after \(maxSteps) steps (range iterations, template calls and includes)" }
    var outputMessage: String { "rendered output is larger than the limit of \(maxOutputBytes) bytes" }

    /// Counts one step; false when the budget is spent.
    @inline(__always) func spendStep() -> Bool {
        steps += 1
        return steps <= maxSteps
    }

    /// Whether `pending` more bytes (an execution's output so far) still fit.
    @inline(__always) func fits(pending: Int) -> Bool { outputBytes + pending <= maxOutputBytes }
}

extension Executor {
    /// The output's size in bytes, whatever the output buffer's type.
    static func byteCount(_ text: String) -> Int { text.utf8.count }
    static func byteCount(_ bytes: [UInt8]) -> Int { bytes.count }

    /// Spends a step of the set's budget, if it has one, and checks the output so far.
    @inline(__always) mutating func spend() throws(TemplateError) {
        guard let budget = template.budget else { return }
        if !budget.spendStep() { throw error(budget.stepsMessage) }
        if !budget.fits(pending: Executor.byteCount(output)) { throw error(budget.outputMessage) }
    }
}

extension Template {
    /// An execution's start and end against the budget: a step, then its output.
    func spendExecution(_ name: String) throws(TemplateError) {
        guard let budget else { return }
        if !budget.spendStep() { throw TemplateError(kind: .exec, message: "template: \(name): \(budget.stepsMessage)") }
    }

    func chargeOutput(_ text: String, _ name: String) throws(TemplateError) {
        guard let budget else { return }
        budget.outputBytes += text.utf8.count
        if budget.outputBytes > budget.maxOutputBytes {
            throw TemplateError(kind: .exec, message: "template: \(name): \(budget.outputMessage)")
        }
    }
}

extension Executor {
    /// A string result larger than the budget's output could never be printed; refusing it
    /// here stops a template that doubles a variable in a loop before it exhausts memory.
    func checkedResult(_ value: GoValue) throws(GoFunctionError) -> GoValue {
        guard let budget = template.budget, case .string(let text) = value,
              text.utf8.count > budget.maxOutputBytes else { return value }
        throw GoFunctionError("result of \(text.utf8.count) bytes is larger than the limit of \(budget.maxOutputBytes) bytes")
    }
}
