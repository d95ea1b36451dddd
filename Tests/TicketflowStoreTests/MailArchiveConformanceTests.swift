import Foundation
import Testing
import TicketflowCore

/// The mail archive on both stores: a customer message's original and attachments are stored once (storing
/// again after a crash adds nothing and keeps the first bytes), listed without bytes, read back byte for byte,
/// omitted attachments keep their metadata and reason, and nothing is stored for a message of another ticket.
@Suite struct MailArchiveConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func archive(_ store: any ConformingStore) throws -> any MailArchiveStore {
        try #require(store as? any MailArchiveStore)
    }

    /// Every byte value, so an encoding that mangles any of them fails.
    static let pdf: [UInt8] = Array("%PDF-1.4\n".utf8) + (0...255).map(UInt8.init) + [0, 0, 13, 10]

    static func entry(ticket: Int64, message: Int64, raw: String) -> MailArchive {
        MailArchive(
            ticketID: ticket, messageID: message, original: Array(raw.utf8), isTruncated: false,
            attachments: [
                NewMailAttachment(
                    partPath: "2", filename: "Rechnung März.pdf", contentType: "application/pdf", size: pdf.count,
                    isInline: false, omittedReason: nil, data: pdf),
                NewMailAttachment(
                    partPath: "1.2", filename: nil, contentType: "image/png", size: 3, isInline: true,
                    omittedReason: nil, data: [0x89, 0x50, 0x4E]),
                NewMailAttachment(
                    partPath: "3", filename: "video.mp4", contentType: "video/mp4", size: 40_000_000, isInline: false,
                    omittedReason: "over the 10 MB limit", data: nil),
            ])
    }

    @Test(arguments: StoreKind.allCases) func anArchiveIsStoredOnceAndReadBack(kind: StoreKind) async throws {
        try await withStore(kind) { base in
            let store = try Self.archive(base)
            let detail = try await base.createTicket(StoreConformanceTests.intake("Invoice attached")).detail
            let (ticket, message) = (detail.ticket.id, try #require(detail.messages.first).id)
            let raw = "Message-ID: <a@b>\r\n\r\nInvoice attached\r\n\r\n> old quote\r\n"
            #expect(
                try await store.saveMailArchive(Self.entry(ticket: ticket, message: message, raw: raw), at: Self.t0))

            let listed = try await store.mailAttachments(ticketID: ticket)
            #expect(listed.map(\.partPath) == ["2", "1.2", "3"], "in the mail's order")
            #expect(listed.map(\.filename) == ["Rechnung März.pdf", nil, "video.mp4"])
            #expect(listed.map(\.size) == [Self.pdf.count, 3, 40_000_000])
            #expect(listed.map(\.isInline) == [false, true, false])
            #expect(listed.map(\.isKept) == [true, true, false])
            #expect(listed[2].omittedReason == "over the 10 MB limit")
            #expect(listed.allSatisfy { $0.ticketID == ticket && $0.messageID == message && $0.createdAt == Self.t0 })

            let pdf = try #require(try await store.mailAttachment(id: listed[0].id))
            #expect(pdf.attachment == listed[0] && pdf.data == Self.pdf)
            #expect(try await store.mailAttachment(id: listed[1].id)?.data == [0x89, 0x50, 0x4E])
            let omitted = try #require(try await store.mailAttachment(id: listed[2].id))
            #expect(omitted.attachment.contentType == "video/mp4" && omitted.data == nil)
            #expect(try await store.mailAttachment(id: listed.map(\.id).max()! + 100) == nil)

            let original = try #require(try await store.mailOriginal(messageID: message))
            #expect(original.raw == Array(raw.utf8))
            #expect(
                original.original
                    == MailOriginal(
                        messageID: message, ticketID: ticket, size: raw.utf8.count, isTruncated: false,
                        createdAt: Self.t0))
            #expect(try await store.mailOriginals(ticketID: ticket) == [original.original])

            // Stored again (the mail read again after a crash): nothing changes, the first bytes stay.
            var again = Self.entry(ticket: ticket, message: message, raw: "different")
            again.attachments[0].data = [1, 2, 3]
            #expect(try await !store.saveMailArchive(again, at: Self.t0.addingTimeInterval(60)))
            #expect(try await store.mailAttachments(ticketID: ticket) == listed)
            #expect(try await store.mailAttachment(id: listed[0].id)?.data == Self.pdf)
            #expect(try await store.mailOriginal(messageID: message)?.raw == Array(raw.utf8))

            // A part missing from the first save (it crashed half way, or a new rule) is added on its own.
            again.attachments.append(
                NewMailAttachment(
                    partPath: "4", filename: "notes.txt", contentType: "text/plain", size: 2, isInline: false,
                    omittedReason: nil, data: Array("hi".utf8)))
            #expect(try await store.saveMailArchive(again, at: Self.t0))
            #expect(try await store.mailAttachments(ticketID: ticket).map(\.partPath) == ["2", "1.2", "3", "4"])
        }
    }

    @Test(arguments: StoreKind.allCases) func archivesStayWithTheirTicket(kind: StoreKind) async throws {
        try await withStore(kind) { base in
            let store = try Self.archive(base)
            let one = try await base.createTicket(StoreConformanceTests.intake("one", externalID: "1")).detail
            let two = try await base.createTicket(StoreConformanceTests.intake("two", externalID: "2")).detail
            let message = try #require(one.messages.first).id
            // A message of ticket one cannot be archived under ticket two.
            await #expect(throws: StoreError.self) {
                try await store.saveMailArchive(
                    Self.entry(ticket: two.ticket.id, message: message, raw: "x"), at: Self.t0)
            }
            #expect(try await store.mailAttachments(ticketID: two.ticket.id).isEmpty)
            #expect(try await store.mailOriginals(ticketID: two.ticket.id).isEmpty)
            #expect(try await store.mailOriginal(messageID: message) == nil)

            // A header-only original (the mail was over the fetch limit), without attachments.
            let header = MailArchive(
                ticketID: one.ticket.id, messageID: message, original: Array("Subject: big\r\n\r\n".utf8),
                isTruncated: true, attachments: [])
            #expect(try await store.saveMailArchive(header, at: Self.t0))
            let original = try #require(try await store.mailOriginal(messageID: message))
            #expect(original.original.isTruncated && original.raw == header.original)
            #expect(try await store.mailOriginals(ticketID: one.ticket.id).map(\.messageID) == [message])
            #expect(try await store.mailAttachments(ticketID: one.ticket.id).isEmpty)
        }
    }
}
