import Foundation
import Testing
import TicketflowCore

/// The store rules Core holds for every adapter: email normalisation,
/// keyset paging and the idempotency decision.
@Suite struct StoreRulesTests {
    @Test func emailAddressesAreTrimmedLowerCasedAndChecked() throws {
        let typed = "  Ann@Example.COM\n"
        #expect(EmailAddress(typed)?.value == "ann@example.com")
        #expect(EmailAddress(typed) == "ANN@example.com", "a literal normalises the same way")
        for bad in ["", "ann", "@example.com", "ann@", String(repeating: "a", count: 250) + "@b.co"] {
            #expect(EmailAddress(bad) == nil, "\(bad)")
        }
        #expect(throws: ValidationError(field: "email", "is not an email address")) {
            try EmailAddress(validating: "ann")
        }
        let json = try JSONEncoder().encode(["to": EmailAddress("Bo@X.io")])
        #expect(String(decoding: json, as: UTF8.self) == #"{"to":"bo@x.io"}"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: EmailAddress].self, from: Data(#"{"to":"x"}"#.utf8))
        }
    }

    @Test func pagesClampAndLookOneRowAhead() {
        #expect(PageRequest(limit: 0, maximum: 200).limit == 1)
        #expect(PageRequest(limit: 500, maximum: 200).limit == 200)
        let request = PageRequest(limit: 3, maximum: 200)
        #expect(request.fetchLimit == 4)
        let full = request.page(of: [Int64(9), 8, 7, 6]) { $0 }
        #expect(full.rows == [9, 8, 7] && full.next == 7)
        let last = request.page(of: [Int64(5), 4, 3]) { $0 }
        #expect(last.rows == [5, 4, 3] && last.next == nil)
        #expect(request.page(of: [Int64]()) { $0 }.next == nil)
    }

    @Test func aReusedKeyNeedsTheSameBodyButAnExternalIDRepeatIsAReplay() throws {
        let ticket = Ticket(id: 7, channel: .email, subject: "Invoice", createdAt: Date(timeIntervalSince1970: 0))
        let detail = TicketDetail(ticket: ticket, customer: nil, messages: [], draft: nil, trace: [])
        func intake(key: String?, fingerprint: String?) -> TicketIntake {
            TicketIntake(
                idempotencyKey: key, requestFingerprint: fingerprint, customer: nil, ticket: ticket,
                messages: [], trace: [])
        }
        func stored(_ match: StoredDelivery.Match, _ fingerprint: String?) -> TicketInsertion {
            .existing(StoredDelivery(detail: detail, requestFingerprint: fingerprint, matchedBy: match))
        }
        #expect(try IntakeReplay.result(of: .created(detail), for: intake(key: "k", fingerprint: "f")).created)
        let replay = try IntakeReplay.result(of: stored(.idempotencyKey, "f"), for: intake(key: "k", fingerprint: "f"))
        #expect(!replay.created && replay.detail.ticket.id == 7)
        #expect(throws: Refusal(.conflict, "Idempotency-Key 'k' was already used with a different request body")) {
            try IntakeReplay.result(of: stored(.idempotencyKey, "f"), for: intake(key: "k", fingerprint: "g"))
        }
        // Nothing to compare: an unfingerprinted original, or a repeat recognised by external id.
        #expect(
            try !IntakeReplay.result(of: stored(.idempotencyKey, nil), for: intake(key: "k", fingerprint: "g")).created)
        #expect(try !IntakeReplay.result(of: stored(.externalID, "f"), for: intake(key: "k", fingerprint: "g")).created)
    }
}
