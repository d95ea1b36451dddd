// Turns one framed server response into a typed IMAPResponse (RFC 3501 section 7). Pure: no I/O, tested on
// canned bytes from the RFC's examples and Dovecot transcripts. Unknown untagged data is kept as `.other`
// rather than rejected, so a server extension never stops a poller.

/// Parses complete server responses (as cut by `IMAPResponseFramer`).
public enum IMAPResponseParser {
    /// Parses one complete response, CRLF included.
    public static func parse(_ bytes: [UInt8]) throws(IMAPError) -> IMAPResponse {
        var scanner = IMAPScanner(bytes)
        switch scanner.peek {
        case UInt8(ascii: "+"):
            scanner.index += 1
            scanner.skipSpace()
            return .continuation(scanner.readRestOfLine())
        case UInt8(ascii: "*"):
            scanner.index += 1
            try scanner.expect(UInt8(ascii: " "))
            return .untagged(try untagged(&scanner))
        default:
            let tag = try scanner.readAtom()
            try scanner.expect(UInt8(ascii: " "))
            let word = try scanner.readAtom().uppercased()
            guard let status = IMAPStatus(rawValue: word), [.ok, .no, .bad].contains(status) else {
                throw scanner.failure("unknown completion status \(word)")
            }
            let (code, text) = try responseText(&scanner)
            return .tagged(IMAPTaggedResponse(tag: tag, status: status, code: code, text: text))
        }
    }

    private static func untagged(_ scanner: inout IMAPScanner) throws(IMAPError) -> IMAPUntaggedResponse {
        let first = try scanner.readAtom()
        if let number = IMAPValue.atom(first).number {
            try scanner.expect(UInt8(ascii: " "))
            let name = try scanner.readAtom().uppercased()
            switch name {
            case "EXISTS": return .exists(number)
            case "RECENT": return .recent(number)
            case "EXPUNGE": return .expunge(number)
            case "FETCH":
                scanner.skipSpace()
                return .fetch(try fetch(number, &scanner))
            default:
                return .other(name, [.atom(first)] + (try scanner.readValues()))
            }
        }
        let name = first.uppercased()
        if let status = IMAPStatus(rawValue: name) {
            let (code, text) = try responseText(&scanner)
            return .status(status, code: code, text: text)
        }
        switch name {
        case "CAPABILITY":
            return .capability(try scanner.readValues().compactMap(\.atom))
        case "FLAGS":
            scanner.skipSpace()
            return .flags(try scanner.readList().compactMap(\.atom))
        case "SEARCH":
            return .search(try scanner.readValues().compactMap(\.number))
        default:
            scanner.skipSpace()
            let start = scanner.index
            do {
                return .other(name, try scanner.readValues())
            } catch {
                // Kept as raw text: an odd extension response must not take the connection down.
                scanner.index = start
                return .other(name, [.string(Array(scanner.readRestOfLine().utf8))])
            }
        }
    }

    /// Reads the `(NAME value NAME value ...)` of a FETCH response, items in any order.
    private static func fetch(_ number: UInt32, _ scanner: inout IMAPScanner) throws(IMAPError) -> IMAPFetchResponse {
        try scanner.expect(UInt8(ascii: "("))
        var items: [String: IMAPValue] = [:]
        while true {
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: ")") { break }
            guard !scanner.atLineEnd else { throw scanner.failure("unterminated FETCH data") }
            let name = try scanner.readAtom().uppercased()
            try scanner.expect(UInt8(ascii: " "))
            items[name] = try scanner.readValue()
        }
        return IMAPFetchResponse(sequenceNumber: number, items: items)
    }

    /// Reads `[code] text` after a status word.
    private static func responseText(
        _ scanner: inout IMAPScanner
    ) throws(IMAPError) -> (IMAPResponseCode?, String) {
        scanner.skipSpace()
        var code: IMAPResponseCode?
        if scanner.peek == UInt8(ascii: "[") {
            scanner.index += 1
            code = try responseCode(&scanner)
            try scanner.expect(UInt8(ascii: "]"))
            scanner.skipSpace()
        }
        return (code, scanner.readRestOfLine())
    }

    private static func responseCode(_ scanner: inout IMAPScanner) throws(IMAPError) -> IMAPResponseCode {
        let name = try scanner.readAtom().uppercased()
        let start = scanner.index
        let arguments: [IMAPValue]
        do {
            arguments = try scanner.readValues()
        } catch {
            // Free text inside a code (some servers put prose there): keep it raw up to the bracket.
            scanner.index = start
            while !scanner.atLineEnd, scanner.peek != UInt8(ascii: "]") { scanner.index += 1 }
            let raw = Array(scanner.bytes[start..<scanner.index])
            return .other(name, [.string(raw)])
        }
        let numbers = arguments.compactMap(\.number)
        switch name {
        case "ALERT": return .alert
        case "AUTHENTICATIONFAILED": return .authenticationFailed
        case "READ-ONLY": return .readOnly
        case "READ-WRITE": return .readWrite
        case "TRYCREATE": return .tryCreate
        case "CAPABILITY": return .capability(arguments.compactMap(\.atom))
        case "PERMANENTFLAGS": return .permanentFlags(arguments.first?.list?.compactMap(\.atom) ?? [])
        case "UIDNEXT" where numbers.count == 1 && arguments.count == 1: return .uidNext(numbers[0])
        case "UIDVALIDITY" where numbers.count == 1 && arguments.count == 1: return .uidValidity(numbers[0])
        case "UNSEEN" where numbers.count == 1 && arguments.count == 1: return .unseen(numbers[0])
        case "APPENDUID" where numbers.count == 2 && arguments.count == 2:
            return .appendUID(uidValidity: numbers[0], uid: numbers[1])
        default: return .other(name, arguments)
        }
    }
}
