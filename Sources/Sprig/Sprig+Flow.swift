import GoTemplate

extension Sprig {
    /// `fail`: stops the render with the message as the function's error (Helm prints it as
    /// `execution error at (file:line:col): MESSAGE`).
    static var flowFunctions: [String: GoFunction] {
        table([
            def("fail", [.string], "func(string) (string, error)") { a in throw GoFunctionError(a.string(0)) },
        ])
    }
}
