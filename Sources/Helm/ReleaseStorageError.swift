/// Why a release could not be written to, or read from, its storage object. The message names
/// the record and the cause; it never holds the record's contents (values may be secrets).
public struct ReleaseStorageError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The stored record is not one Helm wrote: bad base64, a broken gzip stream, JSON
        /// that does not fit Helm's types, a Secret without `data.release`.
        case malformed
        /// The record decompresses past ``ReleaseStorage/maximumRecordSize``.
        case tooLarge
        /// The release cannot be written as Helm would (a time outside years 0–9999, NaN in
        /// values, an invalid release name).
        case unencodable
    }

    public var kind: Kind
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    func context(_ prefix: String) -> ReleaseStorageError { ReleaseStorageError(kind, prefix + ": " + message) }
}
