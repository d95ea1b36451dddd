import Testing
import TicketflowEmail

@Suite struct EmailThreadingTests {
    @Test func tokenRoundTrip() {
        for id: Int64 in [1, 7, 123, 9_999_999, Int64.max] {
            #expect(TicketToken.parse("Re: Refund " + TicketToken.format(id)) == id)
        }
        #expect(TicketToken.format(123) == "[TF-123]")
        #expect(TicketToken.parse("Re: Fwd: AW: Refund for order #1042 [TF-123]") == 123)
        #expect(TicketToken.parse("[tf-42] lower case, at the start") == 42)
        #expect(TicketToken.parse("Re: [TF-3] forwarded into [TF-9]") == 9)  // the last one is ours
    }

    @Test func notATicketToken() {
        for subject in [
            "Refund for order #1042 [#7]", "[TF-] empty", "[TF-0] zero", "[TF-12 unclosed", "TF-12 no brackets",
            "[TF-1x]", "[TF-99999999999999999999] too large", "[TX-5]", "[TF-١٢] not ASCII digits", "", "[",
        ] {
            #expect(TicketToken.parse(subject) == nil, "\(subject)")
        }
    }

    @Test func stripAndTag() {
        #expect(TicketToken.strip("Re: Refund  [TF-7]  now") == "Re: Refund now")
        #expect(TicketToken.strip("[TF-1][TF-2]") == "")
        #expect(TicketToken.tagged("Re: Refund [TF-7]", ticketID: 7) == "Re: Refund [TF-7]")
        #expect(TicketToken.tagged("Refund [TF-3]", ticketID: 8) == "Refund [TF-8]")
        #expect(TicketToken.tagged("", ticketID: 8) == "[TF-8]")
    }

    /// A store stand-in that records the order of lookups.
    actor Lookups {
        let known: [String: Int64]
        var asked: [String] = []
        init(_ known: [String: Int64]) { self.known = known }
        func ticket(for id: String) -> Int64? {
            asked.append(id)
            return known[id]
        }
    }

    @Test func headersFirstInOrder() async throws {
        let mail = try EmailFixtures.mail("gmail-reply.eml")
        // Both ids are known: In-Reply-To wins, and the lookup stops there.
        let both = Lookups(["reply-7-1.3e9f@support.example.test": 7, "CAJx9fQ1=first@mail.gmail.com": 3])
        let match = await EmailThreading.match(
            keys: mail.threadKeys, subject: "[TF-99]", lookup: { await both.ticket(for: $0) })
        #expect(
            match
                == EmailThreading.Match(ticketID: 7, source: .header(messageID: "reply-7-1.3e9f@support.example.test")))
        #expect(await both.asked == ["reply-7-1.3e9f@support.example.test"])
        // Only the older reference is known: it is found after the In-Reply-To miss.
        let older = Lookups(["CAJx9fQ1=first@mail.gmail.com": 3])
        #expect(
            await EmailThreading.resolve(
                keys: mail.threadKeys, subject: mail.subject, lookup: { await older.ticket(for: $0) }) == 3)
        #expect(await older.asked == ["reply-7-1.3e9f@support.example.test", "CAJx9fQ1=first@mail.gmail.com"])
    }

    @Test func referencesNewestFirst() async throws {
        let mail = EmailFixtures.written("From: a@x\nMessage-ID: <m@x>\nReferences: <r1@x> <r2@x> <r3@x>\n\nHi\n")
        let lookups = Lookups(["r1@x": 1, "r2@x": 2])
        #expect(
            await EmailThreading.resolve(keys: mail.threadKeys, subject: nil, lookup: { await lookups.ticket(for: $0) })
                == 2)
        #expect(await lookups.asked == ["r3@x", "r2@x"])
    }

    @Test func subjectTokenWhenHeadersAreLostOrUnknown() async throws {
        let unknown = Lookups([:])
        let match = await EmailThreading.match(
            keys: ["gone@x"], subject: "Re: Fwd: Refund [TF-123]", lookup: { await unknown.ticket(for: $0) })
        #expect(match == EmailThreading.Match(ticketID: 123, source: .subjectToken))
        #expect(await unknown.asked == ["gone@x"])
        #expect(
            await EmailThreading.resolve(keys: [], subject: "Refund [TF-5]", lookup: { await unknown.ticket(for: $0) })
                == 5)
    }

    @Test func newTicketWithoutAnyMatch() async throws {
        let unknown = Lookups([:])
        let mail = try EmailFixtures.mail("html-only.eml")
        #expect(mail.threadKeys.isEmpty)
        #expect(
            await EmailThreading.resolve(
                keys: mail.threadKeys, subject: mail.subject, lookup: { await unknown.ticket(for: $0) }) == nil)
        // The fixtures' "[#7]" style is not a Ticketflow token.
        let outlook = try EmailFixtures.mail("outlook-reply.eml")
        #expect(
            await EmailThreading.resolve(
                keys: outlook.threadKeys, subject: outlook.subject, lookup: { await unknown.ticket(for: $0) })
                == nil)
        #expect(await unknown.asked == ["reply-12-1.9c2d@support.example.test"])
    }

    struct StoreDown: Error {}

    @Test func lookupErrorsPropagate() async {
        await #expect(throws: StoreDown.self) {
            try await EmailThreading.resolve(keys: ["a@x"], subject: "[TF-1]") { _ in throw StoreDown() }
        }
    }
}
