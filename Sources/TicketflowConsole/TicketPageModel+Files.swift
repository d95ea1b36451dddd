import Foundation
import TicketflowCore

extension TicketPageModel.Message {
    /// An attachment under the customer message whose mail carried it.
    struct File {
        let name: String
        let type: String
        let size: String
        let inline: Bool
        /// Whether its bytes were kept; when not, `notKept` says why.
        let kept: Bool
        let url: String
        let notKept: String?

        init(_ attachment: MailAttachment) {
            name = attachment.filename ?? "unnamed \(attachment.isInline ? "inline part" : "attachment")"
            type = attachment.contentType
            size = ByteCount.text(attachment.size)
            inline = attachment.isInline
            kept = attachment.isKept
            url = "/v1/tickets/\(attachment.ticketID)/attachments/\(attachment.id)"
            notKept = attachment.omittedReason
        }
    }

    /// The mail a customer message came from: its files, and where its original can be downloaded.
    struct Mail {
        let files: [File]
        /// The `.eml` download; nil when no original was kept.
        let originalURL: String?
        let originalTruncated: Bool

        /// The files and original of each customer message that came by mail, by message id.
        static func byMessage(attachments: [MailAttachment], originals: [MailOriginal]) -> [Int64: Mail] {
            let files = Dictionary(grouping: attachments, by: \.messageID)
            let kept = Dictionary(originals.map { ($0.messageID, $0) }) { first, _ in first }
            var mails: [Int64: Mail] = [:]
            for id in Set(files.keys).union(kept.keys) {
                let original = kept[id]
                mails[id] = Mail(
                    files: (files[id] ?? []).map(File.init),
                    originalURL: original.map { "/v1/tickets/\($0.ticketID)/messages/\($0.messageID)/original" },
                    originalTruncated: original?.isTruncated ?? false)
            }
            return mails
        }
    }
}
