import Foundation
import Testing
import TicketflowCore

@Suite struct OutboxPolicyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func replies(on channel: Channel, email: String?, channels: Set<Channel>) -> [NewMessage] {
        let ticket = Ticket(id: 1, channel: channel, subject: "s", status: .awaitingReview, createdAt: now)
        return OutboxPolicy(channels: channels).addressing(
            [
                NewMessage(author: .customer, body: "q", createdAt: now),
                NewMessage(author: .ai, body: "a", createdAt: now),
                NewMessage(author: .agent, body: "b", createdAt: now),
            ], ticket: ticket, customerEmail: email)
    }

    @Test func emailTicketsSendTheAIsAndAgentsReplies() {
        let sent = replies(on: .email, email: "pat@example.com", channels: [.email])
        #expect(
            sent.map(\.delivery) == [
                nil, .init(channel: .email, recipient: "pat@example.com"),
                .init(channel: .email, recipient: "pat@example.com"),
            ])
    }

    @Test func aChatSendsOnlyAPersonsReplyByEmailAndOnlyWhenTheVisitorLeftAnAddress() {
        // The widget shows AI answers live; a person's reply may come after the visitor left.
        let sent = replies(on: .chat, email: "pat@example.com", channels: [.email])
        #expect(sent.map(\.delivery) == [nil, nil, .init(channel: .email, recipient: "pat@example.com")])
        #expect(replies(on: .chat, email: nil, channels: [.email]).allSatisfy { $0.delivery == nil })
        #expect(replies(on: .chat, email: "pat@example.com", channels: []).allSatisfy { $0.delivery == nil })
        #expect(replies(on: .api, email: "pat@example.com", channels: [.email]).allSatisfy { $0.delivery == nil })
    }

    @Test func aChatGetsNoEmailAcknowledgement() {
        let policy = OutboxPolicy(channels: [.email], escalationAcknowledgement: "A person will answer.")
        let chat = Ticket(id: 1, channel: .chat, subject: "s", status: .escalated, createdAt: now)
        #expect(policy.acknowledgement(for: chat, customerEmail: "pat@example.com", at: now) == nil)
        let mail = Ticket(id: 2, channel: .email, subject: "s", status: .escalated, createdAt: now)
        #expect(
            policy.acknowledgement(for: mail, customerEmail: "pat@example.com", at: now)?.delivery?.channel == .email)
    }
}
