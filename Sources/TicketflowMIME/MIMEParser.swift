import Foundation

/// Reads the MIME tree of a message from its raw bytes. Never fails: whatever is malformed is read as well as it
/// can be and described in `notes`, and content over `limits` is counted but not decoded.
struct MIMEParser {
    let raw: [UInt8]
    let limits: MIMEParseLimits
    private(set) var notes: [String] = []
    private var partCount = 0
    private var attachmentCount = 0

    init(raw: [UInt8], limits: MIMEParseLimits) {
        self.raw = raw
        self.limits = limits
    }

    /// Parses the entity (headers and body) in `range`.
    mutating func parseEntity(
        _ range: Range<Int>, depth: Int, path: String, defaultType: MIMEContentType
    )
        -> MIMEPart
    {
        partCount += 1
        let context = path.isEmpty ? "message" : "part \(path)"
        let (headers, bodyStart) = MIMEHeaders.parse(raw, in: range, notes: &notes, context: context)
        let body = bodyStart..<range.upperBound
        var contentType = defaultType
        if let value = headers["Content-Type"] {
            if let parsed = MIMEContentType.parse(value) {
                contentType = parsed
            } else {
                notes.append("\(context): unreadable Content-Type '\(value)', read as \(defaultType.mimeType)")
            }
        }
        let encoding = headers["Content-Transfer-Encoding"].map { MIMEHeaderParameters.parse($0).value } ?? "7bit"
        var part = MIMEPart(
            headers: headers, contentType: contentType, transferEncoding: encoding,
            disposition: headers["Content-Disposition"].map(MIMEContentDisposition.parse), body: [], text: nil,
            parts: [], size: body.count, isOmitted: false, isTruncated: false, path: path)
        let nests = contentType.isMultipart || ["message/rfc822", "message/global"].contains(contentType.mimeType)
        if nests && depth >= limits.maxPartDepth {
            notes.append("\(context): nested deeper than \(limits.maxPartDepth) levels, not parsed")
            part.isOmitted = true
        } else if contentType.isMultipart {
            parseMultipart(&part, body: body, depth: depth, context: context)
        } else if nests && ["7bit", "8bit", "binary"].contains(encoding) {
            part.body = body.count <= limits.maxAttachmentBytes ? Array(raw[body]) : []
            part.isOmitted = body.count > limits.maxAttachmentBytes
            part.parts = [parseEntity(body, depth: depth + 1, path: path, defaultType: .defaultText)]
        } else {
            decodeLeaf(&part, body: body, context: context)
        }
        return part
    }

    private mutating func parseMultipart(_ part: inout MIMEPart, body: Range<Int>, depth: Int, context: String) {
        var boundary = part.contentType.boundary ?? ""
        if boundary.isEmpty {
            var cursor = LineCursor(bytes: raw, range: body)
            while let line = cursor.next() {
                if line.content.count > 2, raw[line.content].starts(with: "--".utf8) {
                    boundary = MIMEHeaders.text(raw[line.content].dropFirst(2)).trimmingTrailingWhitespace()
                    break
                }
            }
            notes.append(
                boundary.isEmpty
                    ? "\(context): multipart without boundary, read as text"
                    : "\(context): multipart without boundary parameter, guessed '\(boundary)' from the body")
        }
        let delimiter = Array("--\(boundary)".utf8)
        var children: [MIMEPart] = []
        var current: Int?
        var closed = false
        var sawDelimiter = false
        let childDefault =
            part.contentType.subtype == "digest"
            ? MIMEContentType(type: "message", subtype: "rfc822") : MIMEContentType.defaultText
        func childPath(_ number: Int) -> String { part.path.isEmpty ? "\(number)" : "\(part.path).\(number)" }
        var cursor = LineCursor(bytes: raw, range: body)
        while !boundary.isEmpty, let line = cursor.next() {
            guard raw[line.content].starts(with: delimiter) else { continue }
            let rest = raw[(line.content.lowerBound + delimiter.count)..<line.content.upperBound]
            let isClose = rest.starts(with: "--".utf8)
            guard isClose || rest.allSatisfy(MIMETransferEncoding.isWhitespace) else { continue }
            sawDelimiter = true
            if let start = current {
                let end = max(start, endOfContent(before: line.content.lowerBound, from: start))
                if partCount >= limits.maxParts {
                    notes.append("\(context): more than \(limits.maxParts) parts, the rest not parsed")
                    break
                }
                let child = parseEntity(
                    start..<end, depth: depth + 1, path: childPath(children.count + 1), defaultType: childDefault)
                children.append(child)
            }
            if isClose {
                closed = true
                break
            }
            current = line.next
        }
        if !sawDelimiter {
            if !boundary.isEmpty { notes.append("\(context): boundary '\(boundary)' never appears, read as text") }
            part.contentType = .defaultText
            decodeLeaf(&part, body: body, context: context)
            return
        }
        if !closed, let start = current, partCount < limits.maxParts {
            notes.append("\(context): multipart ends without its closing boundary (truncated?)")
            children.append(
                parseEntity(
                    start..<body.upperBound, depth: depth + 1, path: childPath(children.count + 1),
                    defaultType: childDefault))
        }
        part.parts = children
    }

    /// The end of a part's content: the line break before a delimiter line belongs to the delimiter.
    private func endOfContent(before lineStart: Int, from start: Int) -> Int {
        var end = lineStart
        if end > start, raw[end - 1] == 0x0A { end -= 1 }
        if end > start, raw[end - 1] == 0x0D { end -= 1 }
        return end
    }

    private mutating func decodeLeaf(_ part: inout MIMEPart, body: Range<Int>, context: String) {
        let encoded = raw[body]
        let isText = part.isBodyText || part.isReportPart
        if !isText {
            attachmentCount += 1
            let estimate =
                part.transferEncoding == "base64" ? MIMETransferEncoding.base64DecodedSize(encoded) : encoded.count
            let name = part.filename.map { "'\($0)'" } ?? part.contentType.mimeType
            if attachmentCount > limits.maxAttachments {
                notes.append("\(context): attachment \(name) omitted, more than \(limits.maxAttachments) attachments")
            } else if estimate > limits.maxAttachmentBytes {
                notes.append(
                    "\(context): attachment \(name) omitted, \(estimate) bytes is over the "
                        + "\(limits.maxAttachmentBytes)-byte limit")
            }
            if attachmentCount > limits.maxAttachments || estimate > limits.maxAttachmentBytes {
                part.size = estimate
                part.isOmitted = true
                return
            }
        }
        var decoded: [UInt8]
        switch part.transferEncoding {
        case "base64":
            let result = MIMETransferEncoding.decodeBase64(encoded)
            if let problem = result.problem { notes.append("\(context): \(problem)") }
            decoded = result.bytes
        case "quoted-printable":
            let result = MIMETransferEncoding.decodeQuotedPrintable(encoded)
            if let problem = result.problem { notes.append("\(context): \(problem)") }
            decoded = result.bytes
        case "7bit", "8bit", "binary", "":
            decoded = Array(encoded)
        default:
            notes.append("\(context): unknown Content-Transfer-Encoding '\(part.transferEncoding)', kept as is")
            decoded = Array(encoded)
        }
        part.size = decoded.count
        if part.isBodyText {
            if decoded.count > limits.maxTextBytes {
                notes.append("\(context): text over \(limits.maxTextBytes) bytes, truncated")
                decoded = Array(decoded.prefix(limits.maxTextBytes))
                part.isTruncated = true
            }
            let (text, note) = MIMECharset.decode(decoded, label: part.contentType.charset)
            if let note { notes.append("\(context): \(note)") }
            var normalized = text.normalizingNewlines()
            if part.contentType.subtype == "plain", part.contentType.parameters["format"]?.lowercased() == "flowed" {
                let delSp = part.contentType.parameters["delsp"]?.lowercased() == "yes"
                normalized = FormatFlowed.unflow(normalized, deleteSpace: delSp)
            }
            part.text = normalized
        }
        part.body = decoded
    }
}
