import Foundation

/// The `value; name=value; ...` syntax of Content-Type and Content-Disposition (RFC 2045 section 5.1), with
/// RFC 2231 extended and continued parameters (`filename*=utf-8''...`, `filename*0=...; filename*1=...`).
/// Lenient: a missing semicolon, an unquoted value with spaces or an unterminated quote still read.
enum MIMEHeaderParameters {
    /// The leading value (lowercased) and the parameters by lowercased name.
    static func parse(_ header: String) -> (value: String, parameters: [String: String]) {
        let chars = Array(header.unicodeScalars)
        var index = 0
        var value = ""
        while index < chars.count, chars[index] != ";", !(chars[index] == " " && !value.isEmpty) {
            if chars[index] != " " && chars[index] != "\t" { value.unicodeScalars.append(chars[index]) }
            index += 1
        }
        var raw: [(name: String, value: String)] = []
        while index < chars.count {
            while index < chars.count, chars[index] == ";" || chars[index] == " " || chars[index] == "\t" {
                index += 1
            }
            var name = ""
            while index < chars.count, chars[index] != "=", chars[index] != ";" {
                name.unicodeScalars.append(chars[index])
                index += 1
            }
            guard index < chars.count, chars[index] == "=" else { continue }
            index += 1
            while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
            var parameter = ""
            if index < chars.count, chars[index] == "\"" {
                index += 1
                while index < chars.count, chars[index] != "\"" {
                    if chars[index] == "\\", index + 1 < chars.count { index += 1 }
                    parameter.unicodeScalars.append(chars[index])
                    index += 1
                }
                index += 1
            } else {
                while index < chars.count, chars[index] != ";" {
                    parameter.unicodeScalars.append(chars[index])
                    index += 1
                }
                parameter = parameter.trimmingWhitespace()
            }
            let key = name.trimmingWhitespace().lowercased()
            if !key.isEmpty { raw.append((key, parameter)) }
        }
        return (value.lowercased(), combine(raw))
    }

    /// Joins RFC 2231 sections (`name*0`, `name*1*`...) and decodes extended values (`name*=charset'lang'%XX`).
    private static func combine(_ raw: [(name: String, value: String)]) -> [String: String] {
        var plain: [String: String] = [:]
        var sections: [String: [(number: Int, extended: Bool, value: String)]] = [:]
        for (name, value) in raw {
            guard let star = name.firstIndex(of: "*") else {
                if plain[name] == nil { plain[name] = value }
                continue
            }
            let base = String(name[..<star])
            let rest = name[name.index(after: star)...]
            let extended = rest.hasSuffix("*") || rest.isEmpty
            let number = Int(rest.trimmingWhitespace(where: { $0 == "*" })) ?? 0
            sections[base, default: []].append((number, extended, value))
        }
        for (base, parts) in sections {
            var bytes: [UInt8] = []
            var charset: String?
            for (position, part) in parts.sorted(by: { $0.number < $1.number }).enumerated() {
                var value = Substring(part.value)
                if part.extended && position == 0 {
                    let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 {
                        charset = String(pieces[0])
                        value = pieces[2]
                    }
                }
                bytes += part.extended ? percentDecoded(value) : Array(value.utf8)
            }
            // An extended value wins over a plain one of the same name (RFC 2231 section 4.1's fallback rule).
            plain[base] = MIMECharset.decode(bytes, label: charset ?? "utf-8").text
        }
        return plain
    }

    private static func percentDecoded(_ value: Substring) -> [UInt8] {
        let bytes = Array(value.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = MIMETransferEncoding.hexValue(bytes[index + 1]),
                let low = MIMETransferEncoding.hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }
}

/// A parsed Content-Type: `type/subtype` (lowercased) with its parameters.
public struct MIMEContentType: Sendable, Equatable {
    /// The top-level type, e.g. "text", "multipart".
    public var type: String
    /// The subtype, e.g. "plain", "alternative".
    public var subtype: String
    /// Parameters by lowercased name, RFC 2231 continuations joined and decoded.
    public var parameters: [String: String]

    /// Creates a content type from its parts.
    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// "type/subtype".
    public var mimeType: String { "\(type)/\(subtype)" }
    /// The charset parameter, if any.
    public var charset: String? { parameters["charset"] }
    /// The boundary parameter of a multipart type, if any.
    public var boundary: String? { parameters["boundary"] }
    /// Whether this is a multipart/* type.
    public var isMultipart: Bool { type == "multipart" }

    /// The RFC 2045 default, `text/plain; charset=us-ascii`.
    public static let defaultText = MIMEContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"])

    /// Parses a Content-Type value; nil when it has no `type/subtype`.
    public static func parse(_ header: String) -> MIMEContentType? {
        let (value, parameters) = MIMEHeaderParameters.parse(header)
        let pieces = value.split(separator: "/", maxSplits: 1)
        guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else { return nil }
        return MIMEContentType(type: String(pieces[0]), subtype: String(pieces[1]), parameters: parameters)
    }
}

/// A parsed Content-Disposition: inline or attachment, with its filename.
public struct MIMEContentDisposition: Sendable, Equatable {
    /// The disposition type, lowercased ("inline", "attachment", or what the sender wrote).
    public var kind: String
    /// Parameters by lowercased name.
    public var parameters: [String: String]

    /// Whether the sender marked the part as an attachment.
    public var isAttachment: Bool { kind == "attachment" }
    /// The filename parameter, with encoded words decoded (many mailers put RFC 2047 words there).
    public var filename: String? { parameters["filename"].map(MIMEEncodedWords.decode) }

    /// Parses a Content-Disposition value.
    public static func parse(_ header: String) -> MIMEContentDisposition {
        let (value, parameters) = MIMEHeaderParameters.parse(header)
        return MIMEContentDisposition(kind: value, parameters: parameters)
    }
}
