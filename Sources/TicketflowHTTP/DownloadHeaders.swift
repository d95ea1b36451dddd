import Foundation
import HTTPTypes

/// The headers of a file a customer sent, served to agents: always a download (`Content-Disposition:
/// attachment`), never sniffed, sandboxed, and typed as sent only for a few types that cannot run script in
/// the console's origin; anything else (HTML, SVG, XML, scripts, unknown types) is `application/octet-stream`.
enum DownloadHeaders {
    /// Types served under their own name; the browser still downloads them (RFC 6266 `attachment`).
    static let passiveTypes: Set<String> = [
        "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "text/csv",
        "application/zip", "message/rfc822",
    ]

    /// The headers for `data` named `filename` (or `fallback` when it has none) declared as `contentType`.
    static func fields(contentType: String, filename: String?, fallback: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = servedType(contentType)
        fields[.contentDisposition] = disposition(filename: filename, fallback: fallback)
        fields[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        // Should a browser render it anyway, it runs nothing and reaches nothing.
        fields[.contentSecurityPolicy] = "default-src 'none'; sandbox"
        fields[.cacheControl] = "private, no-store"
        return fields
    }

    /// `contentType` when its bare type is passive, else `application/octet-stream`; text keeps a charset.
    static func servedType(_ contentType: String) -> String {
        let parts = contentType.split(separator: ";", maxSplits: 1)
        let bare = parts.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard passiveTypes.contains(bare) else { return "application/octet-stream" }
        guard bare.hasPrefix("text/") else { return bare }
        let charset = parts.count > 1 ? Self.charset(in: String(parts[1])) : nil
        return bare + "; charset=" + (charset ?? "utf-8")
    }

    /// A charset parameter made only of token characters, else nil.
    static func charset(in parameters: String) -> String? {
        for parameter in parameters.split(separator: ";") {
            let pair = parameter.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            guard pair.count == 2, pair[0].lowercased() == "charset" else { continue }
            let value = pair[1].lowercased()
            let allowed = value.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)
            }
            return allowed && !value.isEmpty && value.count <= 40 ? value : nil
        }
        return nil
    }

    /// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266, RFC 5987): the quoted
    /// name keeps printable ASCII only, for old clients; the extended one keeps the whole name. Path
    /// separators and control characters never survive, so a name cannot point outside the download folder.
    static func disposition(filename: String?, fallback: String) -> String {
        let cleaned = (filename ?? "").unicodeScalars.map { scalar -> String in
            if scalar.properties.generalCategory == .control || scalar == "/" || scalar == "\\" { return "_" }
            return String(scalar)
        }.joined().trimmingCharacters(in: .whitespaces)
        let name = cleaned.isEmpty || cleaned == "." || cleaned == ".." ? fallback : String(cleaned.prefix(200))
        let ascii = name.unicodeScalars.map { scalar -> String in
            guard scalar.isASCII, scalar.value >= 0x20, scalar.value < 0x7F, scalar != "\"", scalar != "%" else {
                return "_"
            }
            return String(scalar)
        }.joined()
        var value = "attachment; filename=\"\(ascii)\""
        if ascii != name { value += "; filename*=UTF-8''" + percentEncoded(name) }
        return value
    }

    /// RFC 5987 `attr-char`s as they are, every other UTF-8 byte as %XX.
    static func percentEncoded(_ text: String) -> String {
        let attrChars = Set("!#$&+-.^_`|~".utf8)
        return text.utf8.map { byte -> String in
            let isAlphanumeric =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            return isAlphanumeric || attrChars.contains(byte)
                ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }.joined()
    }
}
