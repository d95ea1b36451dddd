import Foundation
import Testing
import TicketflowCore

@Suite struct SourceMarkerTests {
    @Test func markersAreRemovedForCustomers() {
        #expect(SourceMarker.removing(from: "A. [Source: X]\nB.\t[Source: Y]  \nC") == "A.\nB.\nC")
        #expect(SourceMarker.removing(from: "Costs [5] euros [Sourced]") == "Costs [5] euros [Sourced]")
    }

    @Test func anyArticleIDSurvivesTheMarker() {
        for id in ["t000", "refunds/policy", "odd]id", "100%5D", "a%b"] {
            let marker = SourceMarker.marker(articleID: id)
            #expect(marker.hasPrefix("[Source: ") && marker.hasSuffix("]"))
            #expect(marker.dropLast().contains("]") == false)
            let inner = marker.dropFirst("[Source:".count).dropLast()
            #expect(SourceMarker.reference(String(inner)) == id)
        }
        #expect(SourceMarker.reference(" Refund policy ") == "Refund policy")
    }

    @Test func apiMessagesCarryTheCustomerText() throws {
        let message = Message(
            id: 7, ticketID: 3, author: .ai, body: "Open Settings > Billing. [Source: kb/billing]\nAnything else?",
            createdAt: Date(timeIntervalSince1970: 1_700_000_000),
            citations: [Citation(articleID: "kb/billing", title: "Billing", chunkID: "kb/billing#0")])
        let data = try JSONEncoder().encode(message)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["customer_text"] as? String == "Open Settings > Billing.\nAnything else?")
        #expect(json["body"] as? String == message.body)
        #expect(try JSONDecoder().decode(Message.self, from: data) == message)
    }
}
