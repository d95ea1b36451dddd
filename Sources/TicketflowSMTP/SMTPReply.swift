/// One server reply: a three-digit code, an optional RFC 3463 enhanced status and one or more lines of text.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    /// The reply code, e.g. 250 or 550.
    public var code: Int
    /// The enhanced status code of the first line, e.g. "5.1.1", when the server sends one.
    public var enhancedStatus: String?
    /// The text of each line, without the code and without a leading enhanced status.
    public var lines: [String]

    /// A reply from its parts.
    public init(code: Int, enhancedStatus: String? = nil, lines: [String]) {
        self.code = code
        self.enhancedStatus = enhancedStatus
        self.lines = lines
    }

    /// The lines as one text.
    public var text: String { lines.joined(separator: "\n") }

    /// 2xx: the command succeeded.
    public var isPositiveCompletion: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (a DATA body, an AUTH answer).
    public var isPositiveIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: a temporary failure; the same command may succeed later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: a permanent failure; repeating the command will not help.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// "550 5.1.1 <x@example.test>: Recipient address rejected" (later lines joined by spaces).
    public var description: String {
        var parts = ["\(code)"]
        if let enhancedStatus { parts.append(enhancedStatus) }
        let text = lines.filter { !$0.isEmpty }.joined(separator: " ")
        if !text.isEmpty { parts.append(text) }
        return parts.joined(separator: " ")
    }

    /// Builds a reply from its raw lines ("250-first", "250 last"); nil unless every line carries the same code
    /// and only the last one ends the reply.
    init?(rawLines: [String]) {
        guard let first = rawLines.first, let code = Self.code(of: first) else { return nil }
        var lines: [String] = []
        var status: String?
        for (index, raw) in rawLines.enumerated() {
            let isLast = index == rawLines.count - 1
            guard Self.code(of: raw) == code, Self.isFinal(raw) == isLast else { return nil }
            var text = raw.count > 4 ? String(raw.dropFirst(4)) : ""
            if let found = Self.enhancedStatus(at: text, code: code) {
                if index == 0 { status = found }
                text = String(text.dropFirst(found.count)).drop(while: { $0 == " " }).description
            }
            lines.append(text)
        }
        self.init(code: code, enhancedStatus: status, lines: lines)
    }

    /// The code of a raw line: three digits, the first 2 to 5.
    static func code(of line: String) -> Int? {
        let digits = line.utf8.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ (0x30...0x39).contains($0) }), let code = Int(line.prefix(3)),
            (200..<600).contains(code)
        else { return nil }
        let separator = line.utf8.dropFirst(3).first
        return separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") ? code : nil
    }

    /// Whether a raw line ends its reply ("250 ok" or a bare "250"; "250-more" does not).
    static func isFinal(_ line: String) -> Bool { line.utf8.dropFirst(3).first != UInt8(ascii: "-") }

    /// "5.1.1" at the start of `text`, when its class matches the reply code's first digit.
    private static func enhancedStatus(at text: String, code: Int) -> String? {
        let token = text.prefix(while: { $0 != " " })
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "\(code / 100)",
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return String(token)
    }
}
