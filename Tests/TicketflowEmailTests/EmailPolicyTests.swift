import Foundation
import Testing
import TicketflowCore
import TicketflowEmail

@Suite struct EmailPolicyTests {
    let now = Date(timeIntervalSince1970: 1_796_289_631)

    func policy() -> Decider {
        Decider(InboundPolicy(mailbox: "support@example.test", aliases: ["help@example.test"]))
    }

    @Test func dsnIsABounceWithItsFields() throws {
        let policy = policy()
        let disposition = policy.disposition(for: try EmailFixtures.mail("dsn-bounce.eml"), now: now)
        guard case .bounce(let original, let recipient, let status, let diagnostic) = disposition else {
            Issue.record("expected a bounce, got \(disposition)")
            return
        }
        #expect(original == "a1b2c3d4e5f6.1733220300@support.example.test")
        #expect(recipient == "nobody@example.net")
        #expect(status == "5.1.1")
        #expect(diagnostic?.hasPrefix("smtp; 550 5.1.1 <nobody@example.net>: Recipient address") == true)
        #expect(policy.rateLimit.trackedSenders == 0)
    }

    @Test func plainTextBounceIsABounceToo() throws {
        let policy = policy()
        let disposition = policy.disposition(for: try EmailFixtures.mail("qmail-bounce.eml"), now: now)
        #expect(
            disposition
                == .bounce(
                    originalMessageID: "reply-55-1.0b0b@support.example.test", recipient: "gone@example.org",
                    status: "5.1.1", diagnostic: nil))
    }

    @Test func delayNoticeIsIgnored() throws {
        let policy = policy()
        let disposition = policy.disposition(for: try EmailFixtures.mail("dsn-delayed.eml"), now: now)
        #expect(disposition == .ignore(reason: "delivery report without a permanent failure (4.4.7)"))
    }

    @Test func autoReplyGetsNoAutoAnswer() throws {
        let policy = policy()
        let disposition = policy.disposition(for: try EmailFixtures.mail("auto-reply.eml"), now: now)
        #expect(disposition == .accept(autoAnswer: false, reason: "auto_reply: Auto-Submitted: auto-replied"))
    }

    @Test func personGetsAnAutoAnswer() throws {
        let policy = policy()
        for name in ["gmail-reply.eml", "outlook-reply.eml", "apple-mail.eml", "html-only.eml"] {
            let disposition = policy.disposition(for: try EmailFixtures.mail(name), now: now)
            #expect(disposition == .accept(autoAnswer: true, reason: ""), "\(name)")
        }
        #expect(policy.rateLimit.trackedSenders == 4)
    }

    @Test func listAndBulkMailGetNoAutoAnswer() {
        let policy = policy()
        let list = EmailFixtures.written(
            "From: news@shop.example\nList-Id: <news.shop.example>\nMessage-ID: <l@x>\n\nSale\n")
        #expect(
            policy.disposition(for: list, now: now)
                == .accept(autoAnswer: false, reason: "list: List-Id: <news.shop.example>"))
        let bulk = EmailFixtures.written("From: a@shop.example\nPrecedence: bulk\nMessage-ID: <b@x>\n\nSale\n")
        #expect(policy.disposition(for: bulk, now: now) == .accept(autoAnswer: false, reason: "bulk: Precedence: bulk"))
    }

    @Test func machineSendersGetNoAutoAnswer() {
        let policy = policy()
        for sender in ["noreply@shop.example", "No-Reply@Shop.example", "postmaster@x.example", "donotreply@x.example"]
        {
            let mail = EmailFixtures.written("From: \(sender)\nSubject: Your order\nMessage-ID: <n@x>\n\nShipped.\n")
            let expected = "sender \(EmailAddress(sender)!) does not read replies"
            #expect(policy.disposition(for: mail, now: now) == .accept(autoAnswer: false, reason: expected))
        }
        #expect(policy.rateLimit.trackedSenders == 0)
    }

    @Test func ownAddressIsALoop() {
        let policy = policy()
        for sender in ["Support@Example.test", "help@example.test"] {
            let mail = EmailFixtures.written(
                "From: Support <\(sender)>\nSubject: Re: x [TF-1]\nMessage-ID: <o@x>\n\nHi\n")
            let expected = "from the mailbox's own address \(sender.lowercased()) (a loop)"
            #expect(policy.disposition(for: mail, now: now) == .ignore(reason: expected))
        }
    }

    @Test func noSenderIsAcceptedWithoutAutoAnswer() {
        let policy = policy()
        let mail = EmailFixtures.written("Subject: ?\nMessage-ID: <q@x>\n\nHello\n")
        #expect(policy.disposition(for: mail, now: now) == .accept(autoAnswer: false, reason: "no sender address"))
    }

    @Test func busySenderIsRateLimited() {
        let policy = Decider(
            InboundPolicy(mailbox: "support@example.test", rateLimit: SenderRateLimit(limit: 2, window: 600)))
        let mail = EmailFixtures.written("From: Ann <ann@example.com>\nMessage-ID: <r@x>\n\nHello\n")
        #expect(policy.disposition(for: mail, now: now) == .accept(autoAnswer: true, reason: ""))
        #expect(policy.disposition(for: mail, now: now + 1) == .accept(autoAnswer: true, reason: ""))
        let limited = InboundDisposition.accept(
            autoAnswer: false, reason: "rate limit: 2 auto-answers to ann@example.com in 10 minutes already")
        #expect(policy.disposition(for: mail, now: now + 2) == limited)
        #expect(policy.disposition(for: mail, now: now + 600) == .accept(autoAnswer: true, reason: ""))
    }
}

/// A policy behind a reference: `#expect` cannot call a mutating method on a local value.
final class Decider {
    var policy: InboundPolicy
    init(_ policy: InboundPolicy) { self.policy = policy }
    var rateLimit: SenderRateLimit { policy.rateLimit }
    func disposition(for mail: InboundMail, now: Date) -> InboundDisposition { policy.disposition(for: mail, now: now) }
}

/// A rate limit behind a reference, for the same reason.
final class Limiter {
    var value: SenderRateLimit
    init(limit: Int = 5, window: TimeInterval = 3600, maximumSenders: Int = 10_000) {
        value = SenderRateLimit(limit: limit, window: window, maximumSenders: maximumSenders)
    }
    func take(_ sender: EmailAddress, now: Date) -> Bool { value.take(sender, now: now) }
    func allows(_ sender: EmailAddress, now: Date) -> Bool { value.allows(sender, now: now) }
}

@Suite struct EmailSenderRateLimitTests {
    let start = Date(timeIntervalSince1970: 1_000_000)
    let ann: EmailAddress = "ann@example.com"
    let bob: EmailAddress = "bob@example.com"

    @Test func defaultsAreFivePerHour() {
        let limit = Limiter()
        #expect(limit.value.limit == 5 && limit.value.window == 3600)
        for minute in 0..<5 { #expect(limit.take(ann, now: start + Double(minute) * 60)) }
        #expect(!limit.allows(ann, now: start + 3599))
        #expect(!limit.take(ann, now: start + 3599))
        #expect(limit.take(bob, now: start + 3599))  // per sender
        // Sliding: the first answer leaves the window at 3600 s, the second at 3660 s.
        #expect(limit.take(ann, now: start + 3600))
        #expect(!limit.take(ann, now: start + 3659))
        #expect(limit.take(ann, now: start + 3660))
    }

    @Test func refusalsDoNotCount() {
        let limit = Limiter(limit: 1, window: 100)
        #expect(limit.take(ann, now: start))
        for second in 1..<100 { #expect(!limit.take(ann, now: start + Double(second))) }
        #expect(limit.take(ann, now: start + 100))
    }

    @Test func allowsDoesNotCount() {
        let limit = Limiter(limit: 1, window: 100)
        #expect(limit.allows(ann, now: start) && limit.allows(ann, now: start))
        #expect(limit.value.trackedSenders == 0)
        #expect(limit.take(ann, now: start))
        #expect(!limit.allows(ann, now: start + 1))
    }

    @Test func sendersWhoseWindowPassedAreForgotten() {
        let limit = Limiter(limit: 3, window: 100)
        for index in 0..<50 { #expect(limit.take(EmailAddress("s\(index)@example.com")!, now: start)) }
        #expect(limit.value.trackedSenders == 50)
        #expect(limit.take(ann, now: start + 100))  // a window later: the 50 are swept
        #expect(limit.value.trackedSenders == 1)
    }

    @Test func memoryIsCappedByDroppingTheLeastRecent() {
        let limit = Limiter(limit: 1, window: 3600, maximumSenders: 3)
        #expect(limit.take(ann, now: start))
        #expect(limit.take(bob, now: start + 1))
        #expect(limit.take("cy@example.com", now: start + 2))
        #expect(limit.take("di@example.com", now: start + 3))
        #expect(limit.value.trackedSenders == 3)
        // Ann, the least recent, was dropped; Bob is still limited.
        #expect(limit.allows(ann, now: start + 4))
        #expect(!limit.allows(bob, now: start + 4))
        for index in 0..<1000 { _ = limit.take(EmailAddress("x\(index)@example.com")!, now: start + 5) }
        #expect(limit.value.trackedSenders == 3)
    }

    @Test func zeroLimitAllowsNothingAndRemembersNothing() {
        let limit = Limiter(limit: 0)
        #expect(!limit.take(ann, now: start))
        #expect(limit.value.trackedSenders == 0)
    }
}
