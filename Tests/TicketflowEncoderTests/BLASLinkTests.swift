import Testing

@testable import TicketflowEncoder

@Suite struct BLASLinkTests {
    @Test func dotProductGoesThroughOpenBLAS() {
        #expect(SentenceEncoderPlaceholder.dot([1, 2, 3], [4, 5, 6]) == 32)
    }
}
