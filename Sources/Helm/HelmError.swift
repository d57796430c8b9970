/// A failure of chart loading, values handling or rendering, carrying the text Helm prints after
/// `Error: ` so a user sees the same cause from Ferry as from `helm template`.
public struct HelmError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Helm's `errors.Wrap(err, context)`: `context: cause`.
    func wrapped(_ context: String) -> HelmError { HelmError(context + ": " + message) }
}
