import Foundation
import TicketflowCore
import TicketflowMIME

/// Loop and bounce safety for one mailbox: bounces mark deliveries failed, the mailbox's own mail is ignored,
/// and machines (auto-replies, lists, daemons, no-reply senders) and busy senders get no auto-answer.
public struct InboundPolicy: Sendable {
    /// The mailbox's address (and aliases), whose mail coming back must not become a ticket.
    public var ownAddresses: Set<EmailAddress>
    /// Auto-answers per sender.
    public var rateLimit: SenderRateLimit

    /// Local parts of senders that never read replies.
    public static let machineLocalParts: Set<String> = [
        "mailer-daemon", "mail-daemon", "postmaster", "noreply", "no-reply", "no_reply", "donotreply",
        "do-not-reply", "do_not_reply", "bounce", "bounces",
    ]

    /// Creates a policy for a mailbox.
    public init(mailbox: EmailAddress, aliases: [EmailAddress] = [], rateLimit: SenderRateLimit = SenderRateLimit()) {
        ownAddresses = Set([mailbox] + aliases)
        self.rateLimit = rateLimit
    }

    /// Decides what to do with `mail` received at `now`. An auto-answer it allows counts against the sender's
    /// rate limit.
    public mutating func disposition(for mail: InboundMail, now: Date) -> InboundDisposition {
        if let bounce = mail.bounce {
            let failed = bounce.recipients.first(where: \.isPermanentFailure)
            guard let failed else {
                let status = bounce.status.map { " (\($0))" } ?? ""
                return .ignore(reason: "delivery report without a permanent failure\(status)")
            }
            return .bounce(
                originalMessageID: bounce.originalMessageID,
                recipient: failed.finalRecipient ?? failed.originalRecipient,
                status: failed.status, diagnostic: failed.diagnosticCode)
        }
        if mail.automation.kind == .bounce {
            return .ignore(reason: "bounce without a readable report (\(mail.automation.reason))")
        }
        guard let sender = mail.sender else { return .accept(autoAnswer: false, reason: "no sender address") }
        if ownAddresses.contains(sender) {
            return .ignore(reason: "from the mailbox's own address \(sender) (a loop)")
        }
        if mail.automation.isAutomated {
            return .accept(autoAnswer: false, reason: "\(mail.automation.kind.rawValue): \(mail.automation.reason)")
        }
        let localPart = String(sender.value[..<(sender.value.lastIndex(of: "@") ?? sender.value.endIndex)])
        if Self.machineLocalParts.contains(localPart) {
            return .accept(autoAnswer: false, reason: "sender \(sender) does not read replies")
        }
        guard rateLimit.take(sender, now: now) else {
            let minutes = Int(rateLimit.window / 60)
            return .accept(
                autoAnswer: false,
                reason: "rate limit: \(rateLimit.limit) auto-answers to \(sender) in \(minutes) minutes already")
        }
        return .accept(autoAnswer: true, reason: "")
    }
}
