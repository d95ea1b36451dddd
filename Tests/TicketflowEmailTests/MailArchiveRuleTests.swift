import Foundation
import Testing
import TicketflowCore
import TicketflowEmail
import TicketflowMIME

/// Which bytes of an inbound mail are kept: attachments within the limit with their bytes, larger ones and
/// those the parser left out as metadata with a reason, and the raw mail cut at its limit.
@Suite struct MailArchiveRuleTests {
    @Test func attachmentsOverTheLimitKeepTheirMetadataAndAReason() throws {
        let raw = try EmailFixtures.bytes("pdf-attachment.eml")
        let message = MIMEMessage.parse(raw)
        let pdf = try #require(message.attachments.first { $0.contentType == "application/pdf" })
        let limits = MailArchiveLimits(maxAttachmentBytes: pdf.size, maxOriginalBytes: raw.count)
        let kept = MailArchive(
            ticketID: 1, messageID: 2, raw: raw, headerOnly: false, attachments: message.attachments, limits: limits)
        #expect(kept.original == raw && !kept.isTruncated)
        #expect(kept.attachments.count == message.attachments.count)
        let stored = try #require(kept.attachments.first { $0.partPath == pdf.partPath })
        #expect(stored.data == pdf.data && stored.omittedReason == nil && stored.size == pdf.size)
        #expect(stored.filename == "invoice-1042.pdf" && stored.contentType == "application/pdf")

        var smaller = limits
        smaller.maxAttachmentBytes = pdf.size - 1
        let over = MailArchive.attachment(pdf, limits: smaller)
        #expect(over.data == nil && over.size == pdf.size)
        #expect(over.omittedReason == "over the \(ByteCount.text(pdf.size - 1)) limit")
        #expect(MailArchive.attachment(pdf, limits: MailArchiveLimits()).omittedReason == nil)
    }

    @Test func partsTheParserLeftOutSaySo() throws {
        let raw = try EmailFixtures.bytes("pdf-attachment.eml")
        let message = MIMEMessage.parse(raw, limits: MIMEParseLimits(maxAttachmentBytes: 100))
        let omitted = try #require(message.attachments.first { $0.isOmitted })
        let stored = MailArchive.attachment(omitted, limits: MailArchiveLimits())
        #expect(stored.omittedReason == MailArchive.parseLimitReason && stored.data == nil)
        #expect(stored.size == omitted.size && stored.size > 100)
    }

    @Test func theOriginalIsCutAtItsLimitAndAHeaderOnlyMailIsTruncated() {
        let raw = Array("Subject: x\r\n\r\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 100)
        let cut = MailArchive(
            ticketID: 1, messageID: 2, raw: raw, headerOnly: false, attachments: [],
            limits: MailArchiveLimits(maxOriginalBytes: 20))
        #expect(cut.original == Array(raw.prefix(20)) && cut.isTruncated)
        let whole = MailArchive(
            ticketID: 1, messageID: 2, raw: raw, headerOnly: false, attachments: [],
            limits: MailArchiveLimits(maxOriginalBytes: raw.count))
        #expect(whole.original == raw && !whole.isTruncated)
        let header = MailArchive(
            ticketID: 1, messageID: 2, raw: raw, headerOnly: true, attachments: [], limits: MailArchiveLimits())
        #expect(header.original == raw && header.isTruncated)
    }

    @Test func sizesReadAsPeopleSayThem() {
        #expect(ByteCount.text(0) == "0 bytes")
        #expect(ByteCount.text(1) == "1 byte")
        #expect(ByteCount.text(1023) == "1023 bytes")
        #expect(ByteCount.text(1024) == "1 KB")
        #expect(ByteCount.text(1536) == "1.5 KB")
        #expect(ByteCount.text(10 << 20) == "10 MB")
        #expect(ByteCount.text(25 << 20) == "25 MB")
        #expect(ByteCount.text(15_000_000) == "14 MB")
        #expect(ByteCount.text(3 << 30) == "3 GB")
    }
}
