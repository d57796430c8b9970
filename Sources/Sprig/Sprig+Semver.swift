import GoTemplate

extension Sprig {
    static var semverFunctions: [String: GoFunction] { [:] }
}
