import GoTemplate

extension Sprig {
    /// `semver` (a `*semver.Version` object) and `semverCompare CONSTRAINT VERSION`
    /// (Masterminds/semver v3 rules).
    static var semverFunctions: [String: GoFunction] {
        table([
            def("semver", [.string], "func(string) (*semver.Version, error)") { a in
                .object(try SemverVersion.parse(a.string(0)))
            },
            def("semverCompare", [.string, .string], "func(string, string) (bool, error)") { a in
                let constraints = try SemverConstraints(a.string(0))
                return .bool(constraints.check(try SemverVersion.parse(a.string(1))))
            },
        ])
    }
}
