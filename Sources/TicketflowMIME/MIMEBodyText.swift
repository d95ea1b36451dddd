import Foundation

/// Finds a message's body text and attachments in its MIME tree, the way mail clients choose what to show.
enum MIMEBodyText {
    /// The text/plain and text/html bodies. An alternative offers both; a mixed message's inline text parts are
    /// joined in order; a related one shows its root (first) part; a report shows its human-readable first part.
    static func collect(_ part: MIMEPart) -> (plain: String?, html: String?) {
        if part.parts.isEmpty {
            guard part.isBodyText, let text = part.text else { return (nil, nil) }
            return part.contentType.subtype == "html" ? (nil, text) : (text, nil)
        }
        if !part.contentType.isMultipart { return (nil, nil) }  // an embedded message is not this mail's body
        switch part.contentType.subtype {
        case "alternative":
            let options = part.parts.map(collect)
            return (options.lazy.compactMap(\.plain).first, options.reversed().lazy.compactMap(\.html).first)
        case "related", "report":
            return collect(part.parts[0])
        default:
            let found = part.parts.map(collect)
            let plain = found.compactMap(\.plain)
            let html = found.compactMap(\.html)
            return (plain.isEmpty ? nil : plain.joined(separator: "\n"), html.isEmpty ? nil : html.joined())
        }
    }

    /// Every part that is a file rather than body text or delivery-report machinery, in document order.
    static func attachments(_ root: MIMEPart) -> [MIMEAttachment] {
        var found: [MIMEAttachment] = []
        func visit(_ part: MIMEPart, inReport: Bool) {
            let isEmbeddedMessage = !part.contentType.isMultipart && !part.parts.isEmpty
            if part.contentType.isMultipart {
                for child in part.parts { visit(child, inReport: part.contentType.subtype == "report") }
                return
            }
            if part.isBodyText || part.isReportPart || (isEmbeddedMessage && inReport) { return }
            var filename = part.filename
            if isEmbeddedMessage, filename == nil, let subject = part.parts[0].headers.decoded("Subject") {
                filename = subject + ".eml"
            }
            found.append(
                MIMEAttachment(
                    filename: filename, contentType: part.contentType.mimeType, size: part.size,
                    contentID: part.contentID,
                    isInline: part.disposition.map { $0.kind == "inline" } ?? (part.contentID != nil), data: part.body,
                    isOmitted: part.isOmitted, partPath: part.path))
        }
        visit(root, inReport: false)
        return found
    }
}
