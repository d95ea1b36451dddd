import Foundation
import TicketflowCore
import TicketflowMIME

extension EmailReply {
    /// A Message-ID that every attempt of one delivery shares, so a resend after a lost SMTP answer is one
    /// message to the customer's client, not two. `createdAt` (the stored message's time) keeps ids apart
    /// when a fresh store counts deliveries from 1 again on the same domain.
    public static func messageID(deliveryKey: String, createdAt: Date, domain: String) -> String {
        let key = deliveryKey.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        let host = domain.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
        let seconds = Int64(createdAt.timeIntervalSince1970.rounded(.down))
        return "\(key.isEmpty ? "reply" : key).\(seconds)@\(host.isEmpty ? "localhost" : host)"
    }

    /// The sources of an answer as mail links: one per article, in order of first citation, and only those
    /// `url` can link (a title without an address would be a dead "Sources" entry).
    public static func links(
        for citations: [Citation], url: (Citation) -> String?
    ) -> [MIMEOutgoingMessage.Citation] {
        var seen: Set<String> = []
        var links: [MIMEOutgoingMessage.Citation] = []
        for citation in citations where !seen.contains(citation.articleID) {
            seen.insert(citation.articleID)
            guard let address = url(citation), !address.isEmpty else { continue }
            links.append(MIMEOutgoingMessage.Citation(title: citation.title, url: address))
        }
        return links
    }
}
