import Foundation
import TicketflowCore
import TicketflowEscalation
import TicketflowKnowledge

/// The data the ticket page template renders, built from the ticket, its
/// package, its audit log and the viewer.
struct TicketPageModel {
    let detail: TicketDetail
    let entry: ReviewQueueEntry
    let package: EscalationPackage?
    let events: [TicketEvent]
    let viewer: AgentActor
    /// Categories offered for relabelling (the ticket's own is added).
    let categories: [String]
    /// What the customer's mails carried, and their stored originals (empty for a ticket not from mail).
    var attachments: [MailAttachment] = []
    var originals: [MailOriginal] = []
    /// Display names by account id, so an agent's message says who wrote it.
    var names: [String: String] = [:]
    /// After an action: the next ticket waiting for this person (unassigned or theirs), first by SLA.
    var nextTicket: Int64?
    /// The team's saved replies, filled for this ticket on the page.
    var macros: [ReplyMacro] = []
    /// The customer's newest tickets, this one included, newest first (the customer panel).
    var history: [Ticket] = []

    /// The ticket page's template keys.
    struct Page {
        let title: String
        let ticket: Header
        let messages: [Message]
        let open: Bool
        let trace: [Trace]
        let events: [Event]
        let categoryOptions: [ConsolePages.Option]
        let urgencyOptions: [Urgency]
        let hasDraft: Bool
        let draftBody: String?
        let draftConfidence: String?
        let hasDraftCitations: Bool
        let draftCitations: [Source]
        /// Why the draft was held, comma-separated; nil when there is no reason.
        let draftReasons: String?
        /// Whether the viewer may ask for a fresh AI draft (`AgentDesk.redraftRefusal`, shown before asking).
        let canRedraft: Bool
        let package: Package?
        let nextTicket: Int64?
        let notes: [Note]
        let customer: CustomerPanel?
        let hasMacros: Bool
        let macros: [Macro]
    }

    struct Header {
        let id: Int64
        let subject: String
        let status: String
        let priority: String
        let assignee: String
        let channel: String
        let created: String
        let due: String
        let breached: Bool
        let canClaim: Bool
        let canRelease: Bool
        let tags: [TagLink]
        let hasTags: Bool
        /// The ticket this conversation continues in (merged, or a follow-up), shown as a banner.
        let continuedIn: Int64?
        /// Written in another language than the knowledge base's: which, and whether the AI translated it.
        let language: String?
        let canMerge: Bool
    }

    /// A tag and the inbox filtered by it. The href is percent-encoded here because the
    /// template only HTML-escapes: "vip & urgent" or "a+b" would otherwise filter by something else.
    struct TagLink {
        let name: String
        let href: String

        init(_ name: String) {
            self.name = name
            self.href = "/console/inbox?" + FormBody.queryString([URLQueryItem(name: "tag", value: name)])
        }
    }

    /// A cited knowledge-base article.
    struct Source {
        /// The article's id as a URL path segment (`Article.pathSegment(for:)`).
        let articlePath: String
        let title: String

        init(_ citation: Citation) {
            articlePath = Article.pathSegment(for: citation.articleID)
            title = citation.title
        }
    }

    struct Message {
        let author: String
        /// Who wrote it, as the conversation shows it ("Dana Lee (agent)").
        let label: String
        let time: String
        let body: String
        /// How the message is reaching the customer, in words; nil when it goes nowhere.
        let delivery: DeliveryLine?
        let hasCitations: Bool
        let citations: [Source]
        /// Its mail's attachments and original download, for a customer message that came by mail.
        let mail: Mail?
    }

    struct Trace {
        struct Detail {
            let key: String
            let value: String
        }

        let stage: String
        let output: String
        let input: String
        let score: String
        let engine: String
        let version: String
        let duration: String
        let details: [Detail]
    }

    /// An internal note, never shown to the customer.
    struct Note {
        let author: String
        let time: String
        let text: String
        let mentioned: String
        let hasMentions: Bool
    }

    struct Event {
        let time: String
        let actor: String
        let kind: String
        let summary: String
    }

    struct Urgency {
        let value: Int
        let selected: Bool
    }

    /// Who the customer is and how their tickets went: the "full context" beside the conversation.
    struct CustomerPanel {
        struct Past {
            let id: Int64
            let subject: String
            let status: String
            let opened: String
            let sentiment: String
            let current: Bool
        }
        let name: String
        let email: String
        let plan: String
        let lifetimeValue: String
        /// Sentiment of each ticket, oldest first ("neutral → negative → negative").
        let trend: String
        let tickets: [Past]
        let hasOthers: Bool
    }

    func customerPanel() -> CustomerPanel? {
        guard let customer = detail.customer else { return nil }
        let tickets = history.isEmpty ? [detail.ticket] : history
        return CustomerPanel(
            name: ConsoleFormat.or(customer.name), email: ConsoleFormat.or(customer.email),
            plan: ConsoleFormat.or(customer.plan),
            lifetimeValue: customer.lifetimeValue.map { String(format: "%.2f", $0) } ?? "—",
            trend: tickets.reversed().map { $0.sentiment?.rawValue ?? "—" }.joined(separator: " → "),
            tickets: tickets.map {
                CustomerPanel.Past(
                    id: $0.id, subject: $0.subject, status: $0.status.rawValue,
                    opened: ConsoleFormat.time($0.createdAt),
                    sentiment: $0.sentiment?.rawValue ?? "—", current: $0.id == detail.ticket.id)
            },
            hasOthers: tickets.count > 1)
    }

    /// The escalation package, flattened for display.
    struct Package {
        let recommendedAction: String
        let summary: [String]
        let category: String
        let sentiment: String
        let urgency: String
        let risk: String
        let reason: String
        let answersTried: Int
        let failureReason: String
        let articles: String
        /// What the chat visitor already read of the held answer.
        let customerPreview: String?
    }

    /// A saved reply as the reply box offers it: filled for this ticket, with its Alt+number.
    struct Macro {
        let index: Int
        let name: String
        let body: String
    }

    func filledMacros() -> [Macro] {
        let customerTexts = detail.messages.filter { $0.author == .customer }.map(\.body)
        let values = ReplyMacro.Values(
            customerName: detail.customer?.name, agentName: viewer.name, ticketID: detail.ticket.id,
            orderID: ReplyMacro.orderNumber(in: customerTexts))
        return macros.enumerated().map {
            Macro(index: $0.offset + 1, name: $0.element.name, body: $0.element.filled(values))
        }
    }

    func page() -> Page {
        let t = detail.ticket
        let open = t.status != .closed
        let waiting = ReviewQueueQuery.openStatuses.contains(t.status)
        let draft = detail.draft.flatMap { $0.body.isEmpty ? nil : $0 }
        let reasons = detail.draft?.reasons ?? []
        let mails = Message.Mail.byMessage(attachments: attachments, originals: originals)
        return Page(
            title: "#\(t.id) \(t.subject)",
            ticket: Header(
                id: t.id, subject: t.subject, status: t.status.rawValue, priority: entry.priority.rawValue,
                assignee: ConsoleFormat.or(t.assignee, "nobody"), channel: t.channel.rawValue,
                created: ConsoleFormat.time(t.createdAt),
                due: waiting ? ConsoleFormat.due(remaining: entry.remainingSeconds) : "— (not waiting for a person)",
                breached: entry.breached && waiting,
                canClaim: open && t.assignee == nil, canRelease: open && t.assignee == viewer.id,
                tags: t.tags.map(TagLink.init), hasTags: !t.tags.isEmpty, continuedIn: t.continuedIn,
                language: languageLine(), canMerge: open && t.continuedIn == nil),
            messages: detail.messages.map { message in
                Message(
                    author: message.author.rawValue, label: label(of: message),
                    time: ConsoleFormat.time(message.createdAt), body: message.body,
                    delivery: Message.DeliveryLine(message, channel: t.channel),
                    hasCitations: !message.citations.isEmpty,
                    citations: message.citations.map(Source.init),
                    mail: mails[message.id])
            },
            open: open,
            trace: detail.trace.map { entry in
                Trace(
                    stage: entry.stage, output: entry.output, input: entry.input,
                    score: ConsoleFormat.number(entry.score, digits: 3), engine: entry.engine,
                    version: entry.engineVersion, duration: String(format: "%.1f", entry.durationMs),
                    details: entry.details.sorted { $0.key < $1.key }
                        .map { Trace.Detail(key: $0.key, value: $0.value) })
            },
            events: events.reversed().map { event in
                Event(
                    time: ConsoleFormat.time(event.createdAt), actor: event.actor,
                    kind: event.kind.rawValue.replacingOccurrences(of: "_", with: " "),
                    summary: event.details.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                        .joined(separator: " · "))
            },
            categoryOptions: Self.options(categories + [t.category].compactMap { $0 }, selected: t.category),
            urgencyOptions: (1...5).map { Urgency(value: $0, selected: $0 == (t.urgency ?? 0)) },
            // The reply box holds what the customer will read; the citations are listed under it and sent
            // with the reply (channels show them as links or a source list).
            hasDraft: draft != nil, draftBody: draft.map { SourceMarker.removing(from: $0.body) },
            draftConfidence: draft.map { ConsoleFormat.number($0.confidence, digits: 3) },
            hasDraftCitations: !(draft?.citations.isEmpty ?? true),
            draftCitations: draft?.citations.map(Source.init) ?? [],
            draftReasons: reasons.isEmpty ? nil : reasons.map(ConsoleFormat.reason).joined(separator: ", "),
            canRedraft: AgentDesk.redraftRefusal(detail, by: viewer.id) == nil,
            package: package.map(Self.package), nextTicket: nextTicket,
            notes: events.filter { $0.kind == .note }.map { note in
                Note(
                    author: names[note.actor] ?? note.actor, time: ConsoleFormat.time(note.createdAt),
                    text: note.details["note"] ?? "",
                    mentioned: note.mentions.map { names[$0] ?? $0 }.joined(separator: ", "),
                    hasMentions: !note.mentions.isEmpty)
            },
            customer: customerPanel(),
            hasMacros: !macros.isEmpty,
            macros: filledMacros())
    }

    /// "Written in Spanish (es)", and what the AI made of it: the newest translation stage says.
    func languageLine() -> String? {
        guard let code = detail.ticket.otherLanguage else { return nil }
        let written = "Written in \(ConsoleFormat.language(code))."
        guard let translation = detail.trace.last(where: { $0.stage == "translation" }) else {
            return written + " The knowledge base is in another language: the AI does not answer alone."
        }
        return translation.output.hasPrefix("translated")
            ? written
                + " The AI read a translation and writes its answer or draft in the customer's language; the trace shows both."
            : written + " It could not be translated (" + translation.output + "): the AI does not answer alone."
    }

    static func package(_ package: EscalationPackage) -> Package {
        let c = package.classification
        return Package(
            recommendedAction: package.recommendedAction, summary: package.summary,
            category: ConsoleFormat.or(c.category) + (c.categoryConfidence.map { String(format: " (%.2f)", $0) } ?? ""),
            sentiment: ConsoleFormat.or(c.sentiment?.rawValue), urgency: c.urgency.map(String.init) ?? "—",
            risk: c.escalationRisk ? "yes" : "no", reason: ConsoleFormat.or(c.reason),
            answersTried: package.aiAttempt.answersTried,
            failureReason: ConsoleFormat.or(package.aiAttempt.failureReason.map { ConsoleFormat.reason($0.rawValue) }),
            articles: ConsoleFormat.or(package.aiAttempt.retrievedArticles.joined(separator: "; "), "none"),
            customerPreview: package.aiAttempt.customerPreview)
    }

    /// Select options for `values` (each once), marking `selected`.
    static func options(_ values: [String], selected: String?) -> [ConsolePages.Option] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }.map {
            ConsolePages.Option(value: $0, label: $0, selected: $0 == selected)
        }
    }
}

extension TicketPageModel {
    /// The author of a message; for an agent's, the person whose send action wrote it (the
    /// action and the message carry the same time), by name when the account is known.
    func label(of message: TicketflowCore.Message) -> String {
        guard message.author == .agent else { return message.author.rawValue }
        let sent = events.first {
            ($0.kind == .sendDraft || $0.kind == .editAndSend) && $0.createdAt == message.createdAt
        }
        guard let actor = sent?.actor else { return "agent" }
        return "\(names[actor] ?? actor) (agent)"
    }
}

extension TicketPageModel.Message {
    /// A message's delivery as the conversation shows it. The words say exactly
    /// what happened: "Sent" only once the channel accepted the message.
    struct DeliveryLine {
        let text: String
        let failed: Bool
        let id: Int64

        /// Nil for a customer's message; for a reply on a channel that has no
        /// delivery connected, a line saying it was not sent.
        init?(_ message: TicketflowCore.Message, channel: Channel) {
            guard message.author == .ai || message.author == .agent || message.delivery != nil else { return nil }
            guard let delivery = message.delivery else {
                if channel == .chat {
                    // The widget shows it live or on the next visit; whether the customer read it is unknown.
                    self.init(
                        text: "Posted to the chat widget; not emailed (no address left, or no email set up)",
                        failed: false, id: 0)
                    return
                }
                self.init(
                    text: "Not sent: no delivery is connected for \(channel.rawValue) tickets (it is on the ticket "
                        + "and in the event feed)", failed: false, id: 0)
                return
            }
            let via = delivery.channel == .email ? "by email" : "on \(delivery.channel.rawValue)"
            let to = DeliveryRecipient(delivery.recipient).masked
            switch delivery.status {
            case .sent:
                self.init(
                    text: "Sent \(via) to \(to) at \(ConsoleFormat.time(delivery.sentAt ?? delivery.updatedAt))",
                    failed: false, id: delivery.id)
            case .queued:
                let retrying = delivery.lastError.map { "; the last attempt failed: \($0), retrying" } ?? ""
                self.init(text: "Queued \(via) to \(to)\(retrying)", failed: false, id: delivery.id)
            case .failed:
                self.init(
                    text: "Failed \(via) to \(to): \(delivery.lastError ?? "no reason given")", failed: true,
                    id: delivery.id)
            }
        }

        private init(text: String, failed: Bool, id: Int64) {
            self.text = text
            self.failed = failed
            self.id = id
        }
    }
}
