import Foundation
import Testing
import TicketflowCore

/// The ticket's JSON: every field survives a round trip, and `language` is added, not stored.
@Suite struct TicketCodingTests {
    @Test func everyFieldRoundTripsAndTheLanguageComesFromTheTag() throws {
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        let ticket = Ticket(
            id: 9, externalID: "ext-9", customerID: 4, channel: .email, subject: "Cargo", status: .awaitingReview,
            category: "billing", categoryConfidence: 0.8, sentiment: .negative, urgency: 3, escalationRisk: true,
            escalationReason: "charged twice", route: .aiDraftHumanReview, assignee: "ann@example.com",
            tags: ["lang:es", "vip"], createdAt: at, updatedAt: at.addingTimeInterval(5),
            firstResponseAt: at.addingTimeInterval(6), resolvedAt: at.addingTimeInterval(7),
            slaStartedAt: at.addingTimeInterval(8), continuedIn: 11)
        let data = try JSONEncoder().encode(ticket)
        #expect(try JSONDecoder().decode(Ticket.self, from: data) == ticket)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["language"] as? String == "es" && object["continued_in"] as? Int == 11)
        #expect(object.count == 22, "21 stored fields and the language: \(object.keys.sorted())")

        var plain = ticket
        plain.tags = []
        plain.externalID = nil
        let plainObject = try #require(
            try JSONSerialization.jsonObject(with: try JSONEncoder().encode(plain)) as? [String: Any])
        #expect(plainObject["language"] == nil && plainObject["external_id"] == nil, "absent values are left out")
    }
}
