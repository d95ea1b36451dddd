import Foundation

/// Which events a ticket write produces, decided once for both stores: the
/// adapters call it inside the write's transaction with the ticket as it was
/// before (nil for a new ticket), as it is after, and the messages it added.
public enum IntegrationEventRules {
    /// The events of one write, in the order they happened.
    public static func events(
        previous: Ticket?, current: Ticket, messages: [Message], at now: Date
    ) -> [NewIntegrationEvent] {
        let data = IntegrationEventData(current)
        func event(_ type: IntegrationEventType) -> NewIntegrationEvent {
            NewIntegrationEvent(type: type, ticketID: current.id, data: data, createdAt: now)
        }
        var events: [NewIntegrationEvent] = []
        if let previous {
            if changed(from: previous, to: current) { events.append(event(.ticketUpdated)) }
        } else {
            events.append(event(.ticketCreated))
        }
        if isEscalated(current), previous.map(isEscalated) != true { events.append(event(.ticketEscalated)) }
        if isResolved(current.status), previous.map({ isResolved($0.status) }) != true {
            events.append(event(.ticketResolved))
        }
        for message in messages {
            var messageData = data
            messageData.author = message.author
            events.append(
                NewIntegrationEvent(
                    type: .messageCreated, ticketID: current.id, messageID: message.id, data: messageData,
                    createdAt: now))
        }
        return events
    }

    /// The events of an agent's write: those of any ticket write, and `note.mentioned` for a note that
    /// mentions someone, committed with the note so a mention is never announced without it, nor lost.
    public static func events(
        of change: AgentChange, previous: Ticket?, current: Ticket, messages: [Message]
    ) -> [NewIntegrationEvent] {
        var events = events(previous: previous, current: current, messages: messages, at: current.updatedAt)
        if change.event.kind == .slaWarning {
            var data = IntegrationEventData(current)
            data.reason = change.event.details["left"]
            events.append(
                NewIntegrationEvent(
                    type: .ticketSLAAtRisk, ticketID: current.id, data: data, createdAt: change.event.createdAt))
        }
        let mentions = change.event.mentions
        if !mentions.isEmpty {
            var data = IntegrationEventData(current)
            data.mentions = mentions
            data.actor = change.event.actor
            events.append(
                NewIntegrationEvent(
                    type: .noteMentioned, ticketID: current.id, data: data, createdAt: change.event.createdAt))
        }
        return events
    }

    /// A delivery that gave up, for the feed and `delivery.failed` webhooks.
    public static func deliveryFailed(
        ticket: Ticket, messageID: Int64, reason: String, at now: Date
    ) -> NewIntegrationEvent {
        var data = IntegrationEventData(ticket)
        data.reason = reason
        return NewIntegrationEvent(
            type: .deliveryFailed, ticketID: ticket.id, messageID: messageID, data: data, createdAt: now)
    }

    /// A change an integrator would act on; timestamps alone are not one.
    static func changed(from previous: Ticket, to current: Ticket) -> Bool {
        IntegrationEventData(previous) != IntegrationEventData(current) || previous.tags != current.tags
            || previous.sentiment != current.sentiment || previous.subject != current.subject
    }

    /// Waiting for a person: escalated, or routed to one.
    static func isEscalated(_ ticket: Ticket) -> Bool {
        ticket.status == .escalated || ticket.status == .awaitingReview
    }

    static func isResolved(_ status: TicketStatus) -> Bool {
        status == .resolved || status == .autoResolved || status == .closed
    }
}
