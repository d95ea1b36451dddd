import Foundation
import GRDB
import TicketflowCore

extension SQLiteStore: AnswerPreviewStore {
    public func saveAnswerPreview(ticketID: Int64, questionID: Int64, text: String, at now: Date) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO answer_previews (ticket_id, question_id, text, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (ticket_id) DO UPDATE SET question_id = excluded.question_id, text = excluded.text,
                        updated_at = excluded.updated_at
                    """,
                arguments: [ticketID, questionID, text, now.timeIntervalSince1970])
        }
    }

    public func answerPreview(ticketID: Int64) async throws -> StoredAnswerPreview? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT question_id, text, updated_at FROM answer_previews WHERE ticket_id = ?",
                arguments: [ticketID]
            ).map {
                StoredAnswerPreview(
                    questionID: $0["question_id"], text: $0["text"],
                    updatedAt: Date(timeIntervalSince1970: $0["updated_at"]))
            }
        }
    }

    public func deleteAnswerPreview(ticketID: Int64) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM answer_previews WHERE ticket_id = ?", arguments: [ticketID])
        }
    }
}
