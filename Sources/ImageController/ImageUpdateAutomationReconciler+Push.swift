import ControllerRuntime
import FerryAPI
import Foundation
import SourceController

extension ImageUpdateAutomationReconciler {
    /// **commitAndPush** — commits the changes with the templated message, as the author, signed
    /// when a signing key is set, and pushes to the push branch, then to the refspec.
    ///
    /// - Stops stalled with RemovedTemplateField when the template uses `.Updated` or
    ///   `.Changed.ImageResult`.
    /// - Stops with GitOperationFailed "failed to update source: …" when the template fails, the
    ///   signing Secret cannot be read or used, or a push fails; a rejected push to the branch is
    ///   first retried on top of the remote's new tip (``PushRetry``) — the update is made again
    ///   there and committed once, so no duplicate commit reaches the branch.
    /// - Otherwise `lastPushCommit`, `lastPushTime`, `observedSourceRevision` (the pushed commit
    ///   on the push branch; the checkout's revision when pushing elsewhere) and
    ///   `observedPolicies` are recorded, with a Normal Succeeded event "pushed commit '<id>' to
    ///   'refs/heads/<branch>'" followed by the commit message.
    func commitAndPush(_ s: inout ImageUpdateAutomationRun) async throws -> StepOutcome {
        guard let url = s.url, let resolved = s.resolved, let settings = s.settings, let directory = s.workDirectory,
              let updateDirectory = s.updateDirectory else { return .next }
        let checkout = directory + "/repo"
        let commit = settings.git.commit
        func failed(_ why: String) -> ReconcileError {
            .transient(reason: ImageUpdateReason.gitOperationFailed, "failed to update source: \(why)")
        }
        var signer: GitCommitSigner?
        if let key = commit.signingKey {
            do {
                let secret = try await secrets.secretData(namespace: s.namespace, name: key.secretRef.name)
                signer = try GitCommitSigner(type: key.type, secret: secret)
            } catch {
                throw failed("could not get signing key from secret '\(s.namespace)/\(key.secretRef.name)': \(error)")
            }
        }
        let author = GitDriver.CommitAuthor(name: commit.author.name ?? "", email: commit.author.email)
        let setters = ImageSetterTable(policies: s.policies)
        let budget = min(settings.interval / 2, pushRetry.maxBudget)
        var firstFailure: ContinuousClock.Instant?
        var delay = pushRetry.baseDelay
        var attempt = 1
        var pushed: (commit: String, message: String)?
        while pushed == nil {
            let message: String
            do {
                message = try ImageCommitMessage.render(commit.messageTemplate, automation: (s.namespace, s.name), changed: s.result,
                                                        values: commit.messageTemplateValues ?? [:])
            } catch {
                if error.removedField { throw ReconcileError.stalled(reason: ImageUpdateReason.removedTemplateField, error.description) }
                throw failed(error.description)
            }
            let id: String?
            do {
                id = try await driver.commit(directory: checkout, author: author, message: message, signer: signer, timeout: s.timeout)
            } catch {
                throw failed(error.message)
            }
            // The remote already has the same change (another writer made it): nothing to push.
            guard let id else { break }
            await beforePush?(attempt)
            do {
                try await driver.push(url: url, auth: s.auth, directory: checkout, branch: s.pushBranch,
                                      options: settings.git.push?.options ?? [:], timeout: s.timeout)
                pushed = (id, message)
            } catch {
                let started = firstFailure ?? .now
                firstFailure = started
                let wait = delay + delay * Double.random(in: 0...0.5)
                guard attempt < pushRetry.maxAttempts, ContinuousClock.now + wait <= started + budget else {
                    throw failed(attempt > 1 ? "giving up after \(attempt) attempts: \(error.message)" : error.message)
                }
                try await Task.sleep(for: wait)
                delay *= 2
                attempt += 1
                do {
                    _ = try await driver.refresh(url: url, auth: s.auth, directory: checkout, branch: s.pushBranch, timeout: s.timeout)
                } catch {
                    throw failed("failed to refresh the source to retry the push: \(error.message)")
                }
                do {
                    s.result = try ImageSetters.apply(root: updateDirectory, setters: setters)
                } catch {
                    throw failed("failed to apply policies to retry the push: \(error)")
                }
            }
        }
        s.status.observedPolicies = s.observedPolicies
        guard let pushed else {
            s.status.observedSourceRevision = resolved.revision
            return .next
        }
        if let refspec = s.refspec {
            do {
                try await driver.push(url: url, auth: s.auth, directory: checkout, refspec: refspec,
                                      options: settings.git.push?.options ?? [:], timeout: s.timeout)
            } catch {
                throw failed(error.message)
            }
        }
        s.status.lastPushCommit = pushed.commit
        s.status.lastPushTime = Timestamp(secondsSince1970: now().timeIntervalSince1970).rfc3339
        s.status.observedSourceRevision = s.switchBranch ? resolved.revision : "\(s.pushBranch)@sha1:\(pushed.commit)"
        s.events.append(EventDraft(.normal, reason: ConditionReason.succeeded,
                                   message: "pushed commit '\(pushed.commit)' to 'refs/heads/\(s.pushBranch)'\n\(pushed.message)"))
        return .next
    }
}
