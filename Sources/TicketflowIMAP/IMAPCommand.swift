// Encodes client commands (RFC 3501 section 9). Strings go quoted when they can and as synchronizing literals
// when they must (CR, LF, NUL, 8-bit bytes, or very long), so a password with a quote, backslash or accent is
// sent exactly. A command with literals is sent in pieces: after each `{n}` the client waits for the server's
// `+` before sending the literal's bytes.

/// One argument of a command.
public enum IMAPArgument: Sendable, Hashable {
    /// Sent as is: atoms, sequence sets, parenthesised item lists (`(UID FLAGS)`, `5:*`).
    case raw(String)
    /// A string, quoted or as a literal as its bytes require (user names, passwords, search text).
    case string(String)
    /// Bytes always sent as a literal (an APPENDed message).
    case literal([UInt8])
    /// A mailbox name, in IMAP's modified UTF-7 (RFC 3501 section 5.1.3), then quoted.
    case mailbox(String)
}

/// A command ready to send, with a summary for errors and logs that never holds a secret.
public struct IMAPCommand: Sendable, Hashable {
    /// The command name, such as `UID FETCH`.
    public var name: String
    /// The arguments after the name.
    public var arguments: [IMAPArgument]
    /// What errors show: by default the name and the non-string arguments; LOGIN passes its own.
    public var summary: String

    /// Makes a command; `summary` defaults to the name with its raw and mailbox arguments.
    public init(_ name: String, _ arguments: [IMAPArgument] = [], summary: String? = nil) {
        self.name = name
        self.arguments = arguments
        self.summary =
            summary
            ?? ([name]
            + arguments.compactMap {
                switch $0 {
                case .raw(let text), .mailbox(let text): return text
                case .string, .literal: return nil
                }
            }).joined(separator: " ")
    }

    /// The bytes to send with `tag`, cut after each literal announcement: send piece 0, then for each further
    /// piece wait for a continuation request (`+ ...`) before sending it.
    public func encoded(tag: String) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var current = Array("\(tag) \(name)".utf8)
        for argument in arguments {
            current.append(UInt8(ascii: " "))
            switch argument {
            case .raw(let text):
                current += text.utf8
            case .mailbox(let name):
                current += Self.quoted(Array(IMAPModifiedUTF7.encode(name).utf8))
            case .string(let text):
                let bytes = Array(text.utf8)
                if Self.canQuote(bytes) {
                    current += Self.quoted(bytes)
                } else {
                    current += "{\(bytes.count)}\r\n".utf8
                    pieces.append(current)
                    current = bytes
                }
            case .literal(let bytes):
                current += "{\(bytes.count)}\r\n".utf8
                pieces.append(current)
                current = bytes
            }
        }
        current += [0x0D, 0x0A]
        pieces.append(current)
        return pieces
    }

    /// Whether `bytes` may go as a quoted string: 7-bit, no CR, LF or NUL, and short.
    static func canQuote(_ bytes: [UInt8]) -> Bool {
        bytes.count <= 1000 && bytes.allSatisfy { $0 >= 0x01 && $0 <= 0x7F && $0 != 0x0D && $0 != 0x0A }
    }

    /// `"..."` with `"` and `\` escaped.
    static func quoted(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { result.append(UInt8(ascii: "\\")) }
            result.append(byte)
        }
        result.append(UInt8(ascii: "\""))
        return result
    }
}

/// IMAP's modified UTF-7 for mailbox names (RFC 3501 section 5.1.3): `Entwürfe` is `Entw&APw-rfe`.
public enum IMAPModifiedUTF7 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)

    /// Encodes a mailbox name.
    public static func encode(_ name: String) -> String {
        var result: [UInt8] = []
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            let bytes = pending.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            result.append(UInt8(ascii: "&"))
            var index = 0
            while index < bytes.count {
                let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
                let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
                for position in 0...chunk.count { result.append(alphabet[(value >> (18 - 6 * position)) & 0x3F]) }
                index += 3
            }
            result.append(UInt8(ascii: "-"))
            pending = []
        }
        for unit in name.utf16 {
            if unit >= 0x20 && unit <= 0x7E {
                flush()
                result.append(UInt8(unit))
                if unit == UInt16(UInt8(ascii: "&")) { result.append(UInt8(ascii: "-")) }
            } else {
                pending.append(unit)
            }
        }
        flush()
        return String(decoding: result, as: UTF8.self)
    }
}
