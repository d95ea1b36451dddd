import Foundation
import PostgresNIO
import TicketflowCore

extension PostgresStore: AnswerPreviewStore {
    public func saveAnswerPreview(ticketID: Int64, questionID: Int64, text: String, at now: Date) async throws {
        let logger = self.logger
        try await connection { connection in
            try await connection.query(
                """
                INSERT INTO answer_previews (ticket_id, question_id, text, updated_at)
                VALUES (\(ticketID), \(questionID), \(text), \(now.timeIntervalSince1970))
                ON CONFLICT (ticket_id) DO UPDATE SET question_id = EXCLUDED.question_id, text = EXCLUDED.text,
                    updated_at = EXCLUDED.updated_at
                """, logger: logger)
        }
    }

    public func answerPreview(ticketID: Int64) async throws -> StoredAnswerPreview? {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                "SELECT question_id, text, updated_at FROM answer_previews WHERE ticket_id = \(ticketID)",
                logger: logger)
            for try await (question, text, updated) in rows.decode((Int64, String, Double).self) {
                return StoredAnswerPreview(
                    questionID: question, text: text, updatedAt: Date(timeIntervalSince1970: updated))
            }
            return nil
        }
    }

    public func deleteAnswerPreview(ticketID: Int64) async throws {
        let logger = self.logger
        try await connection { connection in
            try await connection.query("DELETE FROM answer_previews WHERE ticket_id = \(ticketID)", logger: logger)
        }
    }
}
