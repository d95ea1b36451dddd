import Testing
import TicketflowMIME

/// Quoted history and signatures in the shapes real clients write them.
@Suite struct MIMEReplyStripperTests {
    private let answer = "Thanks, that worked!\n\nOne more question: can I change the plan later?"

    @Test(arguments: [
        "On Thu, Dec 3, 2026 at 9:14 AM Support <support@example.test> wrote:\n> Try again.\n> Sam",
        "On Thu, Dec 3, 2026 at 9:14 AM Ticketflow Support <\nsupport@example.test> wrote:\n\n> Try again.",
        "On 3 Dec 2026, at 10:02, Ticketflow Support <support@example.test> wrote:\n\nTry again (Apple, no quotes).",
        "Le jeu. 3 déc. 2026 à 10:02, Support <support@example.test> a écrit :\n> Réessayez.",
        "Am Do., 3. Dez. 2026 um 10:02 Uhr schrieb Support <support@example.test>:\n> Bitte erneut versuchen.",
        "-----Original Message-----\nFrom: Support <support@example.test>\nSent: Thursday, December 3, 2026 9:14 AM\n"
            + "To: Ann\nSubject: RE: Plan\n\nTry again.",
        "From: Support <support@example.test>\nSent: Thursday, December 3, 2026 9:14 AM\nTo: Ann <ann@example.com>\n"
            + "Subject: RE: Plan\n\nTry again.",
        "________________________________\nFrom: Support <support@example.test>\n"
            + "Sent: Thursday, 3 December 2026 09:14\nTo: Ann\nSubject: Plan\n\nTry again.",
        "*From:* Support <support@example.test>\n*Date:* Thu, 3 Dec 2026\n*To:* Ann\n*Subject:* Plan\n\nTry again.",
        "----- Ursprüngliche Nachricht -----\nVon: Support\nGesendet: Donnerstag\nAn: Ann\nBetreff: Plan",
        "Support <support@example.test> wrote:\n> Try again.",
    ])
    func historyIsCut(history: String) {
        #expect(ReplyStripper.strip(answer + "\n\n" + history) == answer)
    }

    @Test(arguments: [
        "-- \nAnn Lee\nAcme Corp | +1 555 0100",
        "--\nAnn Lee",
        "Sent from my iPhone",
        "Get Outlook for iOS<https://aka.ms/o0ukef>",
        "Von meinem iPhone gesendet",
    ])
    func signaturesAreCut(signature: String) {
        #expect(ReplyStripper.strip(answer + "\n\n" + signature + "\n\n> old quote") == answer)
    }

    @Test func interleavedRepliesKeepTheAnswers() {
        let text = "> Which browser do you use?\nFirefox 133.\n\n> And which plan?\nThe Pro plan.\n"
        #expect(ReplyStripper.strip(text) == "Firefox 133.\n\nThe Pro plan.")
    }

    @Test func bottomPostedReplyKeepsTheTextAfterTheQuote() {
        let text =
            "On Thu, 3 Dec 2026, Support <support@example.test> wrote:\n> Did that help?\n\nYes, it did. Thanks!\n"
        #expect(ReplyStripper.strip(text) == "Yes, it did. Thanks!")
    }

    @Test func ordinaryTextIsLeftAlone() {
        let text = """
            On Monday I wrote to you about the invoice, but nobody answered.
            From: my accountant's side everything looks fine.

            Online since 2019 -- a loyal customer.
            """
        #expect(ReplyStripper.strip(text) == text)
        #expect(ReplyStripper.strip("  \n\n") == "")
    }

    @Test func blankLinesAreTidied() {
        #expect(ReplyStripper.strip("\n\nHello   \n\n\n\nWorld\n\n-- \nsig") == "Hello\n\nWorld")
    }
}
