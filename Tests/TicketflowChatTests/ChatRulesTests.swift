import Foundation
import Testing
import TicketflowAuth
import TicketflowChat
import TicketflowCore

@Suite struct VisitorTokenTests {
    let signer = try! VisitorTokenSigner(secret: "a-secret-of-sixteen-plus")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aSignedTokenReadsBackUntilItExpires() throws {
        let token = VisitorToken(site: "shop", visitor: "abc", ticketID: 7, userID: "u1", expires: now + 60)
        let text = signer.sign(token)
        #expect(signer.read(text, at: now) == token)
        #expect(signer.read(text, at: now + 61) == nil)
    }

    @Test func editedForeignOrMalformedTokensAreRefused() throws {
        let text = signer.sign(VisitorToken(site: "shop", visitor: "abc", expires: now + 60))
        let parts = text.split(separator: ".").map(String.init)
        // Another visitor's payload under this signature.
        let forged = VisitorToken(site: "shop", visitor: "xyz", ticketID: 1, expires: now + 60)
        let forgedPayload = signer.sign(forged).split(separator: ".")[1]
        #expect(signer.read("v1.\(forgedPayload).\(parts[2])", at: now) == nil)
        let other = try VisitorTokenSigner(secret: "another-secret-sixteen")
        #expect(other.read(text, at: now) == nil)
        for junk in ["", "v1..", "v2.\(parts[1]).\(parts[2])", "v1.\(parts[1])", String(repeating: "a", count: 5000)] {
            #expect(signer.read(junk, at: now) == nil)
        }
        #expect(throws: (any Error).self) { try VisitorTokenSigner(secret: "short") }
    }

    @Test func siteIdentityMatchesTheDocumentedHMAC() {
        let hash = SiteIdentity.hash(userID: "user-42", secret: "site-secret-0123456789")
        // python3 -c "import hmac,hashlib;print(hmac.new(b'site-secret-0123456789', b'user-42', hashlib.sha256).hexdigest())"
        #expect(hash == "cf98b57eff6a0cdd8224007de09c3e54fd97b55be7c8b052018be1592eaaaae4")
        #expect(SiteIdentity.isValid(userID: "user-42", hash: hash.uppercased(), secret: "site-secret-0123456789"))
        #expect(!SiteIdentity.isValid(userID: "user-43", hash: hash, secret: "site-secret-0123456789"))
        // The sample in docs/channels.md, which shows openssl, Node and Python printing it.
        #expect(
            SiteIdentity.hash(userID: "user-4821", secret: "demo-identity-secret-change-me")
                == "46f1c1d28ae4d941d635cb20b58a5401dc684ae7f9fe0a20ac27ac01fc390003")
        #expect(!SiteIdentity.isValid(userID: "user-42", hash: hash, secret: "other-secret-0123456789"))
    }
}

@Suite struct ChatRateLimiterTests {
    @Test func aBurstIsAllowedThenRefusedUntilTheBucketRefills() {
        let limiter = ChatRateLimiter()
        let start = Date(timeIntervalSince1970: 0)
        for _ in 0..<3 { #expect(limiter.take("v", perMinute: 3, at: start) == nil) }
        let wait = limiter.take("v", perMinute: 3, at: start)
        #expect(wait == 20)
        // Another key has its own bucket.
        #expect(limiter.take("w", perMinute: 3, at: start) == nil)
        // One token back every 20 s.
        #expect(limiter.take("v", perMinute: 3, at: start + 21) == nil)
        #expect(limiter.take("v", perMinute: 3, at: start + 22) != nil)
    }

    @Test func keysAreBoundedUnderAFloodOfNewOnes() {
        let limiter = ChatRateLimiter(maximumKeys: 100)
        let start = Date(timeIntervalSince1970: 0)
        for index in 0..<1000 { _ = limiter.take("key\(index)", perMinute: 5, at: start + Double(index) / 100) }
        // A refused key keeps its state through pruning when it was recently used.
        for _ in 0..<5 { _ = limiter.take("hot", perMinute: 5, at: start + 10) }
        #expect(limiter.take("hot", perMinute: 5, at: start + 10) != nil)
    }
}

@Suite struct ChatConversationTests {
    let reader = ChatConversationReader(
        articleURL: { "/help/articles/\($0.articleID)" }, expectedWait: { _ in 4 * 3600 }, offlineEmail: true)
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func detail(_ status: TicketStatus, _ authors: [MessageAuthor], email: String? = nil) -> TicketDetail {
        var ticket = Ticket(id: 1, channel: .chat, subject: "s", status: status, createdAt: start)
        ticket.assignee = "dana.lee@example.com"
        let messages = authors.enumerated().map { index, author in
            Message(
                id: Int64(index + 1), ticketID: 1, author: author,
                body: author == .ai ? "Use the reset link. [Source: reset]" : "text \(index)",
                createdAt: start + Double(index),
                citations: author == .ai
                    ? [
                        Citation(articleID: "reset", title: "Reset", chunkID: "a"),
                        Citation(articleID: "reset", title: "Reset", chunkID: "b"),
                    ] : [])
        }
        return TicketDetail(
            ticket: ticket, customer: Customer(id: 1, email: email), messages: messages, trace: [])
    }

    @Test func whoHasTheConversation() {
        #expect(!ChatConversationReader.withAgent(detail(.triaged, [.customer])))
        #expect(!ChatConversationReader.withAgent(detail(.autoResolved, [.customer, .ai])))
        #expect(ChatConversationReader.withAgent(detail(.awaitingReview, [.customer])))
        #expect(ChatConversationReader.withAgent(detail(.escalated, [.customer])))
        // An agent answered last: the follow-up goes to the agent.
        #expect(ChatConversationReader.withAgent(detail(.resolved, [.customer, .agent])))
        // Handed back: triaged again, the AI answers.
        #expect(!ChatConversationReader.withAgent(detail(.triaged, [.customer, .agent, .customer])))
    }

    @Test func theCustomerSeesTextWithoutMarkersOneSourcePerArticleAndNoSystemNotes() {
        let conversation = reader.conversation(detail(.autoResolved, [.customer, .ai, .system]), ratings: [])
        #expect(conversation.messages.map(\.author) == [.customer, .ai])
        let answer = conversation.messages[1]
        #expect(answer.text == "Use the reset link.")
        #expect(answer.sources == [ChatSource(title: "Reset", url: "/help/articles/reset", articleID: "reset")])
        #expect(!conversation.waitingForAnswer)
        #expect(conversation.handover == nil)
    }

    @Test func aHandoverSaysWhoAnswersAndTheTeamsTarget() throws {
        let held = reader.conversation(detail(.awaitingReview, [.customer]), ratings: [])
        let handover = try #require(held.handover)
        #expect(handover.text.contains("person"))
        #expect(handover.text.contains("about 4 hours"))
        #expect(handover.offlineEmail)
        // With an address already left, the form is not offered again; the address shows masked.
        let withEmail = reader.conversation(detail(.awaitingReview, [.customer], email: "pat@example.com"), ratings: [])
        #expect(withEmail.handover?.offlineEmail == false)
        #expect(withEmail.email == "p…@example.com")
        // Answered by a person: no handover text, but the person keeps the conversation.
        let answered = reader.conversation(detail(.resolved, [.customer, .agent]), ratings: [], agentName: "Dana Lee")
        #expect(answered.handover == nil)
        #expect(answered.withAgent)
        #expect(answered.messages.last?.name == "Dana Lee")
        let unnamed = reader.conversation(detail(.resolved, [.customer, .agent]), ratings: [])
        #expect(unnamed.messages.last?.name == "Dana Lee")
    }

    @Test func thinkingWhileTheAnswerIsQueuedAndRatingsShowOnTheirMessage() {
        var waiting = detail(.triaged, [.customer])
        waiting.ticket.updatedAt = waiting.messages[0].createdAt
        #expect(reader.conversation(waiting, ratings: []).waitingForAnswer)
        // Triaged again by a hand-back, later than the message: nothing is pending.
        waiting.ticket.updatedAt = waiting.messages[0].createdAt + 5
        #expect(!reader.conversation(waiting, ratings: []).waitingForAnswer)
        let rating = Rating(
            id: 1, ticketID: 1, score: 1, comment: ChatConversationReader.ratingComment(messageID: 2),
            answeredBy: .ai, source: "chat", createdAt: start)
        let rated = reader.conversation(detail(.autoResolved, [.customer, .ai]), ratings: [rating])
        #expect(rated.messages[1].rating == "down")
        #expect(rated.messages[0].rating == nil)
    }

    @Test func originsCompareAsBrowsersSendThem() {
        let site = ChatSite(id: "shop", allowedOrigins: ["https://Shop.Example.com/"])
        #expect(site.allows(origin: "https://shop.example.com"))
        #expect(!site.allows(origin: "http://shop.example.com"))
        #expect(!site.allows(origin: "https://shop.example.com.evil.net"))
        #expect(!site.allows(origin: nil))
        #expect(!site.allows(origin: "null"))
    }
}
