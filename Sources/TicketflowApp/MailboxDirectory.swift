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

    /// The poller of the mailbox named `name` as the store has it now (a poll job asks before each poll, so a
    /// mailbox turned off, deleted or changed since the last refresh is not polled with stale settings);
    /// nil when it is gone or off.
    func poller(named name: String) async throws -> MailboxPoller? {
        if name == MailboxAccount.configuredName { return configured }
        guard let store else { return nil }
        guard let account = try await store.mailboxAccount(named: name), account.enabled else {
            admin[name] = nil
            return nil
        }
        return usablePoller(for: account)
    }

    /// `poller(for:)`, or nil (logged once per change of the mailbox) when its URL is no longer accepted.
    private func usablePoller(for account: MailboxAccount) -> MailboxPoller? {
        do {
            let poller = try poller(for: account)
            refused[account.name] = nil
            return poller
        } catch {
            admin[account.name] = nil
            // Checked when stored; this is a configuration change (a CA file, the interval) since then.
            if refused[account.name] != account.updatedAt {
                logger.warning("mailbox not polled", metadata: ["mailbox": "\(account.name)", "error": "\(error)"])
                refused[account.name] = account.updatedAt
            }
            return nil
        }
    }

    /// The poller of `account`: the one it has when its address and IMAP URL are unchanged, else a new one.
    private func poller(for account: MailboxAccount) throws -> MailboxPoller? {
        if let known = admin[account.name], known.account.imapURL == account.imapURL,
            known.account.address == account.address
        {
            admin[account.name] = (account, known.poller)
            return known.poller
        }
        guard let settings else { return nil }
        let poller = makePoller(try settings.inbound(account))
        admin[account.name] = (account, poller)
        return poller
    }

    /// Reads the admin mailboxes again: new and changed enabled ones get a poller, disabled and deleted ones
    /// lose theirs (their chains end at their next job).
    func refresh() async throws {
        guard let store else { return }
        let accounts = try await store.mailboxAccounts().filter(\.enabled)
        let names = Set(accounts.map(\.name))
        admin = admin.filter { names.contains($0.key) }
        for account in accounts { _ = usablePoller(for: account) }
    }
}
