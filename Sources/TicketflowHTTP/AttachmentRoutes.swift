import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TicketflowCore

/// What customers' mails carried, for agents: `GET /v1/tickets/{id}/attachments` lists a ticket's
/// attachments and stored originals (metadata and download links, no bytes); the links download one
/// attachment (`/v1/tickets/{id}/attachments/{attachment_id}`) or a customer message's raw mail
/// (`/v1/tickets/{id}/messages/{message_id}/original`, an `.eml`). Downloads are always attachments, never
/// shown inline (see `DownloadHeaders`).
struct AttachmentRoutes: Sendable {
    let archive: any MailArchiveStore
    let tickets: any TicketStore

    func register(on router: Router<TicketflowRequestContext>) {
        router.group("v1/tickets").add(middleware: RoleGate([.agent]))
            .get(":id/attachments", use: list)
            .get(":id/attachments/:attachment", use: download)
            .get(":id/messages/:message/original", use: original)
    }

    /// One attachment in the list, with its download link when its bytes were kept.
    struct Item: Encodable {
        let attachment: MailAttachment
        let ticketID: Int64

        func encode(to encoder: any Encoder) throws {
            try attachment.encode(to: encoder)
            var container = encoder.container(keyedBy: Links.self)
            try container.encode(attachment.isKept, forKey: .kept)
            if attachment.isKept {
                try container.encode("/v1/tickets/\(ticketID)/attachments/\(attachment.id)", forKey: .downloadURL)
            }
        }
    }

    /// One stored original in the list, with its download link.
    struct Original: Encodable {
        let original: MailOriginal

        func encode(to encoder: any Encoder) throws {
            try original.encode(to: encoder)
            var container = encoder.container(keyedBy: Links.self)
            try container.encode(
                "/v1/tickets/\(original.ticketID)/messages/\(original.messageID)/original", forKey: .downloadURL)
        }
    }

    enum Links: String, CodingKey {
        case kept
        case downloadURL = "download_url"
    }

    struct ListResponse: Encodable {
        let attachments: [Item]
        let originals: [Original]
    }

    @Sendable func list(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try await ticketID(context)
        let attachments = try await archive.mailAttachments(ticketID: id)
        let originals = try await archive.mailOriginals(ticketID: id)
        return try JSONBody.response(
            ListResponse(
                attachments: attachments.map { Item(attachment: $0, ticketID: id) },
                originals: originals.map(Original.init)))
    }

    @Sendable func download(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try await ticketID(context)
        let attachmentID = try context.positiveID("attachment", of: "attachment")
        guard let (attachment, data) = try await archive.mailAttachment(id: attachmentID), attachment.ticketID == id
        else { throw Problem.notFound("ticket \(id) has no attachment \(attachmentID)") }
        guard let data else {
            let name = attachment.filename.map { "'\($0)'" } ?? "attachment \(attachmentID)"
            throw Problem(
                .gone, "attachment-not-kept", "Attachment not kept",
                detail: "the bytes of \(name) were not kept: \(attachment.omittedReason ?? "no reason recorded")")
        }
        let headers = DownloadHeaders.fields(
            contentType: attachment.contentType, filename: attachment.filename,
            fallback: "ticket-\(id)-attachment-\(attachmentID)")
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func original(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try await ticketID(context)
        let messageID = try context.positiveID("message", of: "message")
        guard let (original, raw) = try await archive.mailOriginal(messageID: messageID), original.ticketID == id
        else { throw Problem.notFound("message \(messageID) of ticket \(id) has no stored original mail") }
        let name = "ticket-\(id)-message-\(messageID)\(original.isTruncated ? "-truncated" : "").eml"
        let headers = DownloadHeaders.fields(contentType: "message/rfc822", filename: name, fallback: name)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: raw)))
    }

    /// The `:id` of an existing ticket; a 404 problem otherwise.
    func ticketID(_ context: TicketflowRequestContext) async throws -> Int64 {
        let id = try context.positiveID(of: "ticket")
        guard try await tickets.ticketDetail(id: id) != nil else { throw Problem.notFound("no ticket \(id)") }
        return id
    }
}
