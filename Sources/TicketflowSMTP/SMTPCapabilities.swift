/// The ESMTP extensions a server announced in its EHLO reply.
public struct SMTPCapabilities: Sendable, Equatable {
    /// Each keyword (upper-cased) with its parameters, e.g. "AUTH": ["PLAIN", "LOGIN"], "SIZE": ["10240000"].
    public var keywords: [String: [String]]

    /// Capabilities from keywords.
    public init(keywords: [String: [String]] = [:]) {
        self.keywords = keywords
    }

    /// Reads an EHLO reply: its first line greets, each further line is "KEYWORD param param".
    public init(ehloReply reply: SMTPReply) {
        var keywords: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            // Old servers announce "AUTH=PLAIN LOGIN" next to (or instead of) "AUTH PLAIN LOGIN".
            if first.uppercased().hasPrefix("AUTH=") {
                let mechanisms = [String(first.dropFirst(5))] + words.dropFirst()
                keywords["AUTH", default: []].append(contentsOf: mechanisms.map { $0.uppercased() })
                continue
            }
            keywords[first.uppercased(), default: []].append(contentsOf: words.dropFirst())
        }
        self.keywords = keywords
    }

    /// Whether the server announced `keyword` (case-insensitive).
    public func supports(_ keyword: String) -> Bool { keywords[keyword.uppercased()] != nil }

    /// STARTTLS (RFC 3207).
    public var startTLS: Bool { supports("STARTTLS") }
    /// The SASL mechanisms offered, upper-cased.
    public var authMechanisms: Set<String> { Set((keywords["AUTH"] ?? []).map { $0.uppercased() }) }
    /// SIZE (RFC 1870): nil when not announced; 0 when announced without a limit.
    public var maximumSize: Int? {
        guard let parameters = keywords["SIZE"] else { return nil }
        return parameters.first.flatMap { Int($0) } ?? 0
    }
    /// 8BITMIME (RFC 6152).
    public var eightBitMIME: Bool { supports("8BITMIME") }
    /// PIPELINING (RFC 2920).
    public var pipelining: Bool { supports("PIPELINING") }
    /// SMTPUTF8 (RFC 6531): internationalised addresses.
    public var smtpUTF8: Bool { supports("SMTPUTF8") }
    /// ENHANCEDSTATUSCODES (RFC 2034).
    public var enhancedStatusCodes: Bool { supports("ENHANCEDSTATUSCODES") }
}
