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
}
