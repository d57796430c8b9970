import GoTemplate
import Sprig

/// The commit message of an automation: `spec.git.commit.messageTemplate` (default "Update from
/// image update automation") run as a Go template with Sprig's hermetic functions, over Flux's
/// `TemplateData`:
///
/// - `.AutomationObject` — the automation's `namespace/name` (`.Name`, `.Namespace`);
/// - `.Changed.FileChanges` — file → object → changes; `.Changed.Objects` — object → changes;
///   `.Changed.Changes` — every distinct change. An object has `.Kind`, `.Name`, `.Namespace`,
///   `.APIVersion`; a change `.OldValue`, `.NewValue`, `.Setter`;
/// - `.Values` — `spec.git.commit.messageTemplateValues`.
///
/// `.Updated` and `.Changed.ImageResult` were removed by Flux: a template using them fails with
/// Flux's RemovedTemplateField message rather than a bare evaluation error.
public enum ImageCommitMessage {
    public static let defaultTemplate = "Update from image update automation"

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        /// The template uses a field Flux removed (reason RemovedTemplateField).
        public var removedField: Bool
    }

    /// Sprig minus the functions whose result depends on when or where they run (Sprig's
    /// `HermeticTxtFuncMap`, as Flux uses).
    static let hermetic: FunctionLibrary = {
        let nonHermetic: Set<String> = [
            "date", "date_in_zone", "date_modify", "now", "htmlDate", "htmlDateInZone", "dateInZone", "dateModify",
            "randAlphaNum", "randAlpha", "randAscii", "randNumeric", "randBytes", "uuidv4",
            "env", "expandenv", "getHostByName",
        ]
        return FunctionLibrary(Sprig.functions.filter { !nonHermetic.contains($0.key) })
    }()

    public static func render(_ template: String?, automation: (namespace: String, name: String), changed: ImageUpdateResult,
                              values: [String: String]) throws(Failure) -> String {
        let text = (template?.isEmpty ?? true) ? defaultTemplate : template ?? defaultTemplate
        let set = Template(name: "commit message")
        set.funcs(hermetic)
        set.budget = ExecutionBudget(maxOutputBytes: 1 << 20)
        do {
            try set.parse(text, as: "commit message")
        } catch {
            throw Failure(description: "unable to create commit message template from spec: \(error)", removedField: false)
        }
        let data = TemplateDataObject(namespace: automation.namespace, name: automation.name, changed: changed, values: values)
        do {
            return try set.execute("commit message", data: .object(data))
        } catch {
            let message = "\(error)"
            if message.contains("can't evaluate field Updated in type source.TemplateData") {
                throw Failure(description: removedMessage(".Updated", instead: "'.Changed'"), removedField: true)
            }
            if message.contains("can't evaluate field ImageResult in type update.Result") {
                throw Failure(description: removedMessage(".Changed.ImageResult", instead: "'.Changed.FileChanges' or '.Changed.Objects'"),
                              removedField: true)
            }
            throw Failure(description: "failed to run template from spec: \(message)", removedField: false)
        }
    }

    static func removedMessage(_ field: String, instead: String) -> String {
        "template uses removed '\(field)' field. Please use \(instead) instead. "
            + "See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template"
    }
}

/// `source.TemplateData`.
final class TemplateDataObject: GoObject {
    let namespace: String
    let name: String
    let changed: ImageUpdateResult
    let values: [String: String]

    init(namespace: String, name: String, changed: ImageUpdateResult, values: [String: String]) {
        self.namespace = namespace
        self.name = name
        self.changed = changed
        self.values = values
    }

    var goTypeName: String { "source.TemplateData" }
    func field(_ field: String) -> GoValue? {
        switch field {
        case "AutomationObject": return .object(NamespacedNameObject(namespace: namespace, name: name))
        case "Changed": return .object(ResultObject(changed))
        case "Values":
            return .map(GoMap(values.mapValues { .string($0) }, typeName: "map[string]string", elementType: "string"))
        default: return nil
        }
    }
    var goDescription: String { "{\(namespace)/\(name) \(changed) map[]}" }
}

/// `types.NamespacedName`: prints as `namespace/name`.
final class NamespacedNameObject: GoObject {
    let namespace: String
    let name: String
    init(namespace: String, name: String) { self.namespace = namespace; self.name = name }
    var goTypeName: String { "types.NamespacedName" }
    func field(_ field: String) -> GoValue? {
        switch field {
        case "Namespace": return .string(namespace)
        case "Name": return .string(name)
        default: return nil
        }
    }
    func method(_ name: String) -> GoFunction? {
        guard name == "String" else { return nil }
        let text = goDescription
        return GoFunction("String", typeName: "func() string") { _ in .string(text) }
    }
    var goDescription: String { namespace + "/" + name }
}

/// `update.Result`.
final class ResultObject: GoObject {
    let result: ImageUpdateResult
    init(_ result: ImageUpdateResult) { self.result = result }
    var goTypeName: String { "update.Result" }
    func field(_ name: String) -> GoValue? {
        guard name == "FileChanges" else { return nil }
        var files: [String: GoValue] = [:]
        for (file, objects) in result.fileChanges { files[file] = Self.objectChanges(objects) }
        return .map(GoMap(files, typeName: "map[string]update.ObjectChanges", elementType: "update.ObjectChanges"))
    }
    func method(_ name: String) -> GoFunction? {
        let result = self.result
        switch name {
        case "Objects":
            return GoFunction("Objects", typeName: "func() update.ObjectChanges") { _ in Self.objectChanges(result.objects) }
        case "Changes":
            return GoFunction("Changes", typeName: "func() []update.Change") { _ in
                .list(GoList(result.changes.map { .object(ChangeObject($0)) }, elementType: "update.Change"))
            }
        default: return nil
        }
    }
    var goDescription: String { "{map[...]}" }

    /// `update.ObjectChanges` (keyed by object identity): entries sorted as Go sorts the struct keys.
    static func objectChanges(_ objects: [ImageObjectID: [ImageSetterChange]]) -> GoValue {
        let map = GoMap([:], typeName: "update.ObjectChanges", elementType: "[]update.Change")
        for (object, changes) in objects {
            let key = [object.apiVersion, object.kind, object.name, object.namespace].joined(separator: "\u{0}")
            map.entries[key] = .list(GoList(changes.map { .object(ChangeObject($0)) }, elementType: "update.Change"))
            map.keyValues[key] = .object(ObjectIDObject(object))
        }
        return .map(map)
    }
}

/// `update.ObjectIdentifier` (kyaml's `ResourceIdentifier`, its fields promoted).
final class ObjectIDObject: GoObject {
    let id: ImageObjectID
    init(_ id: ImageObjectID) { self.id = id }
    var goTypeName: String { "update.ObjectIdentifier" }
    func field(_ name: String) -> GoValue? {
        switch name {
        case "APIVersion": return .string(id.apiVersion)
        case "Kind": return .string(id.kind)
        case "Name": return .string(id.name)
        case "Namespace": return .string(id.namespace)
        default: return nil
        }
    }
    var goDescription: String { "{{{\(id.apiVersion) \(id.kind)} {\(id.name) \(id.namespace)}}}" }
}

/// `update.Change`.
final class ChangeObject: GoObject {
    let change: ImageSetterChange
    init(_ change: ImageSetterChange) { self.change = change }
    var goTypeName: String { "update.Change" }
    func field(_ name: String) -> GoValue? {
        switch name {
        case "OldValue": return .string(change.oldValue)
        case "NewValue": return .string(change.newValue)
        case "Setter": return .string(change.setter)
        default: return nil
        }
    }
    var goDescription: String { "{\(change.oldValue) \(change.newValue) \(change.setter)}" }
}
