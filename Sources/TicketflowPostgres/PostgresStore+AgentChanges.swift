import Foundation
import PostgresNIO
import TicketflowCore

extension PostgresStore {
    /// The conditional agent write (see `AgentStore.applyAgentChange`), in one transaction.
    public func applyAgentChange(_ change: AgentChange) async throws -> TicketDetail {
        let logger = self.logger
        return try await transaction { connection in
            let t = change.ticket
            let previous = try await Self.storedTicket(connection, id: t.id, logger: logger)
            let expected = change.expectedUpdatedAt?.timeIntervalSince1970
            let tags = try JSONColumn.encode(t.tags)
            let draft = try change.draft.map(JSONColumn.encode)
            let updated = try await Self.firstValue(
                connection.query(
                    """
                    UPDATE tickets SET status = \(t.status.rawValue), category = \(t.category),
                        category_confidence = \(t.categoryConfidence), urgency = \(t.urgency), route = \(t.route?.rawValue),
                        assignee = \(t.assignee), tags = \(tags), draft = \(draft),
                        updated_at = \(t.updatedAt.timeIntervalSince1970),
                        first_response_at = \(t.firstResponseAt?.timeIntervalSince1970),
                        resolved_at = \(t.resolvedAt?.timeIntervalSince1970),
                        sla_started_at = \(t.slaStartedAt?.timeIntervalSince1970), continued_in = \(t.continuedIn)
                    WHERE id = \(t.id) AND (\(change.overrideAssignee) OR assignee IS NULL OR assignee = \(change.actor))
                      AND (\(expected)::double precision IS NULL OR updated_at = \(expected))
                    RETURNING id
                    """, logger: logger), Int64.self)
            guard updated != nil else {
                var found = false
                var holder: String?
                let rows = try await connection.query("SELECT assignee FROM tickets WHERE id = \(t.id)", logger: logger)
                for try await assignee in rows.decode(String?.self) { (found, holder) = (true, assignee) }
                guard found else { throw StoreError.noTicket(t.id) }
                throw Refusal.agentConflict(ticketID: t.id, heldBy: holder, actor: change.actor)
            }
            let messages = try await Self.insert(connection, messages: change.messages, ticketID: t.id, logger: logger)
            try await connection.query(
                """
                INSERT INTO ticket_events (ticket_id, kind, actor, details, created_at)
                VALUES (\(t.id), \(change.event.kind.rawValue), \(change.event.actor),
                    \(try JSONColumn.encode(change.event.details)), \(change.event.createdAt.timeIntervalSince1970))
                """, logger: logger)
            for record in change.feedback {
                try await connection.query(
                    """
                    INSERT INTO feedback_records (ticket_id, kind, original_draft, final_text, old_category,
                        new_category, old_urgency, new_urgency, agent, created_at)
                    VALUES (\(t.id), \(record.kind.rawValue), \(record.originalDraft), \(record.finalText),
                        \(record.oldCategory), \(record.newCategory), \(record.oldUrgency), \(record.newUrgency),
                        \(record.agent), \(record.createdAt.timeIntervalSince1970))
                    """, logger: logger)
            }
            let detail = try await Self.existing(connection, id: t.id, logger: logger)
            try await Self.insert(
                connection,
                events: IntegrationEventRules.events(
                    of: change, previous: previous, current: detail.ticket, messages: messages),
                logger: logger)
            return detail
        }
    }
}
