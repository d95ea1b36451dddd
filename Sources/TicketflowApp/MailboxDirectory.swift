import Foundation
import Logging
import TicketflowCore

/// The mailboxes this node polls: the configuration file's (fixed) and the enabled ones admins added, read
/// again from the store on `refresh()`. A poller is kept while its mailbox's address and IMAP URL stay the
/// same, so its loop-safety state (the per-sender rate limit) spans refreshes; a changed mailbox gets a new one.
actor MailboxDirectory {
    /// Makes the poller of one mailbox.
    typealias MakePoller = @Sendable (InboundEmailSettings) -> MailboxPoller

    let configured: MailboxPoller?
    private let store: (any MailboxAccountStore)?
    private let settings: MailboxAccountSettings?
    private let makePoller: MakePoller
    private let logger: Logger
    /// Admin mailboxes by name, with what their poller was made from.
    private var admin: [String: (account: MailboxAccount, poller: MailboxPoller)] = [:]
    /// Mailboxes whose URL is refused, so each is logged once per change rather than at every refresh.
    private var refused: [String: Date] = [:]

    /// A directory of the configured poller only (no admin mailboxes).
    init(configured: MailboxPoller) {
        self.configured = configured
        store = nil
        settings = nil
        makePoller = { _ in configured }
        logger = configured.logger
    }

    /// The configured poller (if any) and the admin mailboxes of `store`, read with `settings`.
    init(
        configured: MailboxPoller?, store: any MailboxAccountStore, settings: MailboxAccountSettings,
        logger: Logger, makePoller: @escaping MakePoller
    ) {
        self.configured = configured
        self.store = store
        self.settings = settings
        self.makePoller = makePoller
        self.logger = logger
    }

    /// Every poller as of the last refresh, the configured one first, with when each admin mailbox last changed.
    var pollers: [(poller: MailboxPoller, changedAt: Date?)] {
        let added = admin.values.sorted { $0.account.id < $1.account.id }.map {
            ($0.poller, Optional($0.account.updatedAt))
        }
        return (configured.map { [($0, nil)] } ?? []) + added
    }

    /// The poller of the mailbox named `name`, refreshing once when it is not known (another node may have
    /// scheduled a mailbox added since this node's last refresh).
    func poller(named name: String) async throws -> MailboxPoller? {
        if name == MailboxAccount.configuredName { return configured }
        if let known = admin[name] { return known.poller }
        try await refresh()
        return admin[name]?.poller
    }

    /// Reads the admin mailboxes again: new and changed enabled ones get a poller, disabled and deleted ones
    /// lose theirs (their chains end at their next job).
    func refresh() async throws {
        guard let store, let settings else { return }
        var next: [String: (account: MailboxAccount, poller: MailboxPoller)] = [:]
        for account in try await store.mailboxAccounts() where account.enabled {
            if let known = admin[account.name], known.account.imapURL == account.imapURL,
                known.account.address == account.address
            {
                next[account.name] = (account, known.poller)
                continue
            }
            do {
                next[account.name] = (account, makePoller(try settings.inbound(account)))
                refused[account.name] = nil
            } catch {
                // Checked when stored; this is a configuration change (a CA file, the interval) since then.
                if refused[account.name] != account.updatedAt {
                    logger.warning("mailbox not polled", metadata: ["mailbox": "\(account.name)", "error": "\(error)"])
                    refused[account.name] = account.updatedAt
                }
            }
        }
        admin = next
    }
}
