import Manifests

/// What the ignore rules do to one existing object, Flux 2.9's rule (`fluxcd/pkg/ssa` ignore
/// rules, applied after the dry-run): pure functions of the desired object, the live object
/// and the server-side dry-run result.
///
/// - **Drift**: the ignored paths are removed from the live object and from the dry-run
///   result before they are compared, so a value an HPA, a VPA or external-dns keeps changing
///   is never drift (``Drift/hasDrifted(live:dryRun:ignoring:)``).
/// - **Payload**, when the object is applied anyway (something else drifted): per ignored path
///   whose dry-run value differs from the live one,
///   - *strip* it from what is sent when another manager owns it with an Apply operation:
///     Flux gives the field up, and the other manager's value stays;
///   - otherwise (Flux's manager is the only Apply owner, or nobody is) *adopt* the live value
///     into what is sent, so the apply keeps it (and Flux keeps ownership);
///   - a path absent from the live object is left as desired (adopting nothing would clear it).
///   A path whose dry-run value equals the live value stays as desired: nothing to protect.
///
/// Objects that do not exist yet are created whole: the rules are about fields someone else
/// changes later, not about what the first apply sets.
enum DriftIgnore {
    enum Action: Equatable, Sendable {
        case keep, strip, adopt(JSONValue)
    }

    /// The action per pointer, in order. `isOurs` says whether a field manager name counts as
    /// Flux's own (our field manager, and managers a due takeover patch folds into it).
    static func actions(pointers: [JSONPointer], live: JSONValue, dryRun: JSONValue,
                        isOurs: (String) -> Bool) -> [(JSONPointer, Action)] {
        pointers.map { pointer in
            let current = pointer.value(in: live)
            if Drift.semanticallyEqual(pointer.value(in: dryRun), current) { return (pointer, .keep) }
            let others = ManagedFieldsOwnership.applyOwners(of: pointer, in: live).filter { !isOurs($0) }
            if !others.isEmpty { return (pointer, .strip) }
            guard let current else { return (pointer, .keep) }
            return (pointer, .adopt(current))
        }
    }

    /// The object to send: `desired` with the ``actions(pointers:live:dryRun:isOurs:)`` carried out.
    static func payload(desired: JSONValue, actions: [(JSONPointer, Action)]) -> JSONValue {
        var out = desired
        for (pointer, action) in actions {
            switch action {
            case .keep: break
            case .strip: pointer.remove(from: &out)
            case .adopt(let value): pointer.set(value, in: &out)
            }
        }
        return out
    }

    /// `object` without the ignored paths, for comparing.
    static func removing(_ pointers: [JSONPointer], from object: JSONValue) -> JSONValue {
        var out = object
        for pointer in pointers { pointer.remove(from: &out) }
        return out
    }
}

extension Drift {
    /// ``hasDrifted(live:dryRun:)`` with the ignored paths left out of both sides.
    public static func hasDrifted(live: JSONValue?, dryRun: JSONValue, ignoring pointers: [JSONPointer]) -> Bool {
        guard !pointers.isEmpty, let live else { return hasDrifted(live: live, dryRun: dryRun) }
        return hasDrifted(live: DriftIgnore.removing(pointers, from: live),
                          dryRun: DriftIgnore.removing(pointers, from: dryRun))
    }
}
