import Foundation

/// Writes outgoing messages as RFC 5322 bytes with CRLF line ends: encoded headers folded under 78 columns,
/// threading headers, and a multipart/alternative body with quoted-printable UTF-8 text and HTML parts.
/// Header values are stripped of line breaks, so no caller-supplied text can inject a header.
public enum MIMEComposer {
    private static let replyPrefixes = ["re:", "aw:", "sv:", "vs:", "antw:", "ref:", "rif:", "réf:", "odp:"]

    /// The message's bytes, ready for SMTP DATA (dot-stuffing is the SMTP client's job).
    public static func compose(_ message: MIMEOutgoingMessage, boundary: String? = nil) -> [UInt8] {
        let boundary = boundary ?? "=_tf_" + randomHex(12)  // "=_" never occurs in quoted-printable output
        var lines: [String] = []
        lines.append(header("Date", MIMEDate.format(message.date)))
        lines.append(header("From", format(message.from)))
        if !message.to.isEmpty { lines.append(header("To", message.to.map(format).joined(separator: ", "))) }
        if !message.cc.isEmpty { lines.append(header("Cc", message.cc.map(format).joined(separator: ", "))) }
        if !message.replyTo.isEmpty {
            lines.append(header("Reply-To", message.replyTo.map(format).joined(separator: ", ")))
        }
        lines.append(header("Subject", MIMEEncodedWords.encode(clean(message.subject)).joined(separator: " ")))
        lines.append(header("Message-ID", "<\(clean(message.messageID))>"))
        if let parent = message.inReplyTo { lines.append(header("In-Reply-To", "<\(clean(parent))>")) }
        if !message.references.isEmpty {
            lines.append(header("References", message.references.map { "<\(clean($0))>" }.joined(separator: " ")))
        }
        for field in message.extraHeaders {
            let name = field.name.filter { $0.isASCII && !$0.isWhitespace && $0 != ":" }
            guard !name.isEmpty else { continue }
            lines.append(header(name, MIMEEncodedWords.encode(clean(field.value)).joined(separator: " ")))
        }
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        lines.append("")
        lines.append("--\(boundary)")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: quoted-printable")
        lines.append("")
        lines.append(MIMETransferEncoding.encodeQuotedPrintable(plainBody(message)))
        lines.append("--\(boundary)")
        lines.append("Content-Type: text/html; charset=utf-8")
        lines.append("Content-Transfer-Encoding: quoted-printable")
        lines.append("")
        lines.append(MIMETransferEncoding.encodeQuotedPrintable(htmlBody(message)))
        lines.append("--\(boundary)--")
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// `subject` with one "Re: " in front, however many reply prefixes (any case, some translated) it had.
    public static func replySubject(_ subject: String) -> String {
        var rest = Substring(subject.trimmingWhitespace())
        while true {
            let lowered = rest.lowercased()
            if let prefix = replyPrefixes.first(where: lowered.hasPrefix) {
                rest = rest.dropFirst(prefix.count).drop { $0 == " " }
            } else if lowered.hasPrefix("re["), let close = rest.firstIndex(of: "]"),
                rest[rest.index(after: close)...].hasPrefix(":")
            {
                rest = rest[rest.index(close, offsetBy: 2)...].drop { $0 == " " }  // "Re[2]: "
            } else {
                break
            }
        }
        return "Re: " + rest
    }

    /// A new globally unique Message-ID (without angle brackets) on `domain`.
    public static func makeMessageID(domain: String) -> String {
        let host = domain.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return "\(randomHex(16)).\(Int(Date().timeIntervalSince1970))@\(host.isEmpty ? "localhost" : host)"
    }

    /// In-Reply-To and References for a reply to `parent` (RFC 5322 section 3.6.4): the parent's References
    /// (else its single In-Reply-To) plus its Message-ID. Long threads keep the first id and the latest ones.
    public static func threading(replyingTo parent: MIMEMessage) -> (inReplyTo: String?, references: [String]) {
        var references = parent.references
        if references.isEmpty, parent.inReplyTo.count == 1 { references = parent.inReplyTo }
        if let id = parent.messageID, !references.contains(id) { references.append(id) }
        if references.count > 30 { references = [references[0]] + references.suffix(29) }
        return (parent.messageID, references)
    }

    /// The text part: the text, then the sources as a list.
    static func plainBody(_ message: MIMEOutgoingMessage) -> String {
        var body = message.text.normalizingNewlines().trimmingTrailingWhitespace()
        if !message.citations.isEmpty {
            body += "\n\nSources:\n"
            body += message.citations.map { $0.title.isEmpty ? "- \($0.url)" : "- \($0.title): \($0.url)" }
                .joined(separator: "\n")
        }
        return body + "\n"
    }

    /// The HTML part: the given fragment (or the text as escaped paragraphs), then the sources as links.
    static func htmlBody(_ message: MIMEOutgoingMessage) -> String {
        var body = message.html ?? paragraphs(message.text)
        if !message.citations.isEmpty {
            let items = message.citations.map { citation -> String in
                let title = escapeHTML(citation.title.isEmpty ? citation.url : citation.title)
                let scheme = citation.url.lowercased()
                guard ["https://", "http://", "mailto:"].contains(where: scheme.hasPrefix) else {
                    return "<li>\(title) (\(escapeHTML(citation.url)))</li>"
                }
                return "<li><a href=\"\(escapeHTML(citation.url))\">\(title)</a></li>"
            }
            body += "\n<p>Sources:</p>\n<ul>\n" + items.joined(separator: "\n") + "\n</ul>"
        }
        return "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"></head>\n<body>\n\(body)\n</body>\n</html>\n"
    }

    /// Plain text as HTML paragraphs: blank lines separate paragraphs, single line breaks become `<br>`.
    static func paragraphs(_ text: String) -> String {
        let normalized = text.normalizingNewlines().trimmingTrailingWhitespace()
        return normalized.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { paragraph in
            "<p>" + paragraph.split(separator: "\n").map { escapeHTML(String($0)) }.joined(separator: "<br>\n") + "</p>"
        }.joined(separator: "\n")
    }

    /// Escapes text for HTML content and attribute values.
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// An address for a header: the display name quoted or encoded as needed.
    static func format(_ address: MIMEAddress) -> String {
        let mailbox = "<\(clean(address.address).filter { !$0.isWhitespace })>"
        guard let name = address.name.map(clean), !name.isEmpty else { return mailbox }
        if !MIMEEncodedWords.isPlainASCII(name) {
            return MIMEEncodedWords.encode(name).joined(separator: " ") + " " + mailbox
        }
        let atext = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || "!#$%&'*+-/=?^_`{|}~".contains($0) }
        if atext { return "\(name) \(mailbox)" }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" \(mailbox)"
    }

    /// "Name: value", folded at spaces so lines stay within 78 columns where the words allow.
    static func header(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var line = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: true) {
            if line.utf8.count + 1 + word.utf8.count > 78 && line.utf8.count > name.utf8.count + 1 {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// Header text without line breaks or other control characters.
    private static func clean(_ value: String) -> String {
        String(value.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }

    private static func randomHex(_ bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
